import type { QueryStringKeyValuePair } from '@aws-sdk/client-elastic-load-balancing-v2';
import { compileQueryPattern } from './patterns.js';

/** One `key=value` of a query string, percent-decoded. A bare `key` has the value ''. */
export interface QueryPair {
  key: string;
  value: string;
}

/**
 * Percent-decodes one component. `+` stays a plus: ALB documents RFC 3986 percent-encoding for
 * query strings (API_QueryStringConditionConfig), not HTML form encoding. A malformed escape is
 * kept as sent rather than failing the request.
 */
function decode(component: string): string {
  if (!component.includes('%')) return component;
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

export function parseQuery(raw: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (raw === '') return pairs;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    pairs.push(equals < 0
      ? { key: decode(part), value: '' }
      : { key: decode(part.slice(0, equals)), value: decode(part.slice(equals + 1)) });
  }
  return pairs;
}

/**
 * A query-string condition: satisfied when any of its key/value pairs is found in the query
 * string (values OR-ed). The key is optional — without it any parameter's value may match; key
 * and value compare case-insensitively with `*`/`?` wildcards and `\*`/`\?` escapes.
 */
export function queryMatcher(values: readonly QueryStringKeyValuePair[]): (pairs: QueryPair[]) => boolean {
  const compiled = values.map(({ Key, Value }) => ({
    key: Key === undefined || Key === '' ? undefined : compileQueryPattern(Key),
    value: compileQueryPattern(Value ?? ''),
  }));
  return (pairs) => pairs.some((pair) => compiled.some(({ key, value }) => (!key || key(pair.key)) && value(pair.value)));
}
