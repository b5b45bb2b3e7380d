import { queryPattern, re2Expression, type ValuePattern } from '../route-table/condition-patterns.js';
import { compileRe2 } from '../route-table/re2.js';

/** A compiled condition value: true when it matches the whole fact (wildcards) or somewhere in it (regexes, as Go's MatchString). */
export type ValueTest = (value: string) => boolean;

/**
 * Compiles one condition value, once per route table. Wildcard patterns run on RegExp: their
 * source uses only constructs that mean the same there with `u` and `s` as in RE2 with `(?s)`
 * (route-table/condition-patterns.ts), and RegExp is about ten times faster than re2js on them.
 * `RegexValues` run on re2js with the very expression Traefik gets, so both data planes accept
 * the same regexes and match the same requests.
 */
export function compilePattern(pattern: ValuePattern): ValueTest {
  if (pattern.kind === 'wildcard') {
    const regExp = new RegExp(pattern.source, pattern.caseInsensitive ? 'isu' : 'su');
    return (value) => regExp.test(value);
  }
  const re2 = compileRe2(re2Expression(pattern));
  return (value) => re2.test(value);
}

/** A query-string key or value (ALB wildcards with `\*`/`\?` escapes, case-insensitive). */
export function compileQueryPattern(value: string): ValueTest {
  return compilePattern(queryPattern(value));
}

/** True when any of the compiled values matches (values inside a condition are OR-ed). */
export function anyMatches(tests: readonly ValueTest[], value: string): boolean {
  for (const test of tests) if (test(value)) return true;
  return false;
}
