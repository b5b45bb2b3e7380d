import type { RoutingState } from '../../../../gateway/traffic/route-table/compile.js';
import { forward, listener, loadBalancer, routingState, rule, target, targetGroup } from './fixtures.js';

// The state behind golden/representative.json: every condition type, every action type, weights
// and both stickiness kinds, fail-open, an empty group, two ALBs sharing port 80, and an NLB with
// TCP, TLS and UDP listeners.

const web = loadBalancer('web', '50dc6c495c0c9188', { createdAt: '2026-01-01T00:00:00Z' });
const shop = loadBalancer('shop', '7f8e9d0c1b2a3948', { createdAt: '2026-01-02T00:00:00Z' });
const net = loadBalancer('net', '0a1b2c3d4e5f6071', { type: 'network', createdAt: '2026-01-03T00:00:00Z' });

const api = targetGroup('api', '11111111111111a1', {
  attributes: { 'stickiness.enabled': 'true', 'stickiness.type': 'lb_cookie', 'stickiness.lb_cookie.duration_seconds': '3600' },
});
const canary = targetGroup('canary', '22222222222222b2', { attributes: { 'load_balancing.algorithm.type': 'least_outstanding_requests' } });
const empty = targetGroup('empty', '33333333333333c3');
const secure = targetGroup('secure', '44444444444444d4', {
  protocol: 'HTTPS',
  attributes: { 'stickiness.enabled': 'true', 'stickiness.type': 'app_cookie', 'stickiness.app_cookie.cookie_name': 'JSESSIONID', 'stickiness.app_cookie.duration_seconds': '600' },
});
const tcp = targetGroup('tcp', '55555555555555e5', { protocol: 'TCP' });
const tls = targetGroup('tls', '66666666666666f6', { protocol: 'TLS' });
const dns = targetGroup('dns', '7777777777777707', { protocol: 'UDP' });

const web80 = listener(web, 'aaaaaaaaaaaaaa01', 80);
const web443 = listener(web, 'aaaaaaaaaaaaaa02', 443, 'HTTPS');
const shop80 = listener(shop, 'bbbbbbbbbbbbbb01', 80);
const net9000 = listener(net, 'cccccccccccccc01', 9000, 'TCP');
const net9443 = listener(net, 'cccccccccccccc02', 9443, 'TLS');
const net53 = listener(net, 'cccccccccccccc03', 53, 'UDP');

const rules = [
  rule(web80, 'r10', 10, [
    { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } },
    { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Env', Values: ['prod*', 'stag?'] } },
  ], [{
    Type: 'forward',
    ForwardConfig: {
      TargetGroups: [{ TargetGroupArn: canary.arn, Weight: 20 }, { TargetGroupArn: api.arn, Weight: 80 }],
      TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 300 },
    },
  }]),
  rule(web80, 'r20', 20, [{ Field: 'host-header', Values: ['*.old.example.com'] }], [
    { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } },
  ]),
  rule(web80, 'r30', 30, [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['DELETE', 'PATCH'] } }], [
    { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '403', ContentType: 'text/plain', MessageBody: 'denied' } },
  ]),
  rule(web80, 'r40', 40, [
    { Field: 'query-string', QueryStringConfig: { Values: [{ Key: 'version', Value: 'v?' }, { Value: 'debug' }] } },
    { Field: 'source-ip', SourceIpConfig: { Values: ['10.0.0.0/8', '2001:db8::/32'] } },
  ], [{ Type: 'authenticate-oidc', Order: 1 }, { Type: 'forward', TargetGroupArn: api.arn, Order: 2 }]),
  // Only a keyless query-string pair: Traefik cannot express it, so this rule has no router.
  rule(web80, 'r50', 50, [{ Field: 'query-string', QueryStringConfig: { Values: [{ Value: 'x' }] } }], [forward(api)]),
  rule(web80, 'r60', 60, [
    { Field: 'host-header', HostHeaderConfig: { Values: ['API.example.com'] } },
    { Field: 'path-pattern', Values: ['/v1/(beta)+/*'] },
  ], [forward(empty)]),
  rule(web80, 'default', 'default', [], [forward(api)]),
  rule(web443, 'r1', 1, [{ Field: 'path-pattern', Values: ['/legacy*'] }], [
    { Type: 'redirect', RedirectConfig: { Host: 'new.example.com', Path: '/', Query: 'from=legacy', StatusCode: 'HTTP_302' } },
  ]),
  rule(web443, 'default', 'default', [], [forward(secure)]),
  rule(shop80, 'r10', 10, [{ Field: 'path-pattern', Values: ['/cart'] }], [
    { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503', ContentType: 'application/json', MessageBody: '{"closed":true}' } },
  ]),
  rule(shop80, 'default', 'default', [], [forward(canary)]),
  rule(net9000, 'default', 'default', [], [forward(tcp)]),
  rule(net9443, 'default', 'default', [], [forward(tls)]),
  rule(net53, 'default', 'default', [], [forward(dns)]),
];

const targets = [
  // api: two healthy; the others are left out.
  target(api, '10.0.1.10', 8080, 'healthy'),
  target(api, '10.0.1.11', 8080, 'healthy'),
  target(api, '10.0.1.12', 8080, 'unhealthy'),
  target(api, '10.0.1.13', 8080, 'draining'),
  target(api, '10.0.1.14', 8080, 'initial'),
  // canary: none healthy, so it fails open to every registered non-draining target.
  target(canary, '10.0.2.10', 8080, 'unhealthy'),
  target(canary, '10.0.2.11', 8080, 'initial'),
  target(canary, '10.0.2.12', 8080, 'draining'),
  target(secure, 'fd00::5', 8443, 'healthy'),
  target(tcp, '10.0.3.10', 9000, 'healthy'),
  target(tcp, '10.0.3.11', 9000, 'healthy'),
  target(tls, '10.0.4.10', 9443, 'healthy'),
  target(dns, '10.0.5.10', 53, 'unavailable'),
];

export const REPRESENTATIVE: RoutingState = routingState({
  loadBalancers: [web, shop, net],
  listeners: [web80, web443, shop80, net9000, net9443, net53],
  rules,
  targetGroups: [api, canary, empty, secure, tcp, tls, dns],
  targets,
}, '42');
