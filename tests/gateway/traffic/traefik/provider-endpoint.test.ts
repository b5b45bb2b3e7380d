import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { HttpRequest } from '@smithy/protocol-http';
import { compileRouteTable } from '../../../../gateway/traffic/route-table/compile.js';
import { encodeFixedResponse, FIXED_RESPONSE_PATH } from '../../../../gateway/traffic/route-table/fixed-response.js';
import { renderTraefikConfig, serializeTraefikConfig } from '../../../../gateway/traffic/traefik/configuration.js';
import { createTraefikRoutes } from '../../../../gateway/traffic/traefik/provider-endpoint.js';
import { bodyText, startTestGateway, type TestGateway } from '../../../support/gateway.js';
import { insertState } from './fixtures.js';
import { REPRESENTATIVE } from './representative-state.js';

describe('GET /_kecs/traefik/dynamic.json', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway();
    await insertState(gateway.database.db, REPRESENTATIVE);
  });
  after(async () => { await gateway.close(); });

  const get = (path: string, options: { hostname?: string; port?: number; query?: Record<string, string>; method?: string } = {}) =>
    gateway.handle(new HttpRequest({ method: options.method ?? 'GET', hostname: options.hostname ?? 'kecs-lb.kecs.svc', port: options.port ?? 4566, path, query: options.query ?? {}, headers: {} }));

  it('answers the configuration compiled from the database, fixed responses pointing back at the Host used', async () => {
    const response = await get('/_kecs/traefik/dynamic.json');
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/json');
    assert.equal(response.headers['x-kecs-routing-version'], '0');
    assert.equal(await bodyText(response), await readFile(new URL('golden/representative.json', import.meta.url), 'utf8'));
  });

  it('takes the actions URL from the query when given', async () => {
    const body = await bodyText(await get('/_kecs/traefik/dynamic.json', { query: { actionsUrl: 'http://10.1.2.3:4566/' } }));
    assert.match(body, /"url": "http:\/\/10\.1\.2\.3:4566"/);
    assert.equal((await get('/_kecs/traefik/dynamic.json', { query: { actionsUrl: 'file:///etc' } })).statusCode, 400);
    assert.equal((await get('/_kecs/traefik/dynamic.json', { hostname: 'a b' })).statusCode, 400);
  });

  it('adds the AWS entrypoint routers when asked with awsEntryPoint, towards KECS_ECS_URL, itself and KECS_UPSTREAM_URL', async () => {
    const config = { upstreamUrl: 'http://localstack:4566', ecsUrl: 'http://kecs-control-plane:8080' };
    const routes = createTraefikRoutes(gateway.database.db, config);
    const request = new HttpRequest({ method: 'GET', hostname: 'kecs-lb.kecs-system.svc', port: 4566, path: '/_kecs/traefik/dynamic.json', query: { awsEntryPoint: 'aws' }, headers: {} });
    const response = await routes(request);
    assert.equal(response?.statusCode, 200);
    const expected = renderTraefikConfig(compileRouteTable(REPRESENTATIVE), { actionsUrl: 'http://kecs-lb.kecs-system.svc:4566', aws: { entryPoint: 'aws', ...config } });
    assert.equal(await bodyText(response!), serializeTraefikConfig(expected));
    assert.match(await bodyText((await get('/_kecs/traefik/dynamic.json', { query: { awsEntryPoint: 'aws' } }))), /"kecs-aws-default"/);
    for (const bad of ['', 'a b', 'aws@internal', 'x'.repeat(65)]) {
      assert.equal((await get('/_kecs/traefik/dynamic.json', { query: { awsEntryPoint: bad } })).statusCode, 400, bad);
    }
  });

  it('answers only GET', async () => {
    assert.equal((await get('/_kecs/traefik/dynamic.json', { method: 'POST' })).statusCode, 404);
  });
});

describe('the fixed-response endpoint', () => {
  let gateway: TestGateway;
  before(async () => { gateway = await startTestGateway(); });
  after(async () => { await gateway.close(); });

  const call = (path: string, method = 'GET') => gateway.handle(new HttpRequest({ method, hostname: 'kecs-lb', path, headers: {} }));

  it('answers what the encoded action says, for any method', async () => {
    const path = FIXED_RESPONSE_PATH + encodeFixedResponse({ StatusCode: '418', ContentType: 'application/json', MessageBody: '{"tea":"✓"}' });
    for (const method of ['GET', 'POST', 'DELETE']) {
      const response = await call(path, method);
      assert.equal(response.statusCode, 418);
      assert.equal(response.headers['content-type'], 'application/json');
      assert.equal(response.headers.server, 'awselb/2.0');
      assert.equal(await bodyText(response), '{"tea":"✓"}');
    }
  });

  it('defaults to text/plain and an empty body; HEAD has no body', async () => {
    const response = await call(FIXED_RESPONSE_PATH + encodeFixedResponse({ StatusCode: '204' }), 'HEAD');
    assert.equal(response.statusCode, 204);
    assert.equal(response.headers['content-type'], 'text/plain');
    assert.equal(response.body, undefined);
  });

  it('refuses what is not a valid action', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const segment of ['', '!!', encode({ a: 1 }), encode(['301', '', '']), encode(['200', 'text/plain\r\nx: y', '']), encode(['200', '', 'x'.repeat(1025)])]) {
      assert.equal((await call(FIXED_RESPONSE_PATH + segment)).statusCode, 400, segment);
    }
  });
});

describe('GET /_kecs/traefik/dynamic.json when the database fails or is slow', () => {
  const NO_AWS = { upstreamUrl: undefined, ecsUrl: undefined };
  let gateway: TestGateway;
  /** The real test database behind a switch: each query answers, fails or takes 2 s. */
  let mode: 'ok' | 'fail' | 'slow' = 'ok';
  const flaky = () => gateway.database.db.withPlugin({
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      if (mode === 'fail') throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      if (mode === 'slow') await new Promise((resolve) => setTimeout(resolve, 2000));
      return args.result;
    },
  });
  before(async () => {
    gateway = await startTestGateway();
    await insertState(gateway.database.db, REPRESENTATIVE);
  });
  after(async () => { await gateway.close(); });
  const get = (routes: ReturnType<typeof createTraefikRoutes>) =>
    routes(new HttpRequest({ method: 'GET', hostname: 'kecs-lb.kecs.svc', port: 4566, path: '/_kecs/traefik/dynamic.json', query: {}, headers: {} }));
  const golden = () => readFile(new URL('golden/representative.json', import.meta.url), 'utf8');

  it('answers the last good configuration, 200 and marked stale, instead of an error Traefik would back off from', async () => {
    mode = 'ok';
    const routes = createTraefikRoutes(flaky(), NO_AWS, 500);
    const fresh = (await get(routes))!;
    assert.equal(fresh.statusCode, 200);
    assert.equal(fresh.headers['x-kecs-stale'], undefined);

    mode = 'fail';
    const failed = (await get(routes))!;
    assert.equal(failed.statusCode, 200);
    assert.equal(failed.headers['x-kecs-routing-version'], '0');
    assert.match(failed.headers['x-kecs-stale'], /^reading the routing state failed: connect ECONNREFUSED/);
    assert.equal(await bodyText(failed), await golden());

    mode = 'slow';
    const slow = (await get(routes))!;
    assert.equal(slow.statusCode, 200);
    assert.equal(slow.headers['x-kecs-stale'], 'the database did not answer within 500 ms');
    assert.equal(await bodyText(slow), await golden());

    mode = 'ok';
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the slow read finishes
    const back = (await get(routes))!;
    assert.equal(back.headers['x-kecs-stale'], undefined);
    assert.equal(await bodyText(back), await golden());
  });

  it('answers 503 only when it has never read a configuration (Traefik keeps what it has)', async () => {
    mode = 'fail';
    const response = (await get(createTraefikRoutes(flaky(), NO_AWS, 50)))!;
    assert.equal(response.statusCode, 503);
    assert.match(await bodyText(response), /RoutingStateUnavailable/);
    mode = 'ok';
  });
});
