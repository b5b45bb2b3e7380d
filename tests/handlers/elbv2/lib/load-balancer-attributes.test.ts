import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAttributes, defaultAttributes } from '../../../../handlers/elbv2/lib/attributes.js';
import {
  checkKeysOfType,
  checkLogBuckets,
  currentAttributes,
  LOAD_BALANCER_ATTRIBUTES,
} from '../../../../handlers/elbv2/lib/load-balancer-attributes.js';

describe('load balancer attributes', () => {
  it('fills keys missing from a stored row with defaults and hides keys the type no longer has', () => {
    const now = currentAttributes('application', { 'idle_timeout.timeout_seconds': '30', 'retired.key': 'x' });
    assert.equal(now['idle_timeout.timeout_seconds'], '30');
    assert.equal(now['routing.http2.enabled'], 'true');
    assert.equal(now['retired.key'], undefined);
    assert.deepEqual(Object.keys(now).sort(), Object.keys(LOAD_BALANCER_ATTRIBUTES.application).sort());
  });

  it('refuses keys of another type with InvalidConfigurationRequest, leaving unknown keys to applyAttributes', () => {
    assert.throws(() => checkKeysOfType('network', [{ Key: 'routing.http2.enabled', Value: 'true' }]), {
      name: 'InvalidConfigurationRequest',
      message: "Load balancer attribute key 'routing.http2.enabled' is not supported on load balancers with type 'network'",
    });
    assert.doesNotThrow(() => checkKeysOfType('network', [{ Key: 'dns_record.client_routing_policy' }, { Key: 'made.up' }]));
    // Terraform's retry pattern must match both wordings.
    const terraform = /attribute key ('|")?([^'" ]+)('|")? is not (recognized|supported)/;
    assert.match("Load balancer attribute key 'a.b' is not supported on load balancers with type 'network'", terraform);
  });

  it('applies changes with range and enum checks for each type', () => {
    const specs = LOAD_BALANCER_ATTRIBUTES.application;
    const next = applyAttributes(specs, defaultAttributes(specs), [{ Key: 'idle_timeout.timeout_seconds', Value: '4000' }]);
    assert.equal(next['idle_timeout.timeout_seconds'], '4000');
    assert.throws(() => applyAttributes(specs, next, [{ Key: 'idle_timeout.timeout_seconds', Value: '-1' }]), { name: 'ValidationError' });
    assert.throws(() => applyAttributes(specs, next, [{ Key: 'routing.http.xff_header_processing.mode', Value: 'drop' }]), { name: 'ValidationError' });
    const nlb = LOAD_BALANCER_ATTRIBUTES.network;
    assert.equal(applyAttributes(nlb, defaultAttributes(nlb), [{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }])['load_balancing.cross_zone.enabled'], 'true');
  });

  it('requires a bucket for every enabled log', () => {
    for (const log of ['access_logs', 'connection_logs', 'health_check_logs']) {
      assert.throws(() => checkLogBuckets({ [`${log}.s3.enabled`]: 'true', [`${log}.s3.bucket`]: '' }), { message: `The value of '${log}.s3.bucket' cannot be empty` });
      assert.doesNotThrow(() => checkLogBuckets({ [`${log}.s3.enabled`]: 'true', [`${log}.s3.bucket`]: 'b' }));
    }
    assert.doesNotThrow(() => checkLogBuckets(currentAttributes('network', {})));
  });
});
