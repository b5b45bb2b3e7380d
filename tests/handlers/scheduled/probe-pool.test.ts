import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProbePool } from '../../../handlers/scheduled/lib/probe-pool.js';
import type { ProbeResult } from '../../../handlers/scheduled/lib/target-health.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('probe pool', () => {
  it('keeps at most `limit` probes in flight and hands every result to take()', async () => {
    const pool = new ProbePool<number>(3, () => new Date(0));
    let active = 0;
    let most = 0;
    const run = async (): Promise<ProbeResult> => {
      most = Math.max(most, ++active);
      await sleep(10);
      active--;
      return { ok: true };
    };
    const finished = Array.from({ length: 10 }, (_, i) => pool.submit(i, 0, run));
    assert.equal(pool.pending, 10);
    await Promise.all(finished);
    assert.equal(most, 3);
    assert.equal(pool.pending, 10, 'finished results count until taken');
    assert.deepEqual(pool.take().map((c) => c.item).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(pool.pending, 0);
    assert.deepEqual(pool.take(), []);
  });

  it('starts a probe claimed ahead at its due time, and counts a throwing probe as failed', async () => {
    const pool = new ProbePool<string>(8, () => new Date(0));
    const started = performance.now();
    let ranAt = 0;
    const later = pool.submit('later', 80, async () => {
      ranAt = performance.now() - started;
      return { ok: true };
    });
    const broken = pool.submit('broken', 0, () => Promise.reject(new Error('boom')));
    await broken;
    assert.deepEqual(pool.take().map((c) => [c.item, c.result]), [['broken', { ok: false, kind: 'failed' }]]);
    assert.equal(pool.pending, 1);
    // The delay timer is unref'd (it must not keep a stopping gateway alive); this sleep keeps the test's loop alive.
    await Promise.all([later, sleep(100)]);
    assert.ok(ranAt >= 79, `ran after ${ranAt} ms`);
    assert.deepEqual(pool.take().map((c) => c.item), ['later']);
  });
});
