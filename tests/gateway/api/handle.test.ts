import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { HttpRequest } from '@smithy/protocol-http';
import { bodyText, startTestGateway, type TestGateway } from '../../support/gateway.js';

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const scope = (service: string) => `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=abc`;

function post(body: string | Uint8Array, headers: Record<string, string>) {
  return new HttpRequest({ method: 'POST', hostname: 'localhost', path: '/', headers: { 'content-type': FORM, ...headers }, body });
}

describe('gateway: errors for bad input', () => {
  let gw: TestGateway;
  before(async () => { gw = await startTestGateway(); });
  after(() => gw.close());

  it('answers InvalidAction for an action ELBv2 does not have', async () => {
    const { status, body, headers } = await gw.query({ Action: 'LaunchRockets' });
    assert.equal(status, 400);
    assert.match(body, /<Code>InvalidAction<\/Code><Message>The action LaunchRockets is not valid for this web service.<\/Message>/);
    assert.match(headers['x-amzn-RequestId'], /^[0-9a-f-]{36}$/);
    assert.match(body, new RegExp(`<RequestId>${headers['x-amzn-RequestId']}</RequestId>`));
  });

  it('answers MissingAction without Action', async () => {
    const { status, body } = await gw.query({});
    assert.equal(status, 400);
    assert.match(body, /<Code>MissingAction<\/Code>/);
  });

  it('answers ValidationError for a missing required parameter', async () => {
    const { status, body } = await gw.query({ Action: 'CreateLoadBalancer' });
    assert.equal(status, 400);
    assert.match(body, /<Code>ValidationError<\/Code><Message>1 validation error detected: Value null at &apos;name&apos;/);
  });

  it('answers MalformedQueryString for bytes that are not UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('Action=DescribeLoadBalancers&Version=2015-12-01&Names.member.1='), Buffer.from([0xff, 0xfe])]);
    const response = await gw.handle(post(bytes, { authorization: scope('elasticloadbalancing') }));
    assert.equal(response.statusCode, 400);
    assert.match(await bodyText(response), /<Code>MalformedQueryString<\/Code>/);
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await gw.handle(post(`Action=DescribeLoadBalancers&Version=2015-12-01&Marker=${'x'.repeat(1024 * 1024)}`, { authorization: scope('elasticloadbalancing') }));
    assert.equal(response.statusCode, 413);
    assert.match(await bodyText(response), /<Code>RequestEntityTooLarge<\/Code>/);
  });

  it('routes an unsigned request by Action and Version', async () => {
    const response = await gw.handle(post('Action=DescribeLoadBalancers&Version=2015-12-01', {}));
    assert.equal(response.statusCode, 200);
    assert.match(await bodyText(response), /^<DescribeLoadBalancersResponse xmlns="http:\/\/elasticloadbalancing.amazonaws.com\/doc\/2015-12-01\/"><DescribeLoadBalancersResult><LoadBalancers\/>/);
  });

  it('answers GET query-string requests too', async () => {
    const response = await gw.handle(new HttpRequest({ method: 'GET', path: '/', query: { Action: 'DescribeLoadBalancers', Version: '2015-12-01' }, headers: {} }));
    assert.equal(response.statusCode, 200);
  });

  it('names the service it cannot serve when no upstream is configured', async () => {
    const response = await gw.handle(post('Action=DescribeVpcs&Version=2016-11-15', { authorization: scope('ec2') }));
    assert.equal(response.statusCode, 501);
    assert.match(await bodyText(response), /The service &apos;ec2&apos; is not served here and no KECS_UPSTREAM_URL/);
    const json = await gw.handle(new HttpRequest({ method: 'POST', path: '/', headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' }));
    assert.equal(json.statusCode, 501);
    assert.equal(JSON.parse(await bodyText(json)).__type, 'UnsupportedService');
  });

  it('refuses a credential scope whose region AWS could not have, as AWS does', async () => {
    for (const region of ['x'.repeat(3000), 'us:east:1', 'US-EAST-1', '..']) {
      const authorization = `AWS4-HMAC-SHA256 Credential=AKID/20260101/${region}/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=abc`;
      const response = await gw.handle(post('Action=CreateTargetGroup&Version=2015-12-01&Name=regional', { authorization }));
      assert.equal(response.statusCode, 403, region.slice(0, 20));
      assert.match(await bodyText(response), /<Code>SignatureDoesNotMatch<\/Code><Message>Credential should be scoped to a valid region, not &apos;/);
    }
    for (const region of ['eu-central-2', 'us-gov-west-1', 'cn-northwest-1']) {
      const authorization = `AWS4-HMAC-SHA256 Credential=AKID/20260101/${region}/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=abc`;
      const response = await gw.handle(post('Action=DescribeLoadBalancers&Version=2015-12-01', { authorization }));
      assert.equal(response.statusCode, 200, region);
    }
  });

  it('answers MalformedQueryString, not a stack overflow, for keys nested thousands deep', async () => {
    const deep = `Name${'.a'.repeat(20_000)}=x`;
    const response = await gw.handle(post(`Action=CreateTargetGroup&Version=2015-12-01&${deep}`, { authorization: scope('elasticloadbalancing') }));
    assert.equal(response.statusCode, 400);
    assert.match(await bodyText(response), /<Code>MalformedQueryString<\/Code><Message>The parameter &apos;Name\.a\.a.*is nested more than 32 levels deep/);
  });

  it('answers the health route', async () => {
    const response = await gw.handle(new HttpRequest({ method: 'GET', path: '/_kecs/health', headers: {} }));
    assert.equal(response.statusCode, 200);
    assert.deepEqual(JSON.parse(await bodyText(response)), { status: 'ok', database: 'ok' });
  });

  it('refuses reset unless KECS_ALLOW_RESET=1', async () => {
    const response = await gw.handle(new HttpRequest({ method: 'POST', path: '/_kecs/reset', headers: {} }));
    assert.equal(response.statusCode, 403);
  });
});

describe('gateway: forwarding other services upstream', () => {
  let upstream: Server;
  let seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  let gw: TestGateway;
  before(async () => {
    seen = [];
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(200, { 'content-type': 'text/xml', 'x-upstream': 'yes' }).end('<Upstream/>');
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    gw = await startTestGateway({ KECS_UPSTREAM_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, KECS_ALLOW_RESET: '1' });
  });
  after(async () => {
    await gw.close();
    upstream.close();
  });

  it('streams a signed EC2 call unchanged, signature and Host intact', async () => {
    const response = await gw.handle(new HttpRequest({
      method: 'POST', path: '/', query: { a: 'b' },
      headers: { host: 'localhost:4566', 'content-type': FORM, authorization: scope('ec2') },
      body: 'Action=DescribeVpcs&Version=2016-11-15',
    }));
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['x-upstream'], 'yes');
    assert.equal(await bodyText(response), '<Upstream/>');
    const last = seen.at(-1)!;
    assert.equal(last.url, '/?a=b');
    assert.equal(last.headers.host, 'localhost:4566');
    assert.equal(last.headers.authorization, scope('ec2'));
    assert.equal(last.body, 'Action=DescribeVpcs&Version=2016-11-15');
  });

  it('forwards classic ELB (same signing name, API version 2012-06-01)', async () => {
    const response = await gw.handle(post('Action=DescribeLoadBalancers&Version=2012-06-01', { authorization: scope('elasticloadbalancing') }));
    assert.equal(response.statusCode, 200);
    assert.equal(seen.at(-1)!.body, 'Action=DescribeLoadBalancers&Version=2012-06-01');
  });

  it('forwards JSON services by X-Amz-Target', async () => {
    const response = await gw.handle(new HttpRequest({ method: 'POST', path: '/', headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' }));
    assert.equal(response.statusCode, 200);
    assert.equal(seen.at(-1)!.headers['x-amz-target'], 'AmazonEC2ContainerServiceV20141113.ListClusters');
  });

  it('keeps ELBv2 calls for itself', async () => {
    const before = seen.length;
    const { status } = await gw.query({ Action: 'DescribeLoadBalancers' });
    assert.equal(status, 200);
    assert.equal(seen.length, before);
  });

  it('wipes every resource on POST /_kecs/reset when allowed', async () => {
    await gw.query({ Action: 'CreateLoadBalancer', Name: 'gone' });
    const response = await gw.handle(new HttpRequest({ method: 'POST', path: '/_kecs/reset', headers: {} }));
    assert.equal(response.statusCode, 200);
    const { body } = await gw.query({ Action: 'DescribeLoadBalancers' });
    assert.match(body, /<LoadBalancers\/>/);
  });
});
