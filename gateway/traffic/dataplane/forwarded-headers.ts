import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { traceHeader } from './trace-id.js';

/** Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and are never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Copies `headers` without the hop-by-hop ones, including those the Connection header names. */
export function endToEnd(headers: IncomingHttpHeaders, keepUpgrade = false): OutgoingHttpHeaders {
  const named = headers.connection ? headers.connection.toLowerCase().split(',').map((n) => n.trim()) : [];
  const copy: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if (HOP_BY_HOP.has(name) || named.includes(name)) continue;
    copy[name] = headers[name];
  }
  // A WebSocket handshake needs both to reach the target ("Listeners for your ALB": WebSockets).
  if (keepUpgrade && headers.upgrade) {
    copy.connection = 'upgrade';
    copy.upgrade = headers.upgrade;
  }
  return copy;
}

/** A target's response headers (flat name/value list) without the hop-by-hop ones. */
export function responseHeaders(flat: readonly string[]): string[] {
  const named: string[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    if (flat[i].toLowerCase() === 'connection') named.push(...flat[i + 1].toLowerCase().split(',').map((n) => n.trim()));
  }
  const out: string[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const name = flat[i].toLowerCase();
    if (!HOP_BY_HOP.has(name) && !named.includes(name)) out.push(flat[i], flat[i + 1]);
  }
  return out;
}

export interface ForwardedFacts {
  clientIp: string;
  /** `http` (or `https` for a TLS listener). */
  protocol: string;
  /** The port the client connected to. */
  port: number;
  nowMs: number;
}

/**
 * The request headers a target receives ("HTTP headers and Application Load Balancers"): the
 * client's end-to-end headers with Host unchanged; X-Forwarded-For with the client address
 * appended (the default `append` processing mode); X-Forwarded-Proto and X-Forwarded-Port set
 * to what the client used; X-Amzn-Trace-Id added or extended.
 */
export function upstreamHeaders(headers: IncomingHttpHeaders, facts: ForwardedFacts, keepUpgrade = false): OutgoingHttpHeaders {
  const out = endToEnd(headers, keepUpgrade);
  const prior = headers['x-forwarded-for'];
  out['x-forwarded-for'] = prior ? `${prior}, ${facts.clientIp}` : facts.clientIp;
  out['x-forwarded-proto'] = facts.protocol;
  out['x-forwarded-port'] = String(facts.port);
  out['x-amzn-trace-id'] = traceHeader(headers['x-amzn-trace-id'] as string | undefined, facts.nowMs);
  return out;
}

/**
 * The request line and header section sent to a target. A request without Host (HTTP/1.0) gets
 * the target's address, as HTTP/1.1 requires one; a chunked body is re-framed by the proxy.
 */
export function requestHead(method: string, target: string, headers: OutgoingHttpHeaders, chunked: boolean, fallbackHost: string): string {
  let head = `${method} ${target} HTTP/1.1\r\n`;
  if (headers.host === undefined) head += `host: ${fallbackHost}\r\n`;
  for (const name in headers) {
    const value = headers[name];
    if (Array.isArray(value)) for (const item of value) head += `${name}: ${item}\r\n`;
    else if (value !== undefined) head += `${name}: ${value}\r\n`;
  }
  return `${head}${chunked ? 'transfer-encoding: chunked\r\n' : ''}\r\n`;
}
