import { randomBytes } from 'node:crypto';
import { validationError } from '../../../gateway/api/errors.js';

/** Where a resource lives: every ELBv2 resource is scoped by account and region (DESIGN §3). */
export interface Scope {
  accountId: string;
  region: string;
}

/** AWS resource ids are 16 lowercase hex characters. */
export function newId(): string {
  return randomBytes(8).toString('hex');
}

export type LoadBalancerType = 'application' | 'network' | 'gateway';

/** The type segment AWS puts in load balancer, listener and rule ARNs. */
const TYPE_SEGMENT: Record<LoadBalancerType, string> = { application: 'app', network: 'net', gateway: 'gwy' };

function prefix(scope: Scope): string {
  return `arn:aws:elasticloadbalancing:${scope.region}:${scope.accountId}`;
}

// ARN formats: Service Authorization Reference, "Resource types defined by Elastic Load Balancing V2".
export function loadBalancerArn(scope: Scope, type: LoadBalancerType, name: string, id: string): string {
  return `${prefix(scope)}:loadbalancer/${TYPE_SEGMENT[type]}/${name}/${id}`;
}

export function listenerArn(loadBalancerArn: string, id: string): string {
  return `${loadBalancerArn.replace(':loadbalancer/', ':listener/')}/${id}`;
}

export function ruleArn(listenerArn: string, id: string): string {
  return `${listenerArn.replace(':listener/', ':listener-rule/')}/${id}`;
}

export function targetGroupArn(scope: Scope, name: string, id: string): string {
  return `${prefix(scope)}:targetgroup/${name}/${id}`;
}

export function trustStoreArn(scope: Scope, name: string, id: string): string {
  return `${prefix(scope)}:truststore/${name}/${id}`;
}

export type ArnKind = 'loadbalancer' | 'listener' | 'listener-rule' | 'targetgroup' | 'truststore';

const NAME = '[A-Za-z0-9-]{1,32}';
const ID = '[0-9a-f]{16}';
const PATTERNS: Record<ArnKind, RegExp> = {
  loadbalancer: new RegExp(`^loadbalancer/(app|net|gwy)/${NAME}/${ID}$`),
  listener: new RegExp(`^listener/(app|net|gwy)/${NAME}/${ID}/${ID}$`),
  'listener-rule': new RegExp(`^listener-rule/(app|net|gwy)/${NAME}/${ID}/${ID}/${ID}$`),
  targetgroup: new RegExp(`^targetgroup/${NAME}/${ID}$`),
  truststore: new RegExp(`^truststore/${NAME}/${ID}$`),
};

const LABEL: Record<ArnKind, string> = {
  loadbalancer: 'load balancer',
  listener: 'listener',
  'listener-rule': 'listener rule',
  targetgroup: 'target group',
  truststore: 'trust store',
};

const ARN = /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):(\d{12}):(.+)$/;

/**
 * Checks that `arn` is a well-formed ELBv2 ARN of `kind`; a malformed one is a `ValidationError`
 * as on AWS ("'x' is not a valid load balancer ARN"). Returns whether it belongs to `scope`:
 * an ARN of another account or region names nothing the caller can see.
 */
export function checkArn(arn: string, kind: ArnKind, scope: Scope): boolean {
  const match = ARN.exec(arn);
  if (!match || !PATTERNS[kind].test(match[3])) throw validationError(`'${arn}' is not a valid ${LABEL[kind]} ARN`);
  return match[1] === scope.region && match[2] === scope.accountId;
}

/** Keeps the ARNs of `arns` that are well-formed (else throws) and belong to `scope`. */
export function arnsInScope(arns: readonly string[], kind: ArnKind, scope: Scope): string[] {
  return arns.filter((arn) => checkArn(arn, kind, scope));
}

/** The load balancer ARN a listener or rule ARN belongs to. */
export function loadBalancerArnOf(childArn: string): string {
  const [head, path] = childArn.split(/:(?=listener(?:-rule)?\/)/);
  const [, type, name, id] = path.split('/');
  return `${head}:loadbalancer/${type}/${name}/${id}`;
}
