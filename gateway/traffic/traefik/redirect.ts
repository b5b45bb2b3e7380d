import type { RedirectActionConfig } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { HttpMiddleware } from './types.js';

// A redirect action as Traefik `redirectRegex` middlewares (reference/traefik.md §4 "redirect").
// Traefik matches the regex against `scheme://Host/RequestURI` and expands `${n}` groups in the
// replacement (Go regexp.Expand: a literal `$` is written `$$`).

/** Host (a name or a bracketed IPv6 address) and optional port, then path without its `/`. */
const AUTHORITY_PATH = '^https?://([^/:?]+|\\[[^\\]]+\\])(?::\\d+)?/([^?]*)';

/** Any request: `${3}` is the query (possibly empty). */
const ANY = `${AUTHORITY_PATH}(?:\\?(.*))?$`;
/** Only requests with a non-empty query string. */
const WITH_QUERY = `${AUTHORITY_PATH}\\?(.+)$`;
/** Only requests without one (or with a bare `?`). */
const WITHOUT_QUERY = `${AUTHORITY_PATH}\\??$`;

const KEYWORDS = /#\{(protocol|host|port|path|query)\}/g;

/**
 * The middlewares of one redirect action, in chain order. `#{protocol}` and `#{port}` become the
 * listener's own protocol and port (kecs-lb knows them; the Host header may omit the port);
 * `#{host}`, `#{path}` (without its leading `/`) and `#{query}` become regex groups. ALB adds the
 * `?` only when the resulting query is not empty, which one regex cannot express when the query
 * uses `#{query}`: then two middlewares are chained, one for requests with a query and one for
 * requests without (a redirectRegex whose regex does not match passes the request on).
 *
 * Status: `permanent` gives 301 for GET (308 for other methods), otherwise 302 (307) —
 * Traefik's redirect.go; ALB answers 301/302 for every method.
 */
export function redirectMiddlewares(config: RedirectActionConfig, listener: { protocol: string; port: number }): HttpMiddleware[] {
  const templates = {
    protocol: config.Protocol ?? '#{protocol}',
    host: config.Host ?? '#{host}',
    port: config.Port ?? '#{port}',
    path: config.Path ?? '/#{path}',
    query: config.Query ?? '#{query}',
  };
  const permanent = config.StatusCode === 'HTTP_301';
  const render = (query: string) => {
    const groups: Record<string, string> = {
      protocol: listener.protocol.toLowerCase(),
      port: String(listener.port),
      host: '${1}',
      path: '${2}',
      query,
    };
    const fill = (template: string) => template.split(KEYWORDS).map((part, index) =>
      // String.split with a capturing group alternates literal text and keyword names.
      (index % 2 === 1 ? groups[part] : part.replaceAll('$', '$$$$'))).join('');
    const rendered = { protocol: fill(templates.protocol).toLowerCase(), host: fill(templates.host), port: fill(templates.port), path: fill(templates.path), query: fill(templates.query) };
    // ALB writes the port into Location even when it is the scheme's default.
    return `${rendered.protocol}://${rendered.host}:${rendered.port}${rendered.path}${rendered.query ? `?${rendered.query}` : ''}`;
  };
  const usesQuery = Object.values(templates).some((template) => template.includes('#{query}'));
  if (!usesQuery) return [{ redirectRegex: { regex: ANY, replacement: render(''), permanent } }];
  return [
    { redirectRegex: { regex: WITH_QUERY, replacement: render('${3}'), permanent } },
    { redirectRegex: { regex: WITHOUT_QUERY, replacement: render(''), permanent } },
  ];
}
