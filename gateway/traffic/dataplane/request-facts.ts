import type { IncomingMessage } from 'node:http';
import type { QueryPair } from './query-string.js';

/** What listener rules look at in a request, extracted once (pure data, so the matcher is testable). */
export interface RequestFacts {
  /** Host header without its port, lower-case (host names compare case-insensitively). */
  host: string;
  /** The path of the request target as sent (not decoded), without the query string. */
  path: string;
  /** The query string without its `?`, as sent; '' when there is none. */
  rawQuery: string;
  method: string;
  /** Header lines by lower-case name, in the order received (node's `headersDistinct`). */
  headers: Record<string, string[] | undefined>;
  /** The client address of the TCP connection; X-Forwarded-For is not considered, as on ALB. */
  sourceIp: string;
  /** Filled by the first query-string condition that needs it. */
  queryPairs?: QueryPair[];
}

/** `example.com:8080` → `example.com`, `[::1]:80` → `::1`; lower-cased. */
export function hostOf(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  const host = hostHeader.startsWith('[')
    ? hostHeader.slice(1, Math.max(1, hostHeader.indexOf(']')))
    : hostHeader.split(':', 1)[0];
  return host.toLowerCase();
}

/** Splits a request target (origin form, or absolute form through a proxy) into path and query. */
export function splitTarget(target: string): { path: string; query: string } {
  let start = 0;
  if (!target.startsWith('/')) {
    const scheme = target.indexOf('://');
    if (scheme >= 0) {
      const slash = target.indexOf('/', scheme + 3);
      start = slash < 0 ? target.length : slash;
    }
  }
  const hash = target.indexOf('#', start);
  const end = hash < 0 ? target.length : hash;
  const question = target.indexOf('?', start);
  if (question < 0 || question > end) return { path: target.slice(start, end) || '/', query: '' };
  return { path: target.slice(start, question) || '/', query: target.slice(question + 1, end) };
}

/** IPv4 clients on a dual-stack socket appear as `::ffff:a.b.c.d`; CIDRs are written for `a.b.c.d`. */
export function clientIp(remoteAddress: string | undefined): string {
  if (!remoteAddress) return '';
  return remoteAddress.startsWith('::ffff:') && remoteAddress.includes('.') ? remoteAddress.slice(7) : remoteAddress;
}

/**
 * The facts of a node request. `headers` is node's `headersDistinct`, which builds a fresh object
 * of arrays on every read: it is fetched only when a header condition asks, once, as most
 * listeners have no such condition and this runs for every request.
 */
class NodeRequestFacts implements RequestFacts {
  readonly host: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly method: string;
  readonly sourceIp: string;
  queryPairs?: QueryPair[];
  private distinct: Record<string, string[] | undefined> | undefined;

  constructor(private readonly request: IncomingMessage) {
    const { path, query } = splitTarget(request.url ?? '/');
    this.host = hostOf(request.headers.host);
    this.path = path;
    this.rawQuery = query;
    this.method = request.method ?? 'GET';
    this.sourceIp = clientIp(request.socket.remoteAddress);
  }

  get headers(): Record<string, string[] | undefined> {
    return (this.distinct ??= this.request.headersDistinct);
  }
}

export function factsOf(request: IncomingMessage): RequestFacts {
  return new NodeRequestFacts(request);
}
