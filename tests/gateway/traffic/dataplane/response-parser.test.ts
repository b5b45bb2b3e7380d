import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MalformedResponse, type ResponseHead } from '../../../../gateway/traffic/dataplane/response-head.js';
import { ResponseParser } from '../../../../gateway/traffic/dataplane/response-parser.js';

interface Parsed {
  heads: ResponseHead[];
  body: string;
  ends: boolean[];
}

/** Parses `raw` fed in pieces of `step` bytes (1 = byte by byte, the hardest split). */
function parse(raw: string, step: number, options: { head?: boolean; close?: boolean } = {}): Parsed {
  const parsed: Parsed = { heads: [], body: '', ends: [] };
  const parser = new ResponseParser(options.head ?? false, {
    head: (head) => parsed.heads.push(head),
    body: (chunk) => { parsed.body += chunk.toString('latin1'); },
    end: (reusable) => parsed.ends.push(reusable),
  });
  const bytes = Buffer.from(raw, 'latin1');
  for (let i = 0; i < bytes.length; i += step) parser.feed(bytes.subarray(i, i + step));
  if (options.close) parser.closed();
  return parsed;
}

const STEPS = [1, 2, 3, 7, 1000];

describe('upstream response parser', () => {
  it('reads a Content-Length body at any split, keeping header names and order', () => {
    for (const step of STEPS) {
      const parsed = parse('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-A: 1\r\nContent-Length: 5\r\n\r\nhello', step);
      assert.deepEqual(parsed.heads, [{ status: 200, statusText: 'OK', headers: ['Content-Type', 'text/plain', 'X-A', '1', 'Content-Length', '5'] }]);
      assert.equal(parsed.body, 'hello');
      assert.deepEqual(parsed.ends, [true]);
    }
  });

  it('marks the piece that completes a Content-Length body as the last, and only that one', () => {
    for (const step of STEPS) {
      const lasts: boolean[] = [];
      const order: string[] = [];
      const parser = new ResponseParser(false, {
        head: () => order.push('head'),
        body: (_, last) => { lasts.push(last); order.push('body'); },
        end: () => order.push('end'),
      });
      const bytes = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', 'latin1');
      for (let i = 0; i < bytes.length; i += step) parser.feed(bytes.subarray(i, i + step));
      assert.deepEqual(lasts, [...Array(lasts.length - 1).fill(false), true]);
      assert.equal(order.at(-1), 'end');
    }
    const chunked: boolean[] = [];
    const parser = new ResponseParser(false, { head: () => undefined, body: (_, last) => chunked.push(last), end: () => undefined });
    parser.feed(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'));
    assert.deepEqual(chunked, [false]);
  });

  it('decodes chunked bodies with extensions and trailers at any split', () => {
    const raw = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: t\r\n\r\n';
    for (const step of STEPS) {
      const parsed = parse(raw, step);
      assert.equal(parsed.body, 'hello, world!!!');
      assert.deepEqual(parsed.ends, [true]);
    }
  });

  it('skips 1xx interim responses', () => {
    const parsed = parse('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n', 1);
    assert.deepEqual(parsed.heads.map((h) => h.status), [201]);
    assert.deepEqual(parsed.ends, [true]);
  });

  it('has no body for HEAD, 204 and 304 whatever Content-Length says', () => {
    assert.deepEqual(parse('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n', 5, { head: true }).ends, [true]);
    assert.deepEqual(parse('HTTP/1.1 204 No Content\r\n\r\n', 5).ends, [true]);
    assert.deepEqual(parse('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n', 5).ends, [true]);
  });

  it('reads to the close without framing, and such a connection is not reused', () => {
    const parsed = parse('HTTP/1.1 200 OK\r\n\r\nuntil the end', 4, { close: true });
    assert.equal(parsed.body, 'until the end');
    assert.deepEqual(parsed.ends, [false]);
  });

  it('does not reuse a connection the target closes, or one that sent too much', () => {
    assert.deepEqual(parse('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx', 1000).ends, [false]);
    assert.deepEqual(parse('HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx', 1000).ends, [false]);
    assert.deepEqual(parse('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx', 1000).ends, [true]);
    assert.deepEqual(parse('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxEXTRA', 1000).ends, [false]);
  });

  it('refuses what is not HTTP/1.x, and truncated messages', () => {
    assert.throws(() => parse('SSH-2.0-OpenSSH\r\n\r\n', 1000), MalformedResponse);
    assert.throws(() => parse('HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n', 1000), MalformedResponse);
    assert.throws(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', 1000), MalformedResponse);
    assert.throws(() => parse('HTTP/1.1 200 OK\r\n folded\r\n\r\n', 1000), MalformedResponse);
    assert.throws(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 1000), MalformedResponse);
    assert.throws(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort', 1000, { close: true }), MalformedResponse);
    assert.throws(() => parse(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70 * 1024)}`, 1000), MalformedResponse);
  });
});
