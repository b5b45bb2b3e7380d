import { compileRe2 } from '../../../../gateway/traffic/route-table/re2.js';

// A checker of Traefik v3 rule expressions (reference/traefik.md §3): matchers with their arity,
// `&&`, `||`, `!` and parentheses, arguments as backtick or Go double-quoted literals. Regex
// arguments are compiled with RE2 (re2js, a port of Go's regexp), as Traefik compiles them: one
// Go rejects would make Traefik drop the router.

const ARITY: Record<string, [number, number]> = {
  Host: [1, 1], HostRegexp: [1, 1], Path: [1, 1], PathPrefix: [1, 1], PathRegexp: [1, 1],
  Header: [2, 2], HeaderRegexp: [2, 2], Method: [1, 1], Query: [1, 2], QueryRegexp: [1, 2], ClientIP: [1, 1],
  HostSNI: [1, 1], HostSNIRegexp: [1, 1], ALPN: [1, 1],
};

/** Which argument of a matcher is a regular expression. */
const REGEX_ARG: Record<string, number> = { HostRegexp: 0, PathRegexp: 0, HeaderRegexp: 1, QueryRegexp: 1, HostSNIRegexp: 0 };

const TOKEN = /\s*(&&|\|\||!|\(|\)|,|`[^`]*`|"(?:[^"\\]|\\.)*"|[A-Za-z]+)/y;

/** The tokens of a rule: operators, parentheses, commas, string literals and matcher names. */
export function tokenize(rule: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < rule.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(rule);
    if (!match) {
      if (rule.slice(at).trim() === '') break;
      throw new Error(`unexpected text at ${at}: ${rule.slice(at)}`);
    }
    tokens.push(match[1]);
  }
  return tokens;
}

/** The text of a backtick or Go double-quoted literal. */
export function unquote(token: string): string {
  if (token.startsWith('`')) return token.slice(1, -1);
  if (token.startsWith('"')) return JSON.parse(token) as string;
  throw new Error(`expected a string literal, got ${token}`);
}


/** Throws when `rule` is not a well-formed Traefik v3 rule; returns the matcher names used. */
export function checkRule(rule: string): string[] {
  const tokens = tokenize(rule);
  const used: string[] = [];
  let i = 0;
  const expect = (token: string) => {
    if (tokens[i] !== token) throw new Error(`expected ${token} at token ${i} of ${rule}`);
    i++;
  };
  const term = (): void => {
    if (tokens[i] === '!') i++;
    if (tokens[i] === '(') {
      i++;
      expression();
      expect(')');
      return;
    }
    const name = tokens[i++];
    if (!ARITY[name]) throw new Error(`unknown matcher ${name} in ${rule}`);
    expect('(');
    const args = [unquote(tokens[i++])];
    while (tokens[i] === ',') {
      i++;
      args.push(unquote(tokens[i++]));
    }
    expect(')');
    const [min, max] = ARITY[name];
    if (args.length < min || args.length > max) throw new Error(`${name} takes ${min}-${max} arguments, got ${args.length}`);
    if ((name === 'Host' || name === 'HostRegexp') && !/^[\x00-\x7f]*$/.test(args[0])) {
      throw new Error(`invalid value ${JSON.stringify(args[0])} for ${name} matcher, non-ASCII characters are not allowed`);
    }
    if (REGEX_ARG[name] !== undefined && args[REGEX_ARG[name]] !== undefined) compileRe2(args[REGEX_ARG[name]]);
    used.push(name);
  };
  const expression = (): void => {
    term();
    while (tokens[i] === '&&' || tokens[i] === '||') {
      i++;
      term();
    }
  };
  expression();
  if (i !== tokens.length) throw new Error(`trailing tokens in ${rule}`);
  return used;
}
