import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as model from '@aws-sdk/client-elastic-load-balancing-v2';
import { NormalizedSchema } from '@smithy/core/schema';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { ServiceError } from '../../../gateway/api/errors.js';
import { decodeQuery, encodeQueryError, encodeQueryResult } from '../../../gateway/api/protocols/query.js';
import { sdkOutputShapes } from '../../../gateway/api/protocols/sdk-model.js';

const XMLNS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

describe('query protocol: decoding', () => {
  it('nests member lists, structures and entry maps', () => {
    const body = 'Action=CreateRule&Version=2015-12-01&ListenerArn=arn%3Aaws%3Ax&Priority=10'
      + '&Conditions.member.1.Field=path-pattern&Conditions.member.1.Values.member.1=%2Fapi%2F*'
      + '&Conditions.member.1.Values.member.2=%2Fv2+x&Actions.member.1.Type=forward'
      + '&Attributes.entry.1.key=a&Attributes.entry.1.value=1&Attributes.entry.2.key=b&Attributes.entry.2.value=2';
    assert.deepEqual(decodeQuery(body), {
      action: 'CreateRule',
      version: '2015-12-01',
      params: {
        ListenerArn: 'arn:aws:x',
        Priority: '10',
        Conditions: [{ Field: 'path-pattern', Values: ['/api/*', '/v2 x'] }],
        Actions: [{ Type: 'forward' }],
        Attributes: { a: '1', b: '2' },
      },
    });
  });

  it('keeps holes of a sparse numbering so validation can report them', () => {
    const { params } = decodeQuery('Names.member.1=a&Names.member.3=c');
    assert.equal((params.Names as unknown[]).length, 3);
    assert.equal(1 in (params.Names as unknown[]), false);
  });

  it('takes an empty value as an empty list marker', () => {
    assert.deepEqual(decodeQuery('Action=X&Subnets=').params, { Subnets: '' });
  });

  for (const [label, body] of [
    ['invalid percent-encoding', 'Action=X&Name=%E0%A4'],
    ['a lone percent', 'Action=X&Name=%'],
    ['a prototype key', 'Action=X&__proto__.polluted=1'],
    ['a list index of 0', 'Names.member.0=a'],
    ['a non-numeric list index', 'Names.member.x=a'],
  ] as const) {
    it(`rejects ${label} with MalformedQueryString`, () => {
      assert.throws(() => decodeQuery(body), (error: unknown) => error instanceof ServiceError && error.code === 'MalformedQueryString');
    });
  }
});

describe('query protocol: encoding (exact bytes)', () => {
  it('encodes a result with members, timestamps, booleans and escapes', () => {
    const xml = encodeQueryResult('DescribeThings', XMLNS, {
      Things: [{ Name: 'a<b>&"c"', CreatedTime: new Date('2026-01-02T03:04:05.678Z'), Enabled: true, Port: 80 }],
      NextMarker: undefined,
    }, 'req-1');
    assert.equal(xml,
      '<DescribeThingsResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">'
      + '<DescribeThingsResult><Things><member><Name>a&lt;b&gt;&amp;&quot;c&quot;</Name>'
      + '<CreatedTime>2026-01-02T03:04:05.678Z</CreatedTime><Enabled>true</Enabled><Port>80</Port></member></Things>'
      + '</DescribeThingsResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DescribeThingsResponse>');
  });

  it('always emits the Result element, even for an empty output', () => {
    assert.equal(encodeQueryResult('AddTags', XMLNS, {}, 'r'),
      `<AddTagsResponse xmlns="${XMLNS}"><AddTagsResult/><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AddTagsResponse>`);
  });

  it('encodes an empty list as an empty element', () => {
    assert.equal(encodeQueryResult('DescribeListeners', XMLNS, { Listeners: [] }, 'r'),
      `<DescribeListenersResponse xmlns="${XMLNS}"><DescribeListenersResult><Listeners/></DescribeListenersResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeListenersResponse>`);
  });

  it('writes any text so an XML parser reads back the same text', () => {
    const parser = new XMLParser({ parseTagValue: false, trimValues: false });
    // Printable ASCII holds all five characters that need escaping.
    fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii' }), (value) => {
      const xml = encodeQueryResult('Op', XMLNS, { Name: value }, 'r');
      assert.equal(parser.parse(xml).OpResponse.OpResult.Name ?? '', value);
    }), { numRuns: 500 });
  });

  it('encodes sender and receiver errors', () => {
    assert.equal(encodeQueryError(new ServiceError('PriorityInUse', "Priority '5' is currently in use"), XMLNS, 'r'),
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>PriorityInUse</Code><Message>Priority &apos;5&apos; is currently in use</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
    assert.equal(encodeQueryError(new ServiceError('InternalFailure', 'boom', 500), XMLNS, 'r'),
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>boom</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
  });
});

describe('query protocol: encoding from the output model (exact bytes)', () => {
  const shapes = sdkOutputShapes(model, ['DescribeLoadBalancers', 'DescribeRules']);
  const wrap = (operation: string, result: string) =>
    `<${operation}Response xmlns="${XMLNS}"><${operation}Result>${result}</${operation}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${operation}Response>`;

  it("writes members in AWS's order whatever the handler's key order, and only the model's members", () => {
    const output = {
      NextMarker: 'm',
      LoadBalancers: [{
        State: { Reason: undefined, Code: 'active' }, Type: 'application', LoadBalancerName: 'web', NotAnAwsMember: 'x',
        CreatedTime: new Date('2026-01-02T03:04:05.678Z'), LoadBalancerArn: 'arn:lb', SecurityGroups: [],
      }],
    };
    assert.equal(encodeQueryResult('DescribeLoadBalancers', XMLNS, output, 'r', shapes.get('DescribeLoadBalancers')), wrap('DescribeLoadBalancers',
      '<LoadBalancers><member><LoadBalancerArn>arn:lb</LoadBalancerArn><CreatedTime>2026-01-02T03:04:05.678Z</CreatedTime>'
      + '<LoadBalancerName>web</LoadBalancerName><State><Code>active</Code></State><Type>application</Type><SecurityGroups/></member></LoadBalancers>'
      + '<NextMarker>m</NextMarker>'));
  });

  it('writes a map member as entry/key/value, numbers and booleans as text', () => {
    const output = {
      Rules: [{
        IsDefault: false, Priority: '5', RuleArn: 'arn:rule',
        Actions: [{ Order: 1, Type: 'authenticate-oidc', AuthenticateOidcConfig: { AuthenticationRequestExtraParams: { prompt: 'login', display: 'page' }, SessionTimeout: 60, Issuer: 'https://idp' } }],
      }],
    };
    assert.equal(encodeQueryResult('DescribeRules', XMLNS, output, 'r', shapes.get('DescribeRules')), wrap('DescribeRules',
      '<Rules><member><RuleArn>arn:rule</RuleArn><Priority>5</Priority><Actions><member><Type>authenticate-oidc</Type>'
      + '<AuthenticateOidcConfig><Issuer>https://idp</Issuer><SessionTimeout>60</SessionTimeout><AuthenticationRequestExtraParams>'
      + '<entry><key>prompt</key><value>login</value></entry><entry><key>display</key><value>page</value></entry>'
      + '</AuthenticationRequestExtraParams></AuthenticateOidcConfig><Order>1</Order></member></Actions><IsDefault>false</IsDefault></member></Rules>'));
  });

  it('writes an empty list as an empty element and an empty output as an empty Result', () => {
    assert.equal(encodeQueryResult('DescribeRules', XMLNS, { Rules: [] }, 'r', shapes.get('DescribeRules')), wrap('DescribeRules', '<Rules/>'));
    assert.equal(encodeQueryResult('DescribeRules', XMLNS, {}, 'r', shapes.get('DescribeRules')),
      `<DescribeRulesResponse xmlns="${XMLNS}"><DescribeRulesResult/><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeRulesResponse>`);
  });

  it('names elements by xmlName traits where the model has them', () => {
    const items = [1, 'test', 'Items', 0, [0, { xmlName: 'item' }]];
    const params = [2, 'test', 'Params', 0, [0, { xmlName: 'name' }], [0, { xmlName: 'text' }]];
    const output = [3, 'test', 'Output', 0, ['Items', 'Params'], [[() => items, { xmlName: 'ItemSet' }], () => params]];
    assert.equal(encodeQueryResult('Op', XMLNS, { Params: { a: '1' }, Items: ['x', 'y'] }, 'r', NormalizedSchema.of(output as never)),
      wrap('Op', '<ItemSet><item>x</item><item>y</item></ItemSet><Params><entry><name>a</name><text>1</text></entry></Params>'));
  });

  it('refuses a model that lacks one of the operations at start-up', () => {
    assert.throws(() => sdkOutputShapes(model, ['DescribeLoadBalancers', 'LaunchRockets']), /The SDK model has no operation LaunchRockets/);
  });
});
