import type { QueryStringKeyValuePair, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';

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

const RE2_SPECIAL = /[\\.+*?()|[\]{}^$]/g;

/**
 * An ALB wildcard pattern as an anchored RE2 expression: `*` → `.*`, `?` → `.`, everything else
 * literal. With `escapes` (query strings only, API_QueryStringConditionConfig) `\*` and `\?` are a
 * literal `*` and `?`.
 */
export function wildcardRegex(pattern: string, escapes = false): string {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (escapes && char === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '?')) source += `\\${pattern[++i]}`;
    else if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(RE2_SPECIAL, '\\$&');
  }
  return `^${source}$`;
}

/** True when a query-string key uses a wildcard (an unescaped `*` or `?`). */
function hasWildcard(key: string): boolean {
  return /(^|[^\\])[*?]/.test(key);
}

/** Strips the `\*`/`\?` escapes of a literal key. */
function unescapeKey(key: string): string {
  return key.replace(/\\([*?])/g, '$1');
}

const values = (condition: RuleCondition, config?: { Values?: string[] }) => config?.Values ?? condition.Values ?? [];
const regexValues = (condition: RuleCondition, config?: { RegexValues?: string[] }) => config?.RegexValues ?? condition.RegexValues ?? [];

/**
 * Query-string pairs Traefik can match: `QueryRegexp` needs a literal key and compares it
 * case-sensitively. A pair without a key ("any parameter has this value") or with a wildcard key
 * has no Traefik matcher and is left out of the OR (see the README's Traefik limits).
 */
function queryMatchers(pairs: readonly QueryStringKeyValuePair[]): string[] {
  return pairs
    .filter((pair) => pair.Key !== undefined && pair.Key !== '' && !hasWildcard(pair.Key))
    .map((pair) => `QueryRegexp(${literal(unescapeKey(pair.Key!))}, ${literal(`(?i)${wildcardRegex(pair.Value ?? '', true)}`)})`);
}

/**
 * The matchers of one condition; its values are OR-ed. Host and header values compare
 * case-insensitively (`(?i)`), paths case-sensitively. `RegexValues` pass through as RE2 (AWS
 * forbids the lookarounds and back-references RE2 lacks); a host regex gets `(?i)` because
 * Traefik matches the lower-cased host. An empty list means the condition cannot be expressed.
 */
export function conditionMatchers(condition: RuleCondition): string[] {
  switch (condition.Field) {
    case 'host-header':
      return [
        ...values(condition, condition.HostHeaderConfig).map((v) => `HostRegexp(${literal(`(?i)${wildcardRegex(v)}`)})`),
        ...regexValues(condition, condition.HostHeaderConfig).map((re) => `HostRegexp(${literal(`(?i)${re}`)})`),
      ];
    case 'path-pattern':
      return [
        ...values(condition, condition.PathPatternConfig).map((v) => `PathRegexp(${literal(wildcardRegex(v))})`),
        ...regexValues(condition, condition.PathPatternConfig).map((re) => `PathRegexp(${literal(re)})`),
      ];
    case 'http-header': {
      const name = condition.HttpHeaderConfig?.HttpHeaderName;
      if (!name) return [];
      return [
        ...values(condition, condition.HttpHeaderConfig).map((v) => `HeaderRegexp(${literal(name)}, ${literal(`(?i)${wildcardRegex(v)}`)})`),
        ...regexValues(condition, condition.HttpHeaderConfig).map((re) => `HeaderRegexp(${literal(name)}, ${literal(re)})`),
      ];
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
