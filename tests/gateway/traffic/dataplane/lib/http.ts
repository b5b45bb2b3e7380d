import { randomBytes } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SendOptions {
  host?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  timeoutMs?: number;
}

/** One HTTP/1.1 request to 127.0.0.1:`port` on a fresh connection, with the Host header chosen freely. */
export function send(port: number, path: string, options: SendOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path,
      method: options.method ?? 'GET',
      headers: { ...(options.host ? { host: options.host } : {}), ...options.headers },
      agent: false,
      timeout: options.timeoutMs ?? 10_000,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`request to :${port}${path} timed out`)));
    req.on('error', reject);
    const body = options.body;
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}

/** The target that answered (targets answer JSON naming themselves). */
export async function targetOf(port: number, path = '/', options: SendOptions = {}): Promise<string> {
  const answer = await send(port, path, options);
  if (answer.status !== 200) throw new Error(`expected 200 from :${port}${path}, got ${answer.status}: ${answer.body}`);
  return (JSON.parse(answer.body) as { target: string }).target;
}

/** Polls `check` every 20 ms until it returns true; returns the milliseconds it took. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check().catch(() => false)) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A WebSocket round trip by hand (RFC 6455): handshake through `port`, one masked text frame
 * out, the echoed frame back. Answers the upgrade's status, headers and the echoed text.
 */
export function webSocketEcho(port: number, host: string, text: string): Promise<{ status: number; headers: IncomingHttpHeaders; echoed: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/ws',
      headers: { host, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64') },
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    req.on('upgrade', (res, socket) => {
      const payload = Buffer.from(text);
      const mask = randomBytes(4);
      const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
      socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length >= 2 && buffered.length >= 2 + buffered[1]) {
          socket.destroy();
          resolve({ status: res.statusCode!, headers: res.headers, echoed: buffered.subarray(2, 2 + buffered[1]).toString() });
        }
      });
      socket.on('error', reject);
    });
    req.end();
  });
}
