import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { EC2_TTL_MS, UpstreamEc2Facts } from '../../../gateway/upstream-ec2/upstream-facts.js';

const SCOPE = { accountId: '000000000000', region: 'us-east-1' };

/** A pino logger whose lines land in `lines`. */
function capturingLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const sink = new Writable({ write(chunk, _, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { log: pino({ level: 'info' }, sink), lines };
}

/** An EC2 answer to DescribeSubnets with one subnet, in EC2's XML (the SDK's ec2 protocol). */
const SUBNETS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><subnetSet>
<item><subnetId>subnet-a</subnetId><vpcId>vpc-1</vpcId><availabilityZone>us-east-1c</availabilityZone></item>
</subnetSet></DescribeSubnetsResponse>`;

describe('UpstreamEc2Facts', () => {
  let server: Server;
  let url: string;
  let served = false;
  let requests = 0;
  before(async () => {
    // 501 until `served`, then EC2's answer: an upstream whose EC2 comes up later.
    server = createServer((req, res) => {
      requests++;
      req.resume();
      if (!served) res.writeHead(501).end('not implemented');
      else res.writeHead(200, { 'content-type': 'text/xml' }).end(SUBNETS_XML);
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers "no EC2" while the upstream does not serve it, warns once, asks again after the TTL, and caches answers', async () => {
    let now = 1_000_000;
    const { log, lines } = capturingLogger();
    const facts = new UpstreamEc2Facts(url, log, () => now);
    try {
      assert.equal(await facts.subnets(SCOPE, ['subnet-a']), undefined);
      assert.equal(await facts.instances(SCOPE, ['i-0123456789abcdef0']), undefined);
      assert.equal(requests, 1, 'not asked again within the TTL');
      now += EC2_TTL_MS;
      assert.equal(await facts.subnets(SCOPE, ['subnet-a']), undefined);
      assert.equal(requests, 2);
      assert.deepEqual(lines.map((line) => [line.level, line.msg]), [[40, 'the upstream does not serve EC2: subnets, security groups and instances are taken as given']]);

      served = true;
      now += EC2_TTL_MS;
      const found = await facts.subnets(SCOPE, ['subnet-a', 'subnet-gone']);
      assert.deepEqual([...found!], [['subnet-a', { vpcId: 'vpc-1', zoneName: 'us-east-1c' }]]);
      assert.equal(lines.at(-1)!.msg, 'the upstream serves EC2 again: subnets, security groups and instances are read from it');
      // subnet-a is cached; only the absent one is asked for again.
      const before = requests;
      await facts.subnets(SCOPE, ['subnet-a']);
      assert.equal(requests, before);
      await facts.subnets(SCOPE, ['subnet-a', 'subnet-gone']);
      assert.equal(requests, before + 1);
      // Another account is another cache.
      await facts.subnets({ ...SCOPE, accountId: '111111111111' }, ['subnet-a']);
      assert.equal(requests, before + 2);
    } finally {
      facts.close();
    }
  });

  it('treats a 200 that is not EC2\'s answer as no EC2, not as "no such subnet"', async () => {
    const other = createServer((req, res) => { req.resume(); res.writeHead(200, { 'content-type': 'text/xml' }).end('<Upstream/>'); }).listen(0, '127.0.0.1');
    await once(other, 'listening');
    const { log } = capturingLogger();
    const facts = new UpstreamEc2Facts(`http://127.0.0.1:${(other.address() as { port: number }).port}`, log);
    try {
      assert.equal(await facts.subnets(SCOPE, ['subnet-a']), undefined);
    } finally {
      facts.close();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });

  it('treats a refused connection as no EC2', async () => {
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { log, lines } = capturingLogger();
    const facts = new UpstreamEc2Facts(`http://127.0.0.1:${port}`, log);
    try {
      assert.equal(await facts.securityGroups(SCOPE, ['sg-1']), undefined);
      assert.equal(lines.length, 1);
    } finally {
      facts.close();
    }
  });
});
