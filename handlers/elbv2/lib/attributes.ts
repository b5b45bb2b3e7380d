import type { LoadBalancerAttribute } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';

/** One attribute key: its default and how a new value is checked (an error message, or undefined). */
export interface AttributeSpec {
  default: string;
  check(value: string): string | undefined;
  /**
   * A kecs-lb extension AWS does not have for this kind of resource: accepted when set, but left
   * out of the defaults, so Describe*Attributes answers exactly AWS's keys until someone sets it.
   */
  extension?: true;
}

export type AttributeSpecs = Readonly<Record<string, AttributeSpec>>;

export function booleanAttribute(fallback: 'true' | 'false'): AttributeSpec {
  return { default: fallback, check: (v) => (v === 'true' || v === 'false' ? undefined : 'must be true or false') };
}

export function integerAttribute(fallback: number, min: number, max: number): AttributeSpec {
  return {
    default: String(fallback),
    check: (v) => (/^\d{1,10}$/.test(v) && Number(v) >= min && Number(v) <= max ? undefined : `must be an integer between ${min} and ${max}`),
  };
}

export function enumAttribute(fallback: string, values: readonly string[]): AttributeSpec {
  return { default: fallback, check: (v) => (values.includes(v) ? undefined : `must be one of ${values.join(', ')}`) };
}

export function textAttribute(fallback = ''): AttributeSpec {
  return { default: fallback, check: (v) => (v.length <= 1024 ? undefined : 'must be at most 1024 characters') };
}

/** Every key of `specs` at its default, extensions excepted (they appear once set). */
export function defaultAttributes(specs: AttributeSpecs): Record<string, string> {
  return Object.fromEntries(Object.entries(specs).filter(([, spec]) => !spec.extension).map(([key, spec]) => [key, spec.default]));
}

/**
 * Whose attribute a key is, as AWS's "not recognized" message names it: "Load balancer attribute
 * key 'routing.http.desync_mitigation_mode' is not recognized" (AWS's text, quoted in
 * terraform-provider-aws internal/service/elbv2/load_balancer.go), "Target group attribute key
 * 'x' is not recognized". Listener attributes keep "The attribute key" (AWS's text unknown).
 */
export type AttributeOwner = 'Load balancer' | 'Target group' | 'The';

/**
 * Applies `changes` to `current`. A key AWS does not know is rejected with a message Terraform's
 * retry matches to drop the key and try again (`attribute key ('|")?([^'" ]+)('|")? is not
 * (recognized|supported)`, terraform-provider-aws internal/service/elbv2/load_balancer.go).
 */
export function applyAttributes(
  specs: AttributeSpecs,
  current: Readonly<Record<string, string>>,
  changes: readonly LoadBalancerAttribute[],
  owner: AttributeOwner = 'The',
): Record<string, string> {
  const next = { ...current };
  for (const { Key, Value } of changes) {
    const key = Key ?? '';
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    if (!spec) throw validationError(`${owner} attribute key '${key}' is not recognized`);
    const value = Value ?? '';
    const problem = spec.check(value);
    if (problem) throw validationError(`The value of attribute '${key}' ${problem}, got '${value}'`);
    next[key] = value;
  }
  return next;
}

/** The `Attributes` list of a Describe*Attributes answer, in key order. */
export function attributeList(attributes: Readonly<Record<string, string>>): Array<{ Key: string; Value: string }> {
  return Object.keys(attributes).sort().map((Key) => ({ Key, Value: attributes[Key] }));
}
