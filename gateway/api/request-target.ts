/**
 * The path and query of an HTTP request target (RFC 9112 §3.2), without ever throwing.
 * `new URL()` on a raw target is not safe: `//a:99999/` reads as a protocol-relative URL with an
 * invalid port and `http://[/` as a broken absolute URL, and the exception, thrown in a request
 * listener, ends the process. Origin-form targets are joined to a fixed origin so any path parses;
 * absolute-form targets are parsed as URLs; anything else (authority-form, asterisk-form, garbage)
 * is undefined and answered 400 by the caller.
 */
export function parseRequestTarget(target: string): URL | undefined {
  const absolute = target.startsWith('/') ? `http://request.invalid${target}` : target;
  if (!/^https?:\/\//i.test(absolute) || !URL.canParse(absolute)) return undefined;
  return new URL(absolute);
}
