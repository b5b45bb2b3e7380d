import fc from 'fast-check';
import { service } from '../../handlers/elbv2/service.js';

/** Member names of ELBv2 inputs, so generated keys reach the handlers, not only the codec. */
const MEMBERS = [
  'Name', 'Names', 'LoadBalancerArn', 'LoadBalancerArns', 'TargetGroupArn', 'TargetGroupArns', 'ListenerArn',
  'ListenerArns', 'RuleArn', 'RuleArns', 'ResourceArns', 'Protocol', 'Port', 'Type', 'Scheme', 'Subnets',
  'SubnetMappings', 'SecurityGroups', 'IpAddressType', 'Tags', 'TagKeys', 'Targets', 'Attributes',
  'DefaultActions', 'Actions', 'Conditions', 'Priority', 'RulePriorities', 'Certificates', 'SslPolicy',
  'HealthCheckPath', 'HealthCheckPort', 'HealthCheckProtocol', 'HealthCheckIntervalSeconds',
  'HealthCheckTimeoutSeconds', 'HealthyThresholdCount', 'UnhealthyThresholdCount', 'Matcher', 'TargetType',
  'VpcId', 'Marker', 'PageSize', 'AlpnPolicy', 'MutualAuthentication', 'Transforms', 'ProtocolVersion',
];
/** Members of the structures inside those lists. */
const NESTED = [
  'Id', 'Port', 'AvailabilityZone', 'Key', 'Value', 'Type', 'TargetGroupArn', 'Order', 'Field', 'Values',
  'ForwardConfig', 'TargetGroups', 'Weight', 'RedirectConfig', 'StatusCode', 'FixedResponseConfig', 'MessageBody',
  'ContentType', 'HostHeaderConfig', 'PathPatternConfig', 'HttpHeaderConfig', 'HttpHeaderName', 'QueryStringConfig',
  'SourceIpConfig', 'CertificateArn', 'IsDefault', 'SubnetId', 'AllocationId', 'PrivateIPv4Address', 'Mode',
  'RuleArn', 'Priority', 'HttpCode', 'GrpcCode', 'RegexValues', 'Host', 'Path', 'Query', 'Protocol',
];

const index = fc.oneof(
  { weight: 60, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1000, 1001, 99999999999) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
);

/** Query keys: real members, `member.N` lists, nested structures, `entry.N` maps, and junk. */
export const queryKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...MEMBERS) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...MEMBERS), index).map(([m, i]) => `${m}.member.${i}`) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...MEMBERS), index, fc.constantFrom(...NESTED)).map(([m, i, n]) => `${m}.member.${i}.${n}`) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...MEMBERS), index, fc.constantFrom(...NESTED), fc.constantFrom(...NESTED), index, fc.constantFrom(...NESTED))
      .map(([m, i, a, b, j, c]) => `${m}.member.${i}.${a}.${b}.member.${j}.${c}`),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...MEMBERS), index, fc.constantFrom('key', 'value', 'Key')).map(([m, i, k]) => `${m}.entry.${i}.${k}`) },
  { weight: 1, arbitrary: fc.oneof(fc.array(fc.constantFrom('a', 'member', 'entry', '1', '__proto__', 'constructor', ''), { minLength: 1, maxLength: 40 }).map((s) => s.join('.')), fc.string({ maxLength: 20 })) },
);

const ARN_PREFIX = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:';

/** Values: what a real call sends, what a careless one does, and what an attacker tries. */
export function queryValue(knownArns: () => string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('HTTP', 'HTTPS', 'TCP', 'UDP', 'TLS', 'TCP_UDP', 'GENEVE', 'forward', 'redirect', 'fixed-response', 'application', 'network', 'internal', 'internet-facing', 'ip', 'instance', 'lambda', 'alb', 'ipv4', 'dualstack', 'path-pattern', 'host-header', 'http-header', 'query-string', 'source-ip', 'http-request-method', 'true', 'false', 'traffic-port', '200', '200-299', '/health', 'deletion_protection.enabled', 'stickiness.enabled', 'subnet-a', 'subnet-b', 'vpc-1', 'sg-1', '127.0.0.1', '10.0.0.1', '169.254.169.254', '::1', 'fuzz-lb', 'fuzz-tg') },
    { weight: 2, arbitrary: fc.integer({ min: -70000, max: 70000 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('9999999999999999999', '1e3', '0x10', ' 80', '-0', 'NaN', '') },
    { weight: 2, arbitrary: fc.constant(null).map(() => knownArns()).chain((arns) => (arns.length ? fc.constantFrom(...arns) : fc.constant(`${ARN_PREFIX}loadbalancer/app/none/0123456789abcdef`))) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => `${ARN_PREFIX}${s}`) },
    { weight: 2, arbitrary: fc.string({ maxLength: 64, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 16, unit: 'binary' }) },
    { weight: 1, arbitrary: fc.integer({ min: 250, max: 4000 }).map((n) => 'x'.repeat(n)) },
    { weight: 1, arbitrary: fc.constantFrom('*', '?', '\\', '%', '%zz', '<script>', "' or 1=1--", '${x}', '#{host}', '../../etc/passwd', '\u0000', '\r\nX: y', '(?=a)', '[') },
  );
}

/** ELBv2 actions: every operation of the API, plus names that are not. */
export const actionName: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...service.operations) },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', 'describeLoadBalancers', 'LaunchRockets', 'constructor', '__proto__'), fc.string({ maxLength: 12 })) },
);

// Built once, not per generated call: building a stringMatching arbitrary (it parses its regex)
// took 40% of the in-process fuzz suite's CPU. The values drawn are the same either way.
const name = fc.oneof(fc.constantFrom('fuzz-a', 'fuzz-b', 'fuzz-c'), fc.stringMatching(/^[a-zA-Z0-9-]{1,40}$/));
const port = fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(80, 4566, 0, 70000)).map(String);
const protocol = fc.constantFrom('HTTP', 'HTTPS', 'TCP', 'UDP', 'TLS', 'TCP_UDP');
const target = fc.constantFrom('127.0.0.1', '127.0.0.2', '10.1.2.3', '169.254.169.254', '8.8.8.8', '::1', 'i-0123456789abcdef0', 'x');

/**
 * What each of the main operations needs to get past validation, with values drawn from the same
 * pools, so that most calls reach a handler; generated pairs are added on top.
 */
function requiredMembers(action: string, arn: fc.Arbitrary<string>): fc.Arbitrary<Array<[string, string]>> {
  const forward = arn.map((a): Array<[string, string]> => [['DefaultActions.member.1.Type', 'forward'], ['DefaultActions.member.1.TargetGroupArn', a]]);
  const fixed = fc.constantFrom('200', '404', '503', '99').map((code): Array<[string, string]> => [['DefaultActions.member.1.Type', 'fixed-response'], ['DefaultActions.member.1.FixedResponseConfig.StatusCode', code]]);
  switch (action) {
    case 'CreateLoadBalancer':
      return fc.tuple(name, fc.constantFrom('application', 'network')).map(([n, t]) => [['Name', n], ['Type', t], ['Subnets.member.1', 'subnet-a'], ['Subnets.member.2', 'subnet-b']]);
    case 'CreateTargetGroup':
      return fc.tuple(name, protocol, port, fc.constantFrom('ip', 'instance')).map(([n, p, o, t]) => [['Name', n], ['Protocol', p], ['Port', o], ['VpcId', 'vpc-1'], ['TargetType', t]]);
    case 'CreateListener':
      return fc.tuple(arn, protocol, port, fc.oneof(forward, fixed)).map(([a, p, o, act]) => [['LoadBalancerArn', a], ['Protocol', p], ['Port', o], ...act]);
    case 'CreateRule':
      return fc.tuple(arn, fc.integer({ min: 1, max: 60000 }), fc.oneof(forward, fixed), fc.constantFrom('/a*', '*.example.com', 'GET', '10.0.0.0/8'), fc.constantFrom('path-pattern', 'host-header', 'http-request-method', 'source-ip'))
        .map(([a, p, act, v, f]) => [['ListenerArn', a], ['Priority', String(p)], ['Conditions.member.1.Field', f], ['Conditions.member.1.Values.member.1', v], ...act.map(([k, x]): [string, string] => [k.replace('DefaultActions', 'Actions'), x])]);
    case 'RegisterTargets':
    case 'DeregisterTargets':
      return fc.tuple(arn, target, port).map(([a, t, p]) => [['TargetGroupArn', a], ['Targets.member.1.Id', t], ['Targets.member.1.Port', p]]);
    case 'ModifyListener':
      return fc.tuple(arn, port).map(([a, p]) => [['ListenerArn', a], ['Port', p]]);
    case 'ModifyTargetGroupAttributes':
    case 'ModifyLoadBalancerAttributes':
    case 'ModifyListenerAttributes':
      return fc.tuple(arn, fc.constantFrom('deregistration_delay.timeout_seconds', 'stickiness.enabled', 'idle_timeout.timeout_seconds', 'deletion_protection.enabled', 'x'), fc.constantFrom('0', '30', 'true', '-1', ''))
        .map(([a, k, v]) => [[action === 'ModifyListenerAttributes' ? 'ListenerArn' : action === 'ModifyTargetGroupAttributes' ? 'TargetGroupArn' : 'LoadBalancerArn', a], ['Attributes.member.1.Key', k], ['Attributes.member.1.Value', v]]);
    case 'AddTags':
    case 'RemoveTags':
      return fc.tuple(arn, fc.string({ maxLength: 10 })).map(([a, k]) => [['ResourceArns.member.1', a], ['Tags.member.1.Key', k || 'k'], ['TagKeys.member.1', k || 'k']]);
    case 'DeleteLoadBalancer':
      return arn.map((a) => [['LoadBalancerArn', a]]);
    case 'DeleteTargetGroup':
    case 'DescribeTargetHealth':
      return arn.map((a) => [['TargetGroupArn', a]]);
    case 'DeleteListener':
    case 'DescribeRules':
      return arn.map((a) => [['ListenerArn', a]]);
    default:
      return fc.constant([]);
  }
}

const encodePair = ([k, v]: [string, string]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`;

/** A form body: an operation with its required members, generated pairs, and sometimes broken escapes. */
export function formBody(knownArns: () => string[]): fc.Arbitrary<string> {
  const value = queryValue(knownArns);
  const arn = fc.oneof({ weight: 9, arbitrary: fc.constant(null).chain(() => { const arns = knownArns(); return arns.length ? fc.constantFrom(...arns) : fc.constant(`${ARN_PREFIX}loadbalancer/app/none/0123456789abcdef`); }) }, { weight: 1, arbitrary: value });
  const junk = fc.constantFrom('%', '%E0%A4%A', '&&&', '=', 'a=b=c', '%FF%FE', '+++');
  const version = fc.oneof({ weight: 19, arbitrary: fc.constant('2015-12-01') }, { weight: 1, arbitrary: fc.constantFrom('2012-06-01', '', 'x') });
  return actionName.chain((action) => fc.tuple(
    fc.constant(action),
    version,
    requiredMembers(action, arn),
    fc.array(fc.tuple(queryKey, value).map(encodePair), { maxLength: 3 }),
    fc.oneof({ weight: 19, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(junk, { minLength: 1, maxLength: 2 }) }),
  )).map(([action, v, required, pairs, broken]) => [`Action=${encodeURIComponent(action)}`, `Version=${v}`, ...required.map(encodePair), ...pairs, ...broken].join('&'));
}

/** A SigV4 Authorization header: usually ELBv2 in a real region, sometimes anything. */
export const authorization: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 30, arbitrary: fc.constant('AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0') },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.oneof(fc.constantFrom('000000000000', '123456789012', 'test'), fc.string({ maxLength: 20 })), fc.oneof(fc.constantFrom('us-east-1', 'eu-west-3'), fc.string({ maxLength: 30 })), fc.oneof(fc.constantFrom('elasticloadbalancing', 'ec2', 'sts'), fc.string({ maxLength: 20 })))
      .map(([key, region, signing]) => `AWS4-HMAC-SHA256 Credential=${key}/20260101/${region}/${signing}/aws4_request, SignedHeaders=host, Signature=0`),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
);

/** An answer a fuzzed request may get: anything but a server error, except 501 for a service not served here. */
export function acceptable(status: number, body: string): boolean {
  return status < 500 || (status === 501 && body.includes('UnsupportedService'));
}
