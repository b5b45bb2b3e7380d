import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpRequest } from '@smithy/protocol-http';
import { encodeFixedResponse, FIXED_RESPONSE_PATH } from '../../../gateway/traffic/route-table/fixed-response.js';
import { bodyText, startTestGateway, type TestGateway } from '../../support/gateway.js';

const FORM = 'application/x-www-form-urlencoded';
const CREATE = 'Action=CreateTargetGroup&Version=2015-12-01&Name=csrf&Protocol=HTTP&Port=80&VpcId=vpc-1';

/**
 * What a web page can make a browser send: a cross-site form POST (CSRF), a `fetch` after DNS
 * rebinding (Host is the attacker's name), a page on localhost (allowed: a developer's own app
 * using the browser SDK). The CLI and SDKs send no Origin and a loopback Host.
 */
describe('gateway: requests browsers send for other sites', () => {
  let gw: TestGateway;
  before(async () => { gw = await startTestGateway({ KECS_ALLOWED_HOSTS: 'lb.example.test,*.dev.example.test' }); });
  after(() => gw.close());

  const call = (headers: Record<string, string>, body = CREATE, path = '/') =>
    gw.handle(new HttpRequest({ method: 'POST', path, headers: { 'content-type': FORM, ...headers }, body }));
  const targetGroups = async () => (await gw.query({ Action: 'DescribeTargetGroups' })).body.match(/<TargetGroupName>/g)?.length ?? 0;

  it('refuses a cross-site form POST (Origin of another site) and creates nothing', async () => {
    const response = await call({ host: '127.0.0.1:4566', origin: 'http://evil.example.com' });
    assert.equal(response.statusCode, 403);
    assert.match(await bodyText(response), /<Code>AccessDenied<\/Code><Message>Requests from the web origin &apos;http:\/\/evil.example.com&apos; are refused/);
    assert.equal(await targetGroups(), 0);
  });

  it('refuses Origin: null (sandboxed frames, file: pages) and Sec-Fetch-Site: cross-site', async () => {
    assert.equal((await call({ host: 'localhost:4566', origin: 'null' })).statusCode, 403);
    assert.equal((await call({ host: 'localhost:4566', 'sec-fetch-site': 'cross-site' })).statusCode, 403);
    assert.equal((await call({ host: 'localhost:4566', origin: 'http://203.0.113.9' })).statusCode, 403);
  });

  it('refuses a DNS-rebound name as Host, for the API and the internal routes alike', async () => {
    const api = await call({ host: 'rebind.evil.example.com:4566' });
    assert.equal(api.statusCode, 403);
    assert.match(await bodyText(api), /The Host &apos;rebind.evil.example.com&apos; is not a name this endpoint answers to; add it to KECS_ALLOWED_HOSTS/);
    const health = await gw.handle(new HttpRequest({ method: 'GET', path: '/_kecs/health', headers: { host: 'rebind.evil.example.com:4566' } }));
    assert.equal(health.statusCode, 403);
    assert.equal(await targetGroups(), 0);
  });

  it('serves the CLI and SDKs (no Origin), local pages, container and cluster names, and configured names', async () => {
    const allowed: Array<Record<string, string>> = [
      { host: 'localhost:4566' },
      { host: '127.0.0.1:4566' },
      { host: '[::1]:4566' },
      { host: '192.168.1.20:4566' },
      { host: 'kecs-lb:4566' },
      { host: 'kecs-lb.kecs-lb.svc:4566' },
      { host: 'kecs-lb.kecs-lb.svc.cluster.local:4566' },
      { host: 'localhost.localstack.cloud:4566' },
      { host: 'lb.example.test:4566' },
      { host: 'api.dev.example.test' },
      { host: 'localhost:4566', origin: 'http://localhost:3000', 'sec-fetch-site': 'same-site' },
      { host: '127.0.0.1:4566', origin: 'http://127.0.0.1:5173' },
      { host: '192.168.1.20:4566', origin: 'http://192.168.1.20:4566' },
      { host: 'localhost:4566', origin: 'https://app.dev.example.test' },
    ];
    for (const headers of allowed) {
      const response = await call(headers, 'Action=DescribeLoadBalancers&Version=2015-12-01');
      assert.equal(response.statusCode, 200, JSON.stringify(headers));
    }
  });

  it('serves Traefik-forwarded fixed responses whatever the browser sent, sandboxed and not sniffed', async () => {
    const path = FIXED_RESPONSE_PATH + encodeFixedResponse({ StatusCode: '200', ContentType: 'text/html', MessageBody: '<script>fetch("/")</script>' });
    const response = await gw.handle(new HttpRequest({ method: 'GET', path, headers: { host: 'kecs-lb.kecs-lb.svc:4566', origin: 'https://shop.example.com', 'sec-fetch-site': 'cross-site' } }));
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/html');
    assert.equal(response.headers['content-security-policy'], 'sandbox');
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
  });
});
