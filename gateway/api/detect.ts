import type { HttpRequest } from '@smithy/protocol-http';
import { ServiceError } from './errors.js';
import type { ServiceDescriptor } from './service.js';

/** What the headers alone say about a request's service and caller. */
export interface CallerHints {
  /** `X-Amz-Target`, e.g. `AmazonEC2ContainerServiceV20141113.CreateService`. */
  target: string | undefined;
  /** The SigV4 credential scope's service, e.g. `elasticloadbalancing`. */
  signingName: string | undefined;
  region: string | undefined;
  accessKeyId: string | undefined;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export function header(request: HttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * Reads the service hints of DESIGN §2 from the headers: `X-Amz-Target`, then the credential
 * scope of the `Authorization` header or of a presigned URL's `X-Amz-Credential`.
 */
export function readHints(request: HttpRequest): CallerHints {
  const target = header(request, 'x-amz-target');
  const presigned = request.query?.['X-Amz-Credential'];
  const credential = header(request, 'authorization') ?? (typeof presigned === 'string' ? `Credential=${presigned}` : undefined);
  const match = credential ? CREDENTIAL.exec(credential) : null;
  return {
    target,
    accessKeyId: match?.[1],
    region: match?.[2],
    signingName: match?.[3],
  };
}

/** A 12-digit access key id is taken as the account id (LocalStack's convention). */
export function accountFrom(hints: CallerHints, fallback: string): string {
  return hints.accessKeyId && /^\d{12}$/.test(hints.accessKeyId) ? hints.accessKeyId : fallback;
}

/**
 * AWS region names: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-northwest-1`. Anything
 * else in a credential scope would create resources whose ARNs could never be parsed again.
 */
const REGION = /^[a-z]{2}(-[a-z]+){1,3}-\d{1,2}$/;

/**
 * The region of the call: the credential scope's, else `fallback`. A scope with a region AWS
 * could not have answers as AWS does ("Credential should be scoped to a valid region, not 'x'.",
 * quoted in aws/aws-sdk-js-v3#5576 and many SDK issues; AWS answers it as a signature error).
 */
export function regionFrom(hints: CallerHints, fallback: string): string {
  if (hints.region === undefined) return fallback;
  if (!REGION.test(hints.region)) {
    throw new ServiceError('SignatureDoesNotMatch', `Credential should be scoped to a valid region, not '${hints.region.slice(0, 64)}'.`, 403);
  }
  return hints.region;
}

/**
 * The query service a call without `Version` is for: the one candidate whose operations include
 * `action` as its own (not one of its `sharedOperations`). Any other Version-less call cannot be
 * told apart from another service's, and AWS query services refuse a call without `Version`:
 * `MissingParameter` (API reference, "Common Errors"; the wording follows MissingAction's).
 */
export function serviceOfVersionlessAction<T extends { descriptor: ServiceDescriptor }>(candidates: readonly T[], action: string): T {
  const owners = candidates.filter(({ descriptor }) => descriptor.operations.includes(action) && !descriptor.sharedOperations?.includes(action));
  if (owners.length === 1) return owners[0];
  throw new ServiceError('MissingParameter', 'The request must contain the parameter Version');
}
