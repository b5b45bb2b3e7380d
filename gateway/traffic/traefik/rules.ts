import type { QueryStringKeyValuePair, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { headerPatterns, hostPatterns, pathPatterns, queryPattern, re2Expression, type ValuePattern } from '../route-table/condition-patterns.js';

// ALB rule conditions as Traefik v3 rule expressions. Condition semantics: ALB user guide,
// "Condition types for listener rules"; matchers: Traefik docs, routing/rules-and-priority
// (reference/traefik.md §3).

/**
 * A Traefik rule string literal. Backticks take the text verbatim but cannot contain a backtick;
 * otherwise a Go double-quoted literal, whose escapes (`\"`, `\\`, `\u…`) JSON's are a subset of.
 */
export function literal(text: string): string {
  return text.includes('`') ? JSON.stringify(text) : `\`${text}\``;
}

/** True when a query-string key uses a wildcard (an unescaped `*` or `?`). */
function hasWildcard(key: string): boolean {
  return /(^|[^\\])[*?]/.test(key);
}

/** Strips the `\*`/`\?` escapes of a literal key. */
function unescapeKey(key: string): string {
  return key.replace(/\\([*?])/g, '$1');
}

const ASCII = /^[\x00-\x7f]*$/;
const values = (condition: RuleCondition, config?: { Values?: string[] }) => config?.Values ?? condition.Values ?? [];

/** A value's expression as a rule argument (route-table/condition-patterns.ts: the data plane runs the same). */
const regex = (pattern: ValuePattern) => literal(re2Expression(pattern));

/**
 * Query-string pairs Traefik can match: `QueryRegexp` needs a literal key and compares it
 * case-sensitively. A pair without a key ("any parameter has this value") or with a wildcard key
 * has no Traefik matcher and is left out of the OR (see the README's Traefik limits).
 */
function queryMatchers(pairs: readonly QueryStringKeyValuePair[]): string[] {
  return pairs
    .filter((pair) => pair.Key !== undefined && pair.Key !== '' && !hasWildcard(pair.Key))
    .map((pair) => `QueryRegexp(${literal(unescapeKey(pair.Key!))}, ${regex(queryPattern(pair.Value ?? ''))})`);
}

/**
 * The matchers of one condition; its values are OR-ed. Host and header wildcards compare
 * case-insensitively (`(?i)`), paths case-sensitively, and every wildcard lets `.` match a newline
 * (`(?s)`). `RegexValues` pass through as RE2 (the API accepts only what RE2 compiles); a host
 * regex gets `(?i)` because host names compare case-insensitively. An empty list means the
 * condition cannot be expressed.
 */
export function conditionMatchers(condition: RuleCondition): string[] {
  switch (condition.Field) {
    case 'host-header':
      // Traefik refuses a HostRegexp with non-ASCII text (matcher.go: "non-ASCII characters are
      // not allowed") and would drop the whole router; such a value can only meet a Host header
      // that is not valid HTTP anyway (names travel as punycode), so it is left out of the OR.
      return hostPatterns(condition).filter((pattern) => ASCII.test(pattern.source)).map((pattern) => `HostRegexp(${regex(pattern)})`);
    case 'path-pattern':
      return pathPatterns(condition).map((pattern) => `PathRegexp(${regex(pattern)})`);
    case 'http-header': {
      const name = condition.HttpHeaderConfig?.HttpHeaderName;
      if (!name) return [];
      return headerPatterns(condition).map((pattern) => `HeaderRegexp(${literal(name)}, ${regex(pattern)})`);
    }
    case 'http-request-method':
      return values(condition, condition.HttpRequestMethodConfig).map((v) => `Method(${literal(v)})`);
    case 'query-string':
      return queryMatchers(condition.QueryStringConfig?.Values ?? []);
    case 'source-ip':
      return values(condition, condition.SourceIpConfig).map((cidr) => `ClientIP(${literal(cidr)})`);
    default:
      return [];
  }
}

/**
 * A rule's conditions as the parts of one expression, to be AND-ed; each part ORs the values of
 * its condition. `undefined` when a condition has no expressible value: the rule could never
 * match in Traefik, so it gets no router (a request falls through to the next rule).
 */
export function conditionParts(conditions: readonly RuleCondition[]): string[] | undefined {
  const parts: string[] = [];
  for (const condition of conditions) {
    const matchers = conditionMatchers(condition);
    if (matchers.length === 0) return undefined;
    parts.push(matchers.length === 1 ? matchers[0] : `(${matchers.join(' || ')})`);
  }
  return parts;
}
