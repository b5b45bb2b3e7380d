import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../gateway/config.js';
import { reservedPorts } from '../../gateway/reserved-ports.js';

describe('KECS_TARGET_ADDRESSES', () => {
  it('defaults to loopback and private ranges, never link-local (cloud metadata)', () => {
    const { allows } = loadConfig({}).targetAddresses;
    for (const host of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1', '10.42.0.7', '172.31.255.255', '192.168.1.1', '100.64.0.1', 'fd12::1']) assert.ok(allows(host), host);
    for (const host of ['169.254.169.254', '::ffff:169.254.169.254', 'fe80::1', '8.8.8.8', '172.32.0.1', '2001:db8::1', 'i-0123456789abcdef0', 'localhost']) assert.ok(!allows(host), host);
  });

  it('takes CIDRs and any, and refuses anything else at start-up', () => {
    const { allows } = loadConfig({ KECS_TARGET_ADDRESSES: '203.0.113.0/24, 2001:db8::/32' }).targetAddresses;
    assert.deepEqual(['203.0.113.9', '2001:db8::1', '127.0.0.1'].map(allows), [true, true, false]);
    assert.ok(loadConfig({ KECS_TARGET_ADDRESSES: 'any' }).targetAddresses.allows('169.254.169.254'));
    for (const bad of ['public', '10.0.0.0/33', '10.0.0.0', 'fe80::/129']) {
      assert.throws(() => loadConfig({ KECS_TARGET_ADDRESSES: bad }), ConfigError, bad);
    }
  });
});

describe('reserved ports', () => {
  it('reserve the API port and a database on this machine, once each', () => {
    const config = loadConfig({ KECS_PORT: '4566' });
    assert.deepEqual(reservedPorts(config, 4566, 'postgres://kecs:kecs@127.0.0.1:5433/postgres').map((r) => r.port), [4566, 5433]);
    assert.deepEqual(reservedPorts(loadConfig({ KECS_PORT: '0' }), 41000, 'postgres://db.internal/kecs').map((r) => r.port), [41000]);
    assert.deepEqual(reservedPorts(config, 4566, 'postgres://localhost/kecs').map((r) => r.port), [4566, 5432]);
  });
});
