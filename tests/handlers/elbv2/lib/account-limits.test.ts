import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCOUNT_LIMITS } from '../../../../handlers/elbv2/lib/account-limits.js';
import { MAX_LOAD_BALANCERS } from '../../../../handlers/elbv2/lib/load-balancers.js';

describe('account limits', () => {
  it('lists each AWS limit name once, in the API reference order, with an integer string maximum', () => {
    const names = ACCOUNT_LIMITS.map((l) => l.Name!);
    assert.equal(new Set(names).size, 18);
    assert.deepEqual(names, [...names].sort());
    for (const limit of ACCOUNT_LIMITS) assert.match(limit.Max!, /^[1-9]\d*$/, limit.Name);
  });

  it('reports the quota the code enforces', () => {
    const max = new Map(ACCOUNT_LIMITS.map((l) => [l.Name, l.Max]));
    assert.equal(max.get('application-load-balancers'), String(MAX_LOAD_BALANCERS));
    assert.equal(max.get('network-load-balancers'), String(MAX_LOAD_BALANCERS));
  });
});
