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

  it('answers from before a write while it runs, and keeps nothing once a write that changed rows ends', async () => {
    const cache = createReadCache();
    const { load, calls } = counting();
    const before = await cache.read('k', load);
    cache.writeStarted();
    assert.equal(await cache.read('k', load), before, 'as if read just before the commit');
    cache.writeEnded(true);
    const after = await cache.read('k', load);
    assert.notEqual(after, before);
    assert.equal(await cache.read('k', load), after);
    assert.equal(calls(), 2);
  });

  it('keeps what it holds across a write that changed nothing', async () => {
    const cache = createReadCache();
    const { load, calls } = counting();
    const before = await cache.read('k', load);
    cache.writeStarted();
    cache.writeEnded(false);
    assert.equal(await cache.read('k', load), before);
    assert.equal(calls(), 1);
  });

  it('does not keep a read made while a write runs', async () => {
    const cache = createReadCache();
    const { load, calls } = counting();
    cache.writeStarted();
    await cache.read('k', load);
    await cache.read('k', load);
    assert.equal(calls(), 2);
    cache.writeEnded(false);
    await cache.read('k', load);
    await cache.read('k', load);
    assert.equal(calls(), 3, 'after the write, one read fills the cache again');
  });

  it('does not keep a read that started before a write that changed rows and ended after it', async () => {
    const cache = createReadCache();
    let release!: () => void;
    const slow = cache.read('k', () => new Promise<string>((resolve) => { release = () => resolve('before the write'); }));
    cache.writeStarted();
    cache.writeEnded(true);
    release();
    assert.equal(await slow, 'before the write');
    assert.equal(await cache.read('k', async () => 'after the write'), 'after the write');
  });

  it('does not keep a read while any of several writes still runs', async () => {
    const cache = createReadCache();
    cache.writeStarted();
    cache.writeStarted();
    cache.writeEnded(false);
    await cache.read('k', async () => 'during');
    assert.equal(await cache.read('k', async () => 'again'), 'again', 'one write is still running');
  });

  it('does not keep a failed read', async () => {
    const cache = createReadCache();
    await assert.rejects(cache.read('k', async () => { throw new Error('not found'); }), /not found/);
    assert.equal(await cache.read('k', async () => 'found'), 'found');
  });
});
