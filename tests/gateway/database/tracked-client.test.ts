import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type pg from 'pg';
import type { ReadCache } from '../../../gateway/database/read-cache.js';
import { trackedClient } from '../../../gateway/database/tracked-client.js';

/** A client that records what it is sent, and the cache calls interleaved with it. */
function recorder() {
  const events: string[] = [];
  const client = {
    async query(config: string | { name?: string; text: string }) {
      events.push(typeof config === 'string' ? `query ${config}` : `query${config.name ? ` [${config.name}]` : ''} ${config.text}`);
      const text = typeof config === 'string' ? config : config.text;
      // A statement about `nothing` changes no row; the command tag is its first word.
      return { rows: [], command: text.split(' ')[0].toUpperCase(), rowCount: text.includes('nothing') ? 0 : 1 };
    },
    release() { events.push('release'); },
  } as unknown as pg.PoolClient;
  const cache = {
    read: () => { throw new Error('not used'); },
    writeStarted: () => events.push('write started'),
    writeEnded: (changed: boolean) => events.push(changed ? 'write ended, changed' : 'write ended, nothing changed'),
  } as ReadCache;
  return { events, client, cache };
}

describe('tracked client', () => {
  it('reports a transaction as one write, from begin to commit', async () => {
    const { events, client, cache } = recorder();
    const tracked = trackedClient(client, { cache, prepare: false });
    await tracked.query('begin');
    await tracked.query('update targets set state = $1', ['healthy']);
    await tracked.query('select 1 from targets for update');
    await tracked.query('commit');
    tracked.release();
    assert.deepEqual(events, [
      'write started', 'query begin', 'query update targets set state = $1', 'query select 1 from targets for update',
      'query commit', 'write ended, changed', 'release',
    ]);
  });

  it('reports a statement outside a transaction that is not a plain select, for as long as it runs', async () => {
    const { events, client, cache } = recorder();
    const tracked = trackedClient(client, { cache, prepare: false });
    await tracked.query('with bumped as (update routing_version set version = version + 1) select 1');
    await tracked.query('delete from tags');
    await tracked.query('select "arn" from "load_balancers"');
    assert.deepEqual(events, [
      'write started', 'query with bumped as (update routing_version set version = version + 1) select 1', 'write ended, changed',
      'write started', 'query delete from tags', 'write ended, changed',
      'query select "arn" from "load_balancers"',
    ]);
  });

  it('ends the write of a transaction whose client is given back open (its connection failed)', async () => {
    const { events, client, cache } = recorder();
    const tracked = trackedClient(client, { cache, prepare: false });
    await tracked.query('start transaction isolation level serializable');
    tracked.release();
    assert.deepEqual(events, ['write started', 'query start transaction isolation level serializable', 'write ended, nothing changed', 'release']);
  });

  it('reports an update or delete of no rows as a write that changed nothing', async () => {
    const { events, client, cache } = recorder();
    const tracked = trackedClient(client, { cache, prepare: false });
    await tracked.query('update load_balancers set state = $1 where nothing', ['active']);
    await tracked.query('begin');
    await tracked.query('delete from targets where nothing');
    await tracked.query('commit');
    await tracked.query('begin');
    await tracked.query('delete from targets where nothing');
    await tracked.query('delete from targets where drained');
    await tracked.query('commit');
    assert.deepEqual(events.filter((event) => event.startsWith('write ended')), [
      'write ended, nothing changed', 'write ended, nothing changed', 'write ended, changed',
    ]);
  });

  it('names a plain read seen again as a prepared statement when asked, the same name for the same text', async () => {
    const { events, client } = recorder();
    const tracked = trackedClient(client, { prepare: true });
    const text = 'select "arn" from "target_groups" where "arn" = $1';
    for (const arn of ['a', 'b', 'c']) await tracked.query(text, [arn]);
    await tracked.query('insert into tags values ($1)', ['d']);
    await tracked.query('insert into tags values ($1)', ['e']);
    const [once, second, third, ...writes] = events;
    assert.equal(once, `query ${text}`, 'a text seen once is not named');
    assert.match(second, /^query \[\w+\] select/);
    assert.equal(third, second);
    assert.deepEqual(writes, ['query insert into tags values ($1)', 'query insert into tags values ($1)'], 'a write is never prepared by name');
  });
});
