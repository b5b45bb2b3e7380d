import { RE2JS } from 're2js';

// Traefik compiles rule regexes with Go's regexp package (RE2 syntax), so the regexes of listener
// rules are checked and run with RE2 semantics everywhere: re2js is a pure-JavaScript port of
// RE2/J, itself a port of Go's regexp. JavaScript's RegExp accepts more (`\u00e9`, `[^]`, `\cA`,
// lookarounds, back-references…) and means other things by some of it; a regex Go rejects makes
// Traefik drop that router silently (reference/traefik.md §12).

/** A compiled RE2 expression; `test` searches unanchored, like Go's `MatchString`. */
export interface Re2 {
  test(input: string): boolean;
}

/** Compiles `source` (inline flags such as `(?i)` included) with RE2 semantics; throws if RE2 rejects it. */
export function compileRe2(source: string): Re2 {
  return RE2JS.compile(source);
}

/** Why RE2 rejects `source` (its parser's message), or undefined when it compiles. */
export function re2Error(source: string): string | undefined {
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
