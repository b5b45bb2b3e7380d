import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';

// What each value of a host-header, path-pattern, http-header or query-string condition means as
// a regular expression — one definition for both data planes, so they cannot drift: Traefik gets
// `re2Expression(pattern)` in its rule, the embedded data plane compiles the same pattern
// (dataplane/patterns.ts). Condition semantics: ALB user guide, "Condition types for listener rules".

/**
 * One condition value as a regex. `wildcard`: an ALB match pattern turned into `source`, built
 * only from `^`, `$`, `.`, `.*`, `\`-escaped syntax characters and literal characters, which mean
 * the same in RE2 and in JavaScript's RegExp with the `u` and `s` flags (`.` is one code point,
 * newline included; `^`/`$` are the ends of the input; `\X` is a literal X) — so the data plane
 * may run it on RegExp. `regex`: a `RegexValues` entry, run on RE2 everywhere.
 */
export interface ValuePattern {
  kind: 'wildcard' | 'regex';
  source: string;
  caseInsensitive: boolean;
}

/** JavaScript and RE2 both accept these escaped in any position (ECMAScript's SyntaxCharacter). */
const SYNTAX = /[\\^$.*+?()[\]{}|]/g;

/**
 * An ALB wildcard pattern as an anchored expression: `*` → `.*` (zero or more characters), `?` →
 * `.` (exactly one), everything else literal. With `escapes` (query strings only,
 * API_QueryStringConditionConfig) `\*` and `\?` are a literal `*` and `?`.
 */
export function wildcardSource(pattern: string, escapes = false): string {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (escapes && char === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '?')) source += `\\${pattern[++i]}`;
    else if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(SYNTAX, '\\$&');
  }
  return `^${source}$`;
}

/**
 * The pattern as one RE2 expression with its flags inline, as Traefik compiles it. Wildcards get
 * `(?s)`: ALB's `*` and `?` match any character, but Go's `.` skips `\n`, and Traefik matches the
 * decoded path and query values, where `%0A` is a newline. `RegexValues` keep RE2's meaning of
 * `.` (as written); host regexes get `(?i)` because host names compare case-insensitively.
 */
export function re2Expression(pattern: ValuePattern): string {
  const flags = (pattern.caseInsensitive ? 'i' : '') + (pattern.kind === 'wildcard' ? 's' : '');
  return flags ? `(?${flags})${pattern.source}` : pattern.source;
}

const wildcards = (values: readonly string[], caseInsensitive: boolean): ValuePattern[] =>
  values.map((value) => ({ kind: 'wildcard', source: wildcardSource(value), caseInsensitive }));
const regexes = (values: readonly string[], caseInsensitive: boolean): ValuePattern[] =>
  values.map((source) => ({ kind: 'regex', source, caseInsensitive }));

/** The `*Config` form wins over the legacy top-level members, as the API stores both alike. */
const pick = (inConfig: string[] | undefined, top: string[] | undefined): string[] => inConfig ?? top ?? [];

/** host-header: values and regexes case-insensitive. */
export function hostPatterns(condition: RuleCondition): ValuePattern[] {
  const config = condition.HostHeaderConfig;
  return [...wildcards(pick(config?.Values, condition.Values), true), ...regexes(pick(config?.RegexValues, condition.RegexValues), true)];
}

/** path-pattern: case-sensitive. */
export function pathPatterns(condition: RuleCondition): ValuePattern[] {
  const config = condition.PathPatternConfig;
  return [...wildcards(pick(config?.Values, condition.Values), false), ...regexes(pick(config?.RegexValues, condition.RegexValues), false)];
}

/** http-header: wildcard values case-insensitive, regexes as written. */
export function headerPatterns(condition: RuleCondition): ValuePattern[] {
  const config = condition.HttpHeaderConfig;
  return [...wildcards(config?.Values ?? [], true), ...regexes(pick(config?.RegexValues, condition.RegexValues), false)];
}

/** A query-string key or value: case-insensitive, with `\*`/`\?` escapes. */
export function queryPattern(value: string): ValuePattern {
  return { kind: 'wildcard', source: wildcardSource(value, true), caseInsensitive: true };
}
