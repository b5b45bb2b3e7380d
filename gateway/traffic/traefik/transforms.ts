import type { RewriteConfig, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { compileRewrite, rewritesOf } from '../route-table/rewrite.js';
import type { RoutedRule } from '../route-table/route-table.js';
import { confinedToPath } from './path-confined.js';
import type { HttpMiddleware } from './types.js';

// A forward rule's transforms as Traefik middlewares, where Traefik can do exactly what the
// embedded data plane does (dataplane/transforms.ts). Where it cannot, no middleware is made and
// the request reaches the target unrewritten (the README's Traefik table says which).
//
// - url-rewrite → `replacePathRegex` (Traefik docs, middlewares/http/replacepathregex; code
//   pkg/middlewares/replacepathregex): Go regexp, `$1` expanded as the data plane expands it, but
//   run on the escaped path only, every match replaced, regex and replacement trimmed, an empty
//   replacement meaning "do nothing", and a `?` in the result escaped as `%3F`. Exact when the
//   regex is confined to the path (path-confined.ts) and the replacement is a path: non-empty,
//   starting with `/`, without `?` or `#`, without surrounding spaces.
// - host-header-rewrite → `headers.customRequestHeaders.Host` (pkg/middlewares/headers/header.go
//   sets `req.Host` from it; services pass the host on), a fixed value: exact when the result does
//   not depend on the request — the rule's host-header condition names one host without wildcards
//   (its rewrite is computed here), or the regex takes the whole host (`.*`, anchored or not) and
//   the replacement uses no group.

/** The one host a rule's conditions admit, lower-cased; undefined when they admit several or any. */
function pinnedHost(conditions: readonly RuleCondition[]): string | undefined {
  const condition = conditions.find((c) => c.Field === 'host-header');
  if (!condition) return undefined;
  const values = condition.HostHeaderConfig?.Values ?? condition.Values ?? [];
  const regexes = condition.HostHeaderConfig?.RegexValues ?? condition.RegexValues ?? [];
  if (values.length !== 1 || regexes.length > 0 || /[*?]/.test(values[0])) return undefined;
  return values[0].toLowerCase();
}

/** Characters a rewritten Host may have (dataplane/transforms.ts refuses others with a 500). */
const HOST = /^[A-Za-z0-9\-._~!$&'()*+,;=%:[\]]+$/;

/** The fixed Host every request of this rule gets, or undefined when there is none. */
function staticHost(rewrite: RewriteConfig, conditions: readonly RuleCondition[]): string | undefined {
  const regex = rewrite.Regex ?? '';
  const replace = rewrite.Replace ?? '';
  let result: string | undefined;
  const host = pinnedHost(conditions);
  if (host !== undefined) result = compileRewrite(rewrite)(host);
  else if (/^\^?\(?\.\*\)?\$?$/.test(regex) && !replace.includes('$')) result = replace;
  return result !== undefined && HOST.test(result) ? result : undefined;
}

/** The replacePathRegex that does what the url-rewrite does, or undefined when none does exactly. */
function pathRewrite(rewrite: RewriteConfig): { regex: string; replacement: string } | undefined {
  const regex = rewrite.Regex ?? '';
  const replacement = rewrite.Replace ?? '';
  if (regex !== regex.trim() || !confinedToPath(regex)) return undefined;
  if (replacement !== replacement.trim() || !replacement.startsWith('/') || /[?#]/.test(replacement)) return undefined;
  return { regex, replacement };
}

/**
 * The middlewares of a forward rule's transforms, by name (`<rule key>-host-rewrite`,
 * `<rule key>-url-rewrite`), in chain order; empty when it has none Traefik can express.
 */
export function transformMiddlewares(rule: RoutedRule, key: string): Array<[string, HttpMiddleware]> {
  const { host, url } = rewritesOf(rule.transforms ?? []);
  const middlewares: Array<[string, HttpMiddleware]> = [];
  const fixedHost = host && staticHost(host, rule.conditions);
  if (fixedHost) middlewares.push([`${key}-host-rewrite`, { headers: { customRequestHeaders: { Host: fixedHost } } }]);
  const path = url && pathRewrite(url);
  if (path) middlewares.push([`${key}-url-rewrite`, { replacePathRegex: path }]);
  return middlewares;
}
