import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import { checkCidr, checkMethod, checkQueryPair, requireValues, wildcardsIn } from './condition-fields.js';
import { patternCondition, type NormalizedCondition } from './condition-patterns.js';

const CONFIG_OF = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-header': 'HttpHeaderConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'query-string': 'QueryStringConfig',
  'source-ip': 'SourceIpConfig',
} as const;

type Field = keyof typeof CONFIG_OF;

/** RuleCondition: at most one each of these per rule; http-header and query-string may repeat. */
const ONCE: ReadonlySet<string> = new Set(['host-header', 'path-pattern', 'http-request-method', 'source-ip']);

/** ALB quotas "Condition values per rule" and "Condition wildcards per rule". */
export const MAX_CONDITION_VALUES = 5;
export const MAX_CONDITION_WILDCARDS = 5;

/**
 * Checks one condition and returns it as AWS describes it. Members of other fields are refused;
 * `Values` belongs to host-header and path-pattern only ("Specify only when Field is host-header
 * or path-pattern", RuleCondition API reference), `RegexValues` to those and http-header.
 */
function normalizeCondition(condition: RuleCondition): NormalizedCondition {
  const field = condition.Field as Field;
  if (!Object.hasOwn(CONFIG_OF, field ?? '')) {
    throw validationError(`The condition field '${condition.Field ?? ''}' must be one of '[${Object.keys(CONFIG_OF).join(', ')}]'`);
  }
  const configKey = CONFIG_OF[field];
  for (const key of Object.values(CONFIG_OF)) {
    if (key !== configKey && condition[key] !== undefined) throw validationError(`The '${key}' field is not compatible with '${field}'`);
  }
  if (field === 'host-header' || field === 'path-pattern' || field === 'http-header') {
    if (field === 'http-header' && condition.Values !== undefined) throw validationError("The 'Values' field is not compatible with 'http-header'");
    if (field === 'http-header' && condition.HttpHeaderConfig === undefined) throw validationError("A 'HttpHeaderConfig' must be specified with 'http-header'");
    return patternCondition(condition, field);
  }
  if (condition.Values !== undefined) throw validationError(`The 'Values' field is not compatible with '${field}'`);
  if (condition.RegexValues !== undefined) throw validationError(`The 'RegexValues' field is not compatible with '${field}'`);
  if (condition[configKey] === undefined) throw validationError(`A '${configKey}' must be specified with '${field}'`);
  switch (field) {
    case 'http-request-method': {
      const values = [...requireValues(condition.HttpRequestMethodConfig!.Values, field)];
      values.forEach(checkMethod);
      return { condition: { Field: field, HttpRequestMethodConfig: { Values: values } }, values: values.length, wildcards: 0 };
    }
    case 'query-string': {
      const pairs = requireValues(condition.QueryStringConfig!.Values, field).map((pair) => {
        checkQueryPair(pair);
        return pair.Key === undefined ? { Value: pair.Value } : { Key: pair.Key, Value: pair.Value };
      });
      const wildcards = pairs.reduce((n, p) => n + wildcardsIn(p.Key ?? '') + wildcardsIn(p.Value!), 0);
      return { condition: { Field: field, QueryStringConfig: { Values: pairs } }, values: pairs.length, wildcards };
    }
    default: {
      // SourceIpConditionConfig.IpAddressType matches on the address family in NLB rules only.
      if (condition.SourceIpConfig!.IpAddressType !== undefined) throw validationError("'IpAddressType' is supported only in source-ip conditions of Network Load Balancer rules");
      const values = [...requireValues(condition.SourceIpConfig!.Values, field)];
      values.forEach(checkCidr);
      return { condition: { Field: field, SourceIpConfig: { Values: values } }, values: values.length, wildcards: 0 };
    }
  }
}

/** Checks a rule's conditions against the per-rule limits and returns them as AWS describes them. */
export function normalizeConditions(conditions: readonly RuleCondition[]): RuleCondition[] {
  if (conditions.length === 0) throw validationError('A rule must have at least one condition');
  const seen = new Set<string>();
  let values = 0;
  let wildcards = 0;
  const out = conditions.map((raw) => {
    const normalized = normalizeCondition(raw);
    const field = normalized.condition.Field!;
    if (ONCE.has(field) && seen.has(field)) throw validationError(`A rule can only have one '${field}' condition`);
    seen.add(field);
    values += normalized.values;
    wildcards += normalized.wildcards;
    return normalized.condition;
  });
  if (values > MAX_CONDITION_VALUES) throw validationError(`A rule can only have '${MAX_CONDITION_VALUES}' condition values`);
  if (wildcards > MAX_CONDITION_WILDCARDS) throw validationError(`A rule can only have '${MAX_CONDITION_WILDCARDS}' wildcards`);
  return out;
}
