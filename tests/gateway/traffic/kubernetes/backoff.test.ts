import assert from 'node:assert/strict';
import { it } from 'node:test';
import { backoffDelay } from '../../../../gateway/traffic/kubernetes/backoff.js';

it('backoff doubles up to the cap, with half of each wait random', () => {
  const options = { initialMs: 500, maxMs: 30_000 };
  assert.deepEqual([0, 1, 2, 3].map((n) => backoffDelay(n, options, () => 1)), [500, 1000, 2000, 4000]);
  assert.equal(backoffDelay(0, options, () => 0), 250);
  assert.equal(backoffDelay(50, options, () => 1), 30_000);
  assert.equal(backoffDelay(50, options, () => 0), 15_000);
});
