/** A response status line and header section, names and values as the target sent them. */
export interface ResponseHead {
  status: number;
  statusText: string;
  /** Flat `[name, value, name, value, …]`, the form `ServerResponse.writeHead` accepts. */
  headers: string[];
}

/** How the body after a head is delimited (RFC 9112 §6.3). */
export type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

export interface ParsedHead {
  head: ResponseHead;
  framing: Framing;
  /** Whether the connection may carry another request afterwards. */
  reusable: boolean;
}

/** The target sent something that is not HTTP/1.x: the load balancer answers 502. */
export class MalformedResponse extends Error {}

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/;

/**
 * Parses a response head (the text before the blank line). Undefined for a 1xx interim response
 * (100 Continue, 103 Early Hints), which the real head follows. HEAD requests, 204 and 304 have
 * no body; Transfer-Encoding overrides Content-Length, and a body that is neither chunked nor
 * counted runs to the close of the connection.
 */
export function parseResponseHead(text: string, headRequest: boolean): ParsedHead | undefined {
  const lines = text.split('\r\n');
  const status = STATUS_LINE.exec(lines[0]);
  if (!status) throw new MalformedResponse(`bad status line '${lines[0].slice(0, 100)}'`);
  const code = Number(status[2]);
  const headers: string[] = [];
  let length: string | undefined;
  let encoding: string | undefined;
  let connection = '';
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    // No header folding (obsolete, RFC 9112 §5.2) and no nameless lines.
    if (colon <= 0 || lines[i][0] === ' ' || lines[i][0] === '\t') throw new MalformedResponse(`bad header line '${lines[i].slice(0, 100)}'`);
    const name = lines[i].slice(0, colon);
    const value = lines[i].slice(colon + 1).trim();
    const lower = name.toLowerCase();
    if (lower === 'content-length') {
      if (length !== undefined && length !== value) throw new MalformedResponse('conflicting Content-Length headers');
      length = value;
    } else if (lower === 'transfer-encoding') {
      encoding = value;
    } else if (lower === 'connection') {
      connection += `${value.toLowerCase()},`;
    }
    headers.push(name, value);
  }
  if (code < 200) return undefined;
  const head = { status: code, statusText: status[3] ?? '', headers };
  const reusable = !connection.includes('close') && (status[1] === '1' || connection.includes('keep-alive'));
  if (headRequest || code === 204 || code === 304) return { head, framing: { kind: 'none' }, reusable };
  if (encoding !== undefined) {
    return /(?:^|,)\s*chunked\s*$/i.test(encoding)
      ? { head, framing: { kind: 'chunked' }, reusable }
      : { head, framing: { kind: 'close' }, reusable: false };
  }
  if (length === undefined) return { head, framing: { kind: 'close' }, reusable: false };
  if (!/^\d{1,15}$/.test(length)) throw new MalformedResponse(`bad Content-Length '${length}'`);
  return { head, framing: { kind: 'length', length: Number(length) }, reusable };
}
