import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Readable } from 'node:stream';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab, type LoadBalancer } from './lib/lab.js';
import { send, waitFor, webSocketEcho } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';

const BIG = 50 * 1024 * 1024;

/** A deterministic 50 MB body, generated as it is sent (never held in memory whole). */
function bigBody(): { stream: Readable; sha256: string } {
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) & 0xff;
  const hash = createHash('sha256');
  for (let i = 0; i < BIG / chunk.length; i++) hash.update(chunk);
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= BIG) return void this.push(null);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, sha256: hash.digest('hex') };
}

describe('streams through the embedded data plane', () => {
  let lab: Lab;
  let lb: LoadBalancer;
  let port: number;
  let web: Target;
  let brief: Target;

  before(async () => {
    lab = await startLab();
    web = await startTarget('web');
    // Closes idle keep-alive connections after 30 ms: pooled connections go stale all the time.
    brief = await startTarget('brief', { keepAliveMs: 30 });
    lb = await lab.loadBalancer('streams');
    const main = await lab.targetGroup('streams-web', lb.vpcId);
    await lab.register(main, [web]);
    const briefGroup = await lab.targetGroup('streams-brief', lb.vpcId);
    await lab.register(briefGroup, [brief]);
    port = await freePort();
    const listener = await lab.listener(lb.arn, port, forward(main));
    await lab.rule(listener, 1, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/brief'] } }], forward(briefGroup));
    // Answered by the brief target, not the default action's: the rule is in force.
    await waitFor(async () => JSON.parse((await send(port, '/brief')).body || '{}').target === 'brief');
  });

  after(async () => {
    await lab?.close();
    await web?.close();
    await brief?.close();
  });

  it('WebSocket: the upgrade is relayed and frames echo, on the listener port and the gateway port', async () => {
    const direct = await webSocketEcho(port, 'app.example.com', 'hello through the listener');
    assert.equal(direct.status, 101);
    assert.equal(direct.headers['x-target'], 'web');
    assert.equal(direct.echoed, 'hello through the listener');
    const viaGateway = await webSocketEcho(lab.server.port, lb.dnsName, 'hello through the gateway');
    assert.equal(viaGateway.echoed, 'hello through the gateway');
    const handshake = [...web.seen].reverse().find((s) => s.url === '/ws');
    assert.equal(handshake?.headers.upgrade, 'websocket');
    assert.ok(handshake?.headers['x-forwarded-for']);
  });

  it('HEAD answers carry no body and leave the pooled connection usable', async () => {
    for (let i = 0; i < 3; i++) {
      const head = await send(port, '/thing', { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.body, '');
      assert.equal(JSON.parse((await send(port, '/thing')).body).target, 'web');
    }
  });

  it('a pooled connection the target closed is not a 502: bodiless requests are retried', async () => {
    for (let i = 0; i < 40; i++) {
      const method = i % 3 === 0 ? 'HEAD' : 'GET';
      assert.equal((await send(port, '/brief', { method })).status, 200, `request ${i}`);
      await new Promise((resolve) => setTimeout(resolve, (i * 7) % 50));
    }
  });

  it('streams a 50 MB request body to the target', async () => {
    const { stream, sha256 } = bigBody();
    const answer = await send(port, '/sha', { method: 'POST', body: stream, headers: { 'content-type': 'application/octet-stream' }, timeoutMs: 60_000 });
    assert.deepEqual(JSON.parse(answer.body), { target: 'web', length: BIG, sha256 });
  });

  it('streams a 50 MB body both ways at once (echo), and a 50 MB download', async () => {
    const { stream, sha256 } = bigBody();
    const echoed = await new Promise<{ length: number; sha256: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/echo', method: 'POST', agent: false, headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        const hash = createHash('sha256');
        let length = 0;
        res.on('data', (chunk: Buffer) => { hash.update(chunk); length += chunk.length; });
        res.on('end', () => resolve({ length, sha256: hash.digest('hex') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      stream.pipe(req);
    });
    assert.deepEqual(echoed, { length: BIG, sha256 });
    const download = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: `/bytes?n=${BIG}`, agent: false }, (res) => {
        let length = 0;
        res.on('data', (chunk: Buffer) => { length += chunk.length; });
        res.on('end', () => resolve(length));
      }).on('error', reject).end();
    });
    assert.equal(download, BIG);
  });
});
