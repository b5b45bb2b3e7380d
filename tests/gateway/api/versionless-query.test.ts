import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpRequest } from '@smithy/protocol-http';
import { bodyText, startTestGateway, type TestGateway } from '../../support/gateway.js';

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const SIGNED = 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=abc';

function post(body: string, headers: Record<string, string> = {}) {
  return new HttpRequest({ method: 'POST', hostname: 'localhost', path: '/', headers: { 'content-type': FORM, ...headers }, body });
}

describe('gateway: query calls without Version', () => {
  let gw: TestGateway;
  before(async () => { gw = await startTestGateway(); });
  after(() => gw.close());

  it('routes an action only ELBv2 has to ELBv2, signed or not', async () => {
    for (const headers of [{}, { authorization: SIGNED }] as Record<string, string>[]) {
      const response = await gw.handle(post('Action=DescribeTargetGroups', headers));
      assert.equal(response.statusCode, 200);
      assert.match(await bodyText(response), /^<DescribeTargetGroupsResponse xmlns="http:\/\/elasticloadbalancing.amazonaws.com\/doc\/2015-12-01\/"><DescribeTargetGroupsResult><TargetGroups\/>/);
    }
    const created = await gw.handle(post('Action=CreateTargetGroup&Name=no-version&Protocol=HTTP&Port=80&VpcId=vpc-1', { authorization: SIGNED }));
    assert.equal(created.statusCode, 200);
    const missing = await gw.handle(post('Action=DescribeSSLPolicies&Names.member.1=nope'));
    assert.equal(missing.statusCode, 400);
    assert.match(await bodyText(missing), /<Code>SSLPolicyNotFound<\/Code>/);
  });

  it('answers MissingParameter, a 4xx naming no service, for an action classic ELB has too or one nobody has', async () => {
    for (const [body, headers] of [['Action=DescribeLoadBalancers', { authorization: SIGNED }], ['Action=DescribeLoadBalancers', {}], ['Action=LaunchRockets', {}]] as const) {
      const response = await gw.handle(post(body, headers));
      const text = await bodyText(response);
      assert.equal(response.statusCode, 400, body);
      assert.match(text, /<Code>MissingParameter<\/Code><Message>The request must contain the parameter Version<\/Message>/);
      assert.doesNotMatch(/<Message>(.*)<\/Message>/.exec(text)![1], /@\?|kecs/i);
    }
  });

  it('still routes by Version when there is one', async () => {
    const response = await gw.handle(post('Action=DescribeLoadBalancers&Version=2015-12-01'));
    assert.equal(response.statusCode, 200);
  });
});
