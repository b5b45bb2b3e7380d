import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { createSecureServer, createServer, type Http2Server, type Http2SecureServer, type ServerHttp2Stream } from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { parseCodes } from '../../../handlers/elbv2/lib/matcher.js';
import type { Matcher } from '../../../handlers/scheduled/lib/matcher.js';
import { probe } from '../../../handlers/scheduled/lib/probe.js';
import type { ProbeSpec } from '../../../handlers/scheduled/lib/probe-base.js';
import { freePort } from '../../support/server.js';
import { CERT, garbageTarget, hangTarget, httpTarget, KEY, resetTarget, type HttpTarget } from './probe-targets.js';

const codes = (text: string) => parseCodes(text)!;
const HTTP_200: Matcher = { kind: 'http', codes: codes('200') };
const spec = (port: number, overrides: Partial<ProbeSpec> = {}): ProbeSpec =>
  ({ protocol: 'HTTP', host: '127.0.0.1', port, path: '/health', timeoutMs: 2000, matcher: HTTP_200, ...overrides });

async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work;
  return [value, performance.now() - started];
}

describe('probes', () => {
  let ok: HttpTarget;
  let failing: HttpTarget;
  let secure: HttpTarget;
  before(async () => {
    [ok, failing, secure] = await Promise.all([httpTarget(200), httpTarget(500), httpTarget(200, { tls: true })]);
  });
  after(() => Promise.all([ok.stop(), failing.stop(), secure.stop()]));

  it('passes an HTTP GET answered with a matching code, sending the target as Host', async () => {
    assert.deepEqual(await probe(spec(ok.port)), { ok: true });
    assert.deepEqual(ok.requests.at(-1), { host: `127.0.0.1:${ok.port}`, path: '/health', userAgent: 'ELB-HealthChecker/2.0' });
  });

  it('reports the code the matcher rejects, and accepts it under a wider matcher', async () => {
    assert.deepEqual(await probe(spec(failing.port)), { ok: false, kind: 'mismatch', code: 500 });
    assert.deepEqual(await probe(spec(failing.port, { matcher: { kind: 'http', codes: codes('200,500-599') } })), { ok: true });
  });

  it('checks HTTPS without verifying the certificate', async () => {
    assert.deepEqual(await probe(spec(secure.port, { protocol: 'HTTPS' })), { ok: true });
  });

  it('passes TCP on connect and fails a closed port', async () => {
    assert.deepEqual(await probe(spec(ok.port, { protocol: 'TCP' })), { ok: true });
    assert.deepEqual(await probe(spec(await freePort(), { protocol: 'TCP' })), { ok: false, kind: 'failed' });
  });

  it('fails at once on a closed port, a reset and a non-HTTP answer', async () => {
    const [reset, garbage] = await Promise.all([resetTarget(), garbageTarget()]);
    try {
      for (const port of [await freePort(), reset.port, garbage.port]) {
        const [result, ms] = await timed(probe(spec(port)));
        assert.deepEqual(result, { ok: false, kind: 'failed' }, `port ${port}`);
        assert.ok(ms < 1000, `took ${ms} ms`);
      }
    } finally {
      await Promise.all([reset.close(), garbage.close()]);
    }
  });

  it('fails a target that resets after the status line, or before its body is complete', async () => {
    // A raw server: each connection gets `answer`, then a TCP reset, whatever was asked.
    const rawTarget = async (answer: string) => {
      const server = createNetServer((socket: Socket) => {
        socket.on('error', () => {});
        socket.once('data', () => socket.write(answer, () => setTimeout(() => socket.resetAndDestroy(), 20)));
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(resolve)) };
    };
    const statusOnly = await rawTarget('HTTP/1.1 200 OK\r\n');
    const shortBody = await rawTarget('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial');
    const complete = await rawTarget('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
    try {
      assert.deepEqual(await probe(spec(statusOnly.port)), { ok: false, kind: 'failed' });
      assert.deepEqual(await probe(spec(shortBody.port)), { ok: false, kind: 'failed' });
      // A reset after the response is complete costs the check nothing.
      assert.deepEqual(await probe(spec(complete.port)), { ok: true });
    } finally {
      await Promise.all([statusOnly.close(), shortBody.close(), complete.close()]);
    }
  });

  it('times out a target that accepts and never answers at the deadline, and lets go of its socket', async () => {
    const hang = await hangTarget();
    try {
      const [result, ms] = await timed(probe(spec(hang.port, { timeoutMs: 300 })));
      assert.deepEqual(result, { ok: false, kind: 'timeout' });
      assert.ok(ms >= 290 && ms < 600, `took ${ms} ms`);
      const [tls, tlsMs] = await timed(probe(spec(hang.port, { protocol: 'HTTPS', timeoutMs: 300 })));
      assert.deepEqual(tls, { ok: false, kind: 'timeout' });
      assert.ok(tlsMs < 600, `took ${tlsMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(hang.connections, 2);
    } finally {
      await hang.close();
    }
  });
});

describe('gRPC probes', () => {
  const servers: Array<Http2Server | Http2SecureServer> = [createServer(), createSecureServer({ key: KEY, cert: CERT })];
  let status = '0';
  let trailersOnly = false;
  const ports: number[] = [];
  before(async () => {
    for (const server of servers) {
      server.on('stream', (stream: ServerHttp2Stream, headers) => {
        assert.equal(headers['content-type'], 'application/grpc');
        stream.resume();
        if (trailersOnly) return stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': status }, { endStream: true });
        stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': status }));
        stream.end();
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      ports.push((server.address() as { port: number }).port);
    }
  });
  after(() => Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))));
  const grpc = (grpcCodes: string, secure = false) => spec(ports[secure ? 1 : 0], {
    protocol: secure ? 'HTTPS' : 'HTTP', path: '/AWS.ALB/healthcheck', matcher: { kind: 'grpc', codes: codes(grpcCodes) },
  });

  it('matches grpc-status from trailers and from a trailers-only answer, over h2c and unverified TLS', async () => {
    status = '0';
    trailersOnly = false;
    assert.deepEqual(await probe(grpc('0')), { ok: true });
    assert.deepEqual(await probe(grpc('0', true)), { ok: true });
    trailersOnly = true;
    status = '12';
    assert.deepEqual(await probe(grpc('12')), { ok: true });
    assert.deepEqual(await probe(grpc('0-5', true)), { ok: false, kind: 'mismatch', code: 12 });
  });
});
