import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, type StartedServer } from '../support/server.js';

const AUTH = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0';

/** One ELBv2 query-protocol call; answers status and body, or undefined when the connection failed. */
async function call(url: string, params: Record<string, string>): Promise<{ status: number; body: string } | undefined> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH },
      body: new URLSearchParams({ Version: '2015-12-01', ...params }),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: await response.text() };
  } catch {
    return undefined;
  }
}

/** The embedded Postgres's postmaster, from the cluster the gateway keeps in its data folder. */
async function postmasterPid(dataDir: string): Promise<number> {
  const location = join(dataDir, 'cluster-location');
  const cluster = existsSync(location) ? (await readFile(location, 'utf8')).trim() : join(dataDir, 'postgres');
  return Number((await readFile(join(cluster, 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

const WORKERS = 8;
// Under the 1,000-target quota of an instance target group.
const MAX_TARGETS = 900;
const STREAM_MS = 1_500;

/**
 * Durability of acknowledged writes: a stream of RegisterTargets calls, each registering a new
 * target, is cut by SIGKILL of the gateway and of its Postgres at once (no shutdown, no
 * checkpoint). After a restart on the same data folder, every target whose call was answered
 * 200 must be registered: nothing is acknowledged before its commit is flushed. (A power cut,
 * which also loses the page cache, is beyond a test; Postgres's fsync covers it.)
 */
describe('acknowledged writes survive a SIGKILL of the gateway and its Postgres', () => {
  let dataDir: string;
  let server: StartedServer | undefined;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-durability-'));
  });
  after(async () => {
    if (server && server.process.exitCode === null && server.process.signalCode === null) await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every target whose RegisterTargets was answered 200', async () => {
    server = await startServer(dataDir, { KECS_LOG_LEVEL: 'warn' });
    const created = await call(server.url, { Action: 'CreateTargetGroup', Name: 'durable', Protocol: 'HTTP', Port: '80', VpcId: 'vpc-1' });
    assert.equal(created?.status, 200, created?.body);
    const TargetGroupArn = /<TargetGroupArn>([^<]+)<\/TargetGroupArn>/.exec(created!.body)![1];

    const acknowledged: string[] = [];
    let next = 0;
    let stop = false;
    const worker = async (url: string) => {
      while (!stop && next < MAX_TARGETS) {
        const id = `i-${(next++).toString(16).padStart(17, '0')}`;
        const answer = await call(url, { Action: 'RegisterTargets', TargetGroupArn, 'Targets.member.1.Id': id });
        if (answer?.status === 200) acknowledged.push(id);
      }
    };
    const stream = Promise.all(Array.from({ length: WORKERS }, () => worker(server!.url)));
    await new Promise((resolve) => setTimeout(resolve, STREAM_MS));
    const postmaster = await postmasterPid(dataDir);
    process.kill(postmaster, 'SIGKILL');
    await server.kill();
    stop = true;
    await stream;
    assert.ok(acknowledged.length > 0, 'some registrations were answered before the kill');

    server = await startServer(dataDir, { KECS_LOG_LEVEL: 'warn' });
    const described = await call(server.url, { Action: 'DescribeTargetHealth', TargetGroupArn });
    assert.equal(described?.status, 200, described?.body);
    const registered = new Set([...described!.body.matchAll(/<Id>([^<]+)<\/Id>/g)].map((match) => match[1]));
    const lost = acknowledged.filter((id) => !registered.has(id));
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged registrations lost`);
  });
});
