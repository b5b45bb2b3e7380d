// Whether an ALB url-rewrite regex behaves the same on the path alone as on the path and query.
// ALB's regex sees `path?query` (dataplane/transforms.ts), Traefik's replacePathRegex sees the
// path only and keeps the query aside. The two agree when the regex is anchored at the start
// (`^`, no top-level `|`: one match at most, at 0) and can neither match a `?` nor test the end of
// the input (`$`, `\z`): its match then lies inside the path and is the same with or without a
// query after it (`\b`/`\B` see `?` as they see the end: a non-word character). This is a
// conservative reading of RE2 syntax: anything not understood here counts as not confined.

const QUESTION = 0x3f;

/** Escapes outside a class that neither match `?` nor test the end: classes \d \w \s, \b \B \A, control letters. */
const SAFE_ESCAPE = /^[dwsbBAtnrfva]$/;
/** POSIX classes without `?` (RE2 syntax: `[[:alpha:]]`). */
const SAFE_POSIX = new Set(['alnum', 'alpha', 'blank', 'cntrl', 'digit', 'lower', 'space', 'upper', 'word', 'xdigit']);
const PUNCTUATION = /^[!-/:-@[-`{-~]$/;

/** One character of a class as a code point, and where the class text goes on; undefined when not understood. */
function classChar(source: string, at: number): { code: number; next: number } | undefined {
  if (source[at] !== '\\') {
    const code = source.codePointAt(at)!;
    return { code, next: at + String.fromCodePoint(code).length };
  }
  const escaped = source[at + 1] ?? '';
  if (PUNCTUATION.test(escaped)) return { code: escaped.charCodeAt(0), next: at + 2 };
  const control: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, a: 7 };
  return escaped in control ? { code: control[escaped], next: at + 2 } : undefined;
}

/**
 * Reads the class starting at `source[start]` (`[`): whether it can match `?`, and where the
 * expression goes on; undefined when some part is not understood.
 */
function readClass(source: string, start: number): { matchesQuestion: boolean; next: number } | undefined {
  let at = start + 1;
  const negated = source[at] === '^';
  if (negated) at++;
  let hasQuestion = false;
  let first = true;
  while (at < source.length && (source[at] !== ']' || first)) {
    first = false;
    if (source.startsWith('[:', at)) {
      const end = source.indexOf(':]', at + 2);
      if (end < 0) return undefined;
      const name = source.slice(at + 2, end);
      if (name.startsWith('^') || !SAFE_POSIX.has(name)) hasQuestion = true;
      at = end + 2;
      continue;
    }
    if (source[at] === '\\' && /^[dwsDWS]$/.test(source[at + 1] ?? '')) {
      // \D \W \S hold `?`; \d \w \s do not.
      if (/[DWS]/.test(source[at + 1])) hasQuestion = true;
      at += 2;
      continue;
    }
    const low = classChar(source, at);
    if (!low) return undefined;
    at = low.next;
    let high = low.code;
    if (source[at] === '-' && source[at + 1] !== ']' && at + 1 < source.length) {
      const end = classChar(source, at + 1);
      if (!end) return undefined;
      high = end.code;
      at = end.next;
    }
    if (low.code <= QUESTION && QUESTION <= high) hasQuestion = true;
  }
  if (source[at] !== ']') return undefined;
  return { matchesQuestion: negated ? !hasQuestion : hasQuestion, next: at + 1 };
}

/** Group openers: `(?:`, `(?P<name>`, `(?<name>`, `(?flags:`, and flag settings `(?flags)`. */
const GROUP_OPENER = /^\(\?(?:P?<[A-Za-z0-9_]+>|[imsU-]*:|[imsU-]*\))/;

/** True when `source` (RE2) matches only at the start of its input, never a `?`, and never tests the end. */
export function confinedToPath(source: string): boolean {
  if (!source.startsWith('^')) return false;
  let depth = 0;
  let at = 1;
  while (at < source.length) {
    const char = source[at];
    if (char === '\\') {
      const escaped = source[at + 1] ?? '';
      if (!SAFE_ESCAPE.test(escaped) && (!PUNCTUATION.test(escaped) || escaped === '?')) return false;
      at += 2;
    } else if (char === '[') {
      const read = readClass(source, at);
      if (!read || read.matchesQuestion) return false;
      at = read.next;
    } else if (char === '(' && source[at + 1] === '?') {
      const opener = GROUP_OPENER.exec(source.slice(at))?.[0];
      // Multi-line mode would let `^` match after a newline: not worth reasoning about.
      if (!opener || /^\(\?[^:)]*m/.test(opener)) return false;
      if (!opener.endsWith(')')) depth++;
      at += opener.length;
    } else {
      if (char === '(') depth++;
      else if (char === ')') depth--;
      // A top-level alternative would not be anchored; `.` matches `?`; `$` tests the end.
      else if ((char === '|' && depth === 0) || char === '.' || char === '$') return false;
      at++;
    }
  }
  return true;
}
