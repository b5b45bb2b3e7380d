import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { HttpRequest, type HttpResponse } from '@smithy/protocol-http';
import { loadConfig } from '../../../gateway/config.js';
import { ConsoleHub } from '../../../gateway/console/hub.js';
import { createConsoleRoutes, type ConsoleRoutes } from '../../../gateway/console/routes.js';
import { loadConsoleState } from '../../../gateway/console/state.js';
import { createLogger } from '../../../gateway/logger.js';
import { bodyText } from '../../support/gateway.js';
import { testContext } from '../../support/context.js';
import { startLab, type Lab } from '../traffic/dataplane/lib/lab.js';

/** A GET as the HTTP edge builds it; `peer` set: as if it came over a socket from that address. */
function get(path: string, query: Record<string, string> = {}, peer?: string, method = 'GET'): HttpRequest {
  let body: IncomingMessage | undefined;
  if (peer) {
    const socket = new Socket();
    Object.defineProperty(socket, 'remoteAddress', { value: peer });
    body = new IncomingMessage(socket);
  }
  return new HttpRequest({ method, hostname: '127.0.0.1', path, query, headers: { host: '127.0.0.1:4566' }, body });
}

describe('console routes', () => {
  const kit = testContext();
  const routesFor = (env: Record<string, string> = {}): ConsoleRoutes => {
    const config = loadConfig(env);
    const hub = new ConsoleHub({ load: (scope) => loadConsoleState(kit.database.db, scope, undefined), log: createLogger('silent') });
    return createConsoleRoutes(kit.database.db, config, hub, undefined);
  };
  const answer = async (routes: ConsoleRoutes, request: HttpRequest): Promise<HttpResponse> => {
    const response = await routes.route(request);
    assert.ok(response, `${request.path} is a console route`);
    return response;
  };

  it('serves the page with a Content-Security-Policy that allows only its own script, style and stream', async () => {
    const routes = routesFor();
    const page = await answer(routes, get('/_kecs/console/'));
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    assert.match(page.headers['content-security-policy'], /default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'/);
    assert.match(await bodyText(page), /<script type="module" src="console.js"><\/script>/);
    assert.match((await answer(routes, get('/_kecs/console/console.js'))).headers['content-type'], /^text\/javascript/);
    assert.match((await answer(routes, get('/_kecs/console/console.css'))).headers['content-type'], /^text\/css/);
    assert.equal((await answer(routes, get('/_kecs/console'))).headers.location, '/_kecs/console/');
    assert.equal(await routes.route(get('/_kecs/console/toString')), undefined);
    assert.equal(await routes.route(get('/_kecs/health')), undefined);
  });

  it('answers the state of the account and region asked for, the gateway\'s defaults otherwise', async () => {
    const routes = routesFor({ KECS_ACCOUNT_ID: '123456789012', KECS_DEFAULT_REGION: 'eu-central-1' });
    const state = JSON.parse(await bodyText(await answer(routes, get('/_kecs/console/state.json'))));
    assert.deepEqual([state.account, state.region], ['123456789012', 'eu-central-1']);
    const other = JSON.parse(await bodyText(await answer(routes, get('/_kecs/console/state.json', { account: '000000000000', region: 'us-west-2' }))));
    assert.deepEqual([other.account, other.region, other.loadBalancers], ['000000000000', 'us-west-2', []]);
    const bad = await answer(routes, get('/_kecs/console/state.json', { account: '12' }));
    assert.equal(bad.statusCode, 400);
    assert.equal(JSON.parse(await bodyText(bad)).error, 'ValidationError');
    assert.equal((await answer(routes, get('/_kecs/console/state.json', { region: '../x' }))).statusCode, 400);
  });

  it('is read-only', async () => {
    const response = await answer(routesFor(), get('/_kecs/console/state.json', {}, undefined, 'POST'));
    assert.equal(response.statusCode, 405);
  });

  it('refuses clients that are not on loopback unless KECS_CONSOLE=public, and is gone with KECS_CONSOLE=off', async () => {
    const loopback = routesFor();
    assert.equal((await answer(loopback, get('/_kecs/console/', {}, '127.0.0.1'))).statusCode, 200);
    assert.equal((await answer(loopback, get('/_kecs/console/', {}, '::ffff:127.0.0.1'))).statusCode, 200);
    assert.equal((await answer(loopback, get('/_kecs/console/', {}, '::1'))).statusCode, 200);
    const refused = await answer(loopback, get('/_kecs/console/state.json', {}, '192.168.1.20'));
    assert.equal(refused.statusCode, 403);
    assert.match(JSON.parse(await bodyText(refused)).message, /KECS_CONSOLE=public/);
    assert.equal((await answer(routesFor({ KECS_CONSOLE: 'public' }), get('/_kecs/console/', {}, '192.168.1.20'))).statusCode, 200);
    assert.equal(await routesFor({ KECS_CONSOLE: 'off' }).route(get('/_kecs/console/')), undefined);
    assert.throws(() => loadConfig({ KECS_CONSOLE: 'yes' }), /KECS_CONSOLE must be 'loopback', 'public' or 'off'/);
  });
});

/** Reads server-sent events from a streamed response body. */
async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data !== undefined) yield { event, data };
    }
  }
}

describe('console events over a real socket', () => {
  let lab: Lab;
  before(async () => { lab = await startLab(); });
  after(() => lab.close());

  it("streams the state, then the state again once a change commits", { timeout: 15_000 }, async () => {
    const abort = new AbortController();
    const response = await fetch(`${lab.server.url}/_kecs/console/events?region=us-east-1`, { signal: abort.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = serverSentEvents(response.body!);
    const first = (await events.next()).value!;
    assert.equal(first.event, 'state');
    assert.deepEqual(JSON.parse(first.data).loadBalancers, []);
    const started = performance.now();
    await lab.elb.send(new CreateLoadBalancerCommand({ Name: 'live-one', Subnets: ['subnet-a', 'subnet-b'] }));
    const second = (await events.next()).value!;
    const took = performance.now() - started;
    assert.equal(second.event, 'state');
    assert.deepEqual(JSON.parse(second.data).loadBalancers.map((lb: { name: string }) => lb.name), ['live-one']);
    assert.ok(took < 2_000, `the change arrived after ${took} ms`);
    abort.abort();
    // The page went away: an event stream that never ends by itself is cut, which is no error.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.doesNotMatch(lab.server.output(), /response failed/);
  });
});
