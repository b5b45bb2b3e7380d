import { isDeepStrictEqual } from 'node:util';
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import { checkHeader, checkHost, checkPath, checkRegex, requireValues, wildcardsIn } from './condition-fields.js';

/** A checked condition with what it adds to the rule's quotas. */
export interface NormalizedCondition {
  condition: RuleCondition;
  values: number;
  wildcards: number;
}

export type PatternField = 'host-header' | 'path-pattern' | 'http-header';

const CONFIG = { 'host-header': 'HostHeaderConfig', 'path-pattern': 'PathPatternConfig', 'http-header': 'HttpHeaderConfig' } as const;

/** A value given in two places (top-level and *Config) must be the same in both. */
function agreeing(field: string, member: string, top: string[] | undefined, inConfig: string[] | undefined): string[] | undefined {
  if (top !== undefined && inConfig !== undefined && !isDeepStrictEqual(top, inConfig)) {
    throw validationError(`The '${member}' and '${CONFIG[field as PatternField]}.${member}' of a '${field}' condition must be the same when both are specified`);
  }
  return inConfig ?? top;
}

/**
 * host-header, path-pattern and http-header: wildcard `Values` or `RegexValues`, not both.
 * host-header and path-pattern also take the legacy top-level `Values` (one value, RuleCondition
 * API reference) and are described with both forms, as AWS does; http-header only with its Config.
 */
export function patternCondition(condition: RuleCondition, field: PatternField): NormalizedCondition {
  const key = CONFIG[field];
  const config = condition[key] as { HttpHeaderName?: string; Values?: string[]; RegexValues?: string[] } | undefined;
  if (condition.Values !== undefined && config?.Values === undefined && condition.Values.length > 1) {
    throw validationError(`The '${field}' field contains too many values; the limit is '1'`);
  }
  const plain = agreeing(field, 'Values', condition.Values, config?.Values);
  const regex = agreeing(field, 'RegexValues', condition.RegexValues, config?.RegexValues);
  if (plain?.length && regex?.length) throw validationError(`A '${field}' condition can have Values or RegexValues, not both`);
  const member = regex?.length ? 'RegexValues' : 'Values';
  const values = [...requireValues(regex?.length ? regex : plain, field)];
  if (member === 'RegexValues') values.forEach((value) => checkRegex(field, value));
  else if (field === 'host-header') values.forEach(checkHost);
  else if (field === 'path-pattern') values.forEach(checkPath);
  if (field === 'http-header') checkHeader(config?.HttpHeaderName, member === 'Values' ? values : []);
  const wildcards = member === 'Values' ? values.reduce((n, v) => n + wildcardsIn(v), 0) : 0;
  const described: RuleCondition = field === 'http-header'
    ? { Field: field, HttpHeaderConfig: { HttpHeaderName: config!.HttpHeaderName, [member]: values } }
    : { Field: field, [member]: values, [key]: { [member]: values } };
  return { condition: described, values: values.length, wildcards };
}
