import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { rawExchange, statusOf } from '../support/raw-http.js';
import { fixedResponseListener } from '../support/fixed-response-listener.js';
import { startTestDatabase, type TestDatabase } from '../support/database.js';
import { startServer, type StartedServer } from '../support/server.js';
import { acceptable, authorization, formBody } from './arbitraries.js';

const RUNS = 4_500;
const PARALLEL = 8;

const method = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH') }, { weight: 1, arbitrary: fc.constantFrom('CONNECT', 'TRACE', 'BREW', 'get', 'G\u00c9T', '') });
const target = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('/', '/?Action=DescribeLoadBalancers&Version=2015-12-01', '/_kecs/health', '/_kecs/dataplane', '/_kecs/traefik/dynamic.json', '/_kecs/reset', '/_kecs/traefik/fixed-response/xx', '*') },
  { weight: 3, arbitrary: fc.constantFrom('//a:99999/', 'http://[/', 'http://%zz/', 'http://:80/', 'http://localhost:4566/', 'http://a@b/', '//', '/%', '/%00', '/..%2f..%2f', 'a:1') },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 60, unit: 'binary-ascii' }).map((s) => s.replace(/[\s]/g, '')).filter((s) => s.length > 0) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('/', '//', 'http://', 'https://'), fc.string({ maxLength: 40 })).map(([a, b]) => a + encodeURI(b).replace(/%25/g, '%')) },
);
const hostHeader = fc.oneof(fc.constantFrom('localhost:4566', '127.0.0.1', '[::1]:4566', 'evil.example.com', '', 'a'.repeat(300), 'localhost:99999', '[', 'x.elb.localhost'), fc.string({ maxLength: 30, unit: 'binary-ascii' }));
const extraHeader = fc.oneof(
  fc.constantFrom<[string, string]>(['origin', 'http://evil.example.com'], ['origin', 'null'], ['sec-fetch-site', 'cross-site'], ['x-amz-target', 'AmazonEC2ContainerServiceV20141113.ListClusters'], ['x-amz-target', 'x'], ['content-type', 'application/x-amz-json-1.1'], ['upgrade', 'websocket'], ['expect', '100-continue'], ['transfer-encoding', 'chunked'], ['content-length', '-1']),
  fc.tuple(fc.stringMatching(/^[a-zA-Z-]{1,20}$/), fc.string({ maxLength: 40, unit: 'binary-ascii' }).map((s) => s.replace(/[\r\n]/g, ''))),
);

/** One request as raw bytes: a request line, headers (framing usually right), and a body. */
const rawRequest = fc.tuple(method, target, hostHeader, authorization, fc.array(extraHeader, { maxLength: 3 }), fc.oneof(formBody(() => []), fc.string({ maxLength: 200, unit: 'binary' })), fc.boolean())
  .map(([verb, path, host, auth, extra, body, listener]) => {
    const lines = [`${verb} ${path} HTTP/1.1`, `host: ${host}`, 'content-type: application/x-www-form-urlencoded', 'connection: close'];
    if (auth) lines.push(`authorization: ${auth.replace(/[\r\n]/g, '')}`);
    const framing = extra.some(([name]) => ['transfer-encoding', 'content-length'].includes(name.toLowerCase()));
    for (const [name, value] of extra) lines.push(`${name}: ${value}`);
    const bytes = Buffer.from(body, 'utf8');
    if (!framing) lines.push(`content-length: ${bytes.length}`);
    return { listener, head: verb === 'HEAD', text: `${lines.join('\r\n')}\r\n\r\n${body}` };
  });

/**
 * Generated request lines, headers and bodies over real sockets to the started gateway: its API
 * port and a listener port. No server error, no exit, and health afterwards. Its state is in a
 * test database (DATABASE_URL): the process is under test here, not the embedded Postgres.
 */
describe('fuzz: generated raw requests, started gateway', () => {
  let dataDir: string;
  let database: TestDatabase;
  let server: StartedServer;
  let listenerPort: number;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-fuzz-'));
    database = await startTestDatabase();
    server = await startServer(dataDir, { KECS_LOG_LEVEL: 'warn', DATABASE_URL: database.connectionString }, { launch: 'like the tests' });
    listenerPort = await fixedResponseListener(server.url, 'fuzz');
  });
  after(async () => {
    assert.equal(await server.stop(), 0, server.output().slice(-3000));
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`answers ${RUNS} generated raw requests without a server error and stays healthy`, async () => {
    const samples = fc.sample(rawRequest, { numRuns: RUNS });
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < samples.length) {
        const { listener, head, text } = samples[next++];
        const answer = await rawExchange(listener ? listenerPort : server.port, text, 1_000);
        const status = statusOf(answer);
        // A HEAD answer has no body to tell UnsupportedService by.
        const fine = status === undefined || acceptable(status, answer) || (head && status === 501);
        if (!fine) failures.push(`${status} for ${JSON.stringify(text.slice(0, 300))}`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    assert.deepEqual(failures.slice(0, 5), []);
    assert.equal(server.process.exitCode, null, server.output().slice(-3000));
    assert.equal((await fetch(`${server.url}/_kecs/health`)).status, 200);
  });
});
