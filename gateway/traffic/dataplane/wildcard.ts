/**
 * ALB match evaluations with wildcards ("Condition types for listener rules", ALB user guide):
 * `*` matches 0 or more characters, `?` exactly one, and the whole value must match.
 */
export interface WildcardOptions {
  caseInsensitive: boolean;
  /**
   * Query-string values only: `\*` and `\?` stand for a literal `*` and `?`
   * (API_QueryStringConditionConfig: "you must escape these characters in Values using a '\'").
   */
  escapes?: boolean;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/-]/g;

function literal(text: string): string {
  return text.replace(REGEX_SPECIAL, '\\$&');
}

/** Compiles one pattern to an anchored RegExp; `s` so `?` and `*` also cover unusual characters. */
export function wildcardRegExp(pattern: string, options: WildcardOptions): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (options.escapes && char === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '?')) {
      source += literal(pattern[++i]);
    } else if (char === '*') {
      source += '.*';
    } else if (char === '?') {
      source += '.';
    } else {
      source += literal(char);
    }
  }
  return new RegExp(`^${source}$`, options.caseInsensitive ? 'is' : 's');
}

/** True when any of the compiled patterns matches `value` (values inside a condition are OR-ed). */
export function anyMatches(patterns: readonly RegExp[], value: string): boolean {
  for (const pattern of patterns) if (pattern.test(value)) return true;
  return false;
}
