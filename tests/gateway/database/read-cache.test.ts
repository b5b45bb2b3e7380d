import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReadCache } from '../../../gateway/database/read-cache.js';

/** A load that counts its calls and answers a new object each time. */
function counting() {
  let calls = 0;
  return { load: async () => ({ call: ++calls }), calls: () => calls };
}

describe('read cache', () => {
  it('answers a key from memory after its first read', async () => {
    const cache = createReadCache();
    const { load, calls } = counting();
    const first = await cache.read('k', load);
    assert.equal(await cache.read('k', load), first);
    assert.equal(calls(), 1);
    await cache.read('other', load);
    assert.equal(calls(), 2);
  });

  it('keeps nothing across a write, nor anything read while one runs', async () => {
    const cache = createReadCache();
    const { load, calls } = counting();
    await cache.read('k', load);
    cache.writeStarted();
    await cache.read('k', load);
    await cache.read('k', load);
    assert.equal(calls(), 3, 'every read during the write goes to the database');
    cache.writeEnded();
    await cache.read('k', load);
    await cache.read('k', load);
    assert.equal(calls(), 4, 'after the write, one read fills the cache again');
  });

  it('does not keep a read that started before a write and ended after it', async () => {
    const cache = createReadCache();
    let release!: () => void;
    const slow = cache.read('k', () => new Promise<string>((resolve) => { release = () => resolve('before the write'); }));
    cache.writeStarted();
    cache.writeEnded();
    release();
    assert.equal(await slow, 'before the write');
    assert.equal(await cache.read('k', async () => 'after the write'), 'after the write');
  });

  it('does not keep a read that overlapped a write which has not ended', async () => {
    const cache = createReadCache();
    cache.writeStarted();
    cache.writeStarted();
    cache.writeEnded();
    await cache.read('k', async () => 'during');
    assert.equal(await cache.read('k', async () => 'again'), 'again', 'one write is still running');
  });

  it('does not keep a failed read', async () => {
    const cache = createReadCache();
    await assert.rejects(cache.read('k', async () => { throw new Error('not found'); }), /not found/);
    assert.equal(await cache.read('k', async () => 'found'), 'found');
  });
});
