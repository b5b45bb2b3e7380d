import type { RedirectActionConfig } from '@aws-sdk/client-elastic-load-balancing-v2';

/** The parts of the original request the reserved keywords stand for. */
export interface OriginalUrl {
  /** `http` or `https`. */
  protocol: string;
  host: string;
  port: number;
  /** The path as received, with its leading `/`. */
  path: string;
  /** The query string as received, without `?`. */
  query: string;
}

export interface Redirect {
  status: 301 | 302;
  location: string;
}

const KEYWORDS = /#\{(protocol|host|port|path|query)\}/g;

/**
 * A redirect action (API_RedirectActionConfig): each component left unset keeps the original
 * value (`#{protocol}`, `#{host}`, `#{port}`, `/#{path}`, `#{query}`); `#{path}` is the original
 * path without its leading `/`; the query gets its `?` added only when it is not empty. ALB
 * writes the port into Location even when it is the scheme's default
 * (`https://example.com:443/…`), and so do we.
 */
export function redirectTo(config: RedirectActionConfig, original: OriginalUrl): Redirect {
  const values: Record<string, string> = {
    protocol: original.protocol.toLowerCase(),
    host: original.host,
    port: String(original.port),
    path: original.path.replace(/^\//, ''),
    query: original.query,
  };
  const fill = (template: string) => template.replace(KEYWORDS, (_, name: string) => values[name]);
  const protocol = fill(config.Protocol ?? '#{protocol}').toLowerCase();
  const host = fill(config.Host ?? '#{host}');
  const port = fill(config.Port ?? '#{port}');
  let path = fill(config.Path ?? '/#{path}');
  if (!path.startsWith('/')) path = `/${path}`;
  const query = fill(config.Query ?? '#{query}');
  return {
    status: config.StatusCode === 'HTTP_301' ? 301 : 302,
    location: `${protocol}://${host}:${port}${path}${query ? `?${query}` : ''}`,
  };
}
