import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultAttributes } from '../../../../handlers/elbv2/lib/attributes.js';
import { targetGroupAttributeSpecs } from '../../../../handlers/elbv2/lib/target-group-attributes.js';

const defaults = (target_type: string, protocol: string | null) => defaultAttributes(targetGroupAttributeSpecs({ target_type, protocol, protocol_version: null }));

describe('target group attribute defaults', () => {
  it('gives each kind its keys', () => {
    assert.equal(defaults('instance', 'HTTP')['stickiness.type'], 'lb_cookie');
    assert.equal(defaults('instance', 'TCP')['stickiness.type'], 'source_ip');
    assert.equal(defaults('ip', 'GENEVE')['stickiness.type'], 'source_ip_dest_ip_proto');
    assert.deepEqual(Object.keys(defaults('lambda', null)), ['lambda.multi_value_headers.enabled']);
    assert.equal(defaults('instance', 'HTTP')['preserve_client_ip.enabled'], undefined);
    assert.equal(defaults('instance', 'TCP')['load_balancing.algorithm.type'], undefined);
  });

  it('preserves client IPs except for ip targets over TCP or TLS', () => {
    assert.equal(defaults('instance', 'TCP')['preserve_client_ip.enabled'], 'true');
    assert.equal(defaults('ip', 'TCP')['preserve_client_ip.enabled'], 'false');
    assert.equal(defaults('ip', 'TLS')['preserve_client_ip.enabled'], 'false');
    assert.equal(defaults('ip', 'UDP')['preserve_client_ip.enabled'], 'true');
    assert.equal(defaults('alb', 'TCP')['preserve_client_ip.enabled'], 'true');
  });

  it('terminates connections after deregistration by default only for UDP', () => {
    assert.equal(defaults('ip', 'UDP')['deregistration_delay.connection_termination.enabled'], 'true');
    assert.equal(defaults('ip', 'TCP_UDP')['deregistration_delay.connection_termination.enabled'], 'true');
    assert.equal(defaults('ip', 'TCP')['deregistration_delay.connection_termination.enabled'], 'false');
  });

  it('has least connections as an extension of TCP/TLS groups with instance or ip targets only', () => {
    const spec = (target_type: string, protocol: string) => targetGroupAttributeSpecs({ target_type, protocol, protocol_version: null })['load_balancing.algorithm.type'];
    assert.deepEqual([spec('ip', 'TCP'), spec('instance', 'TLS')].map((s) => [s?.extension, s?.default]), [[true, 'round_robin'], [true, 'round_robin']]);
    assert.deepEqual([spec('ip', 'UDP'), spec('ip', 'TCP_UDP'), spec('alb', 'TCP')], [undefined, undefined, undefined]);
    assert.equal(spec('ip', 'HTTP').extension, undefined);
  });

  it('checks slow start as 0 or 30–900', () => {
    const spec = targetGroupAttributeSpecs({ target_type: 'ip', protocol: 'HTTP', protocol_version: null })['slow_start.duration_seconds'];
    assert.deepEqual(['0', '30', '900', '29', '901', 'x'].map((v) => spec.check(v) === undefined), [true, true, true, false, false, false]);
  });
});
