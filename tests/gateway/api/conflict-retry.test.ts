import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { MAX_ATTEMPTS, retryingConflicts } from '../../../gateway/api/conflict-retry.js';
import { startTestDatabase } from '../../support/database.js';

const noPause = async () => undefined;

describe('operations aborted by a transaction conflict', () => {
  it('run again after a deadlock or a serialization failure, and answer the attempt that succeeds', async () => {
    const failures = [{ code: '40P01' }, { code: '40001' }];
    let attempts = 0;
    const result = await retryingConflicts(async () => {
      attempts++;
      const failure = failures.shift();
      if (failure) throw Object.assign(new Error('conflict'), failure);
      return 'done';
    }, noPause);
    assert.equal(result, 'done');
    assert.equal(attempts, 3);
  });

  it('give up after the last attempt, and never retry other errors', async () => {
    let attempts = 0;
    await assert.rejects(retryingConflicts(async () => {
      attempts++;
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    }, noPause), /deadlock detected/);
    assert.equal(attempts, MAX_ATTEMPTS);

    attempts = 0;
    await assert.rejects(retryingConflicts(async () => {
      attempts++;
      throw Object.assign(new Error('duplicate key'), { code: '23505' });
    }, noPause), /duplicate key/);
    assert.equal(attempts, 1);
  });

  it('turn a real Postgres deadlock into a completed operation on both sides', async () => {
    const database = await startTestDatabase();
    const pool = new pg.Pool({ connectionString: database.connectionString, max: 4 });
    try {
      await pool.query('create table pair (id int primary key, n int not null)');
      await pool.query('insert into pair values (1, 0), (2, 0)');
      // Two transactions lock the rows in opposite orders; both wait at a barrier in between, so
      // Postgres must abort one of them (40P01). Retried, both complete.
      let waiting = 0;
      let release!: () => void;
      const barrier = new Promise<void>((resolve) => { release = resolve; });
      let firstAttempts = true;
      const transfer = (first: number, second: number) => retryingConflicts(async () => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query('update pair set n = n + 1 where id = $1', [first]);
          if (firstAttempts) {
            if (++waiting === 2) release();
            await barrier;
          }
          await client.query('update pair set n = n + 1 where id = $1', [second]);
          await client.query('commit');
        } catch (error) {
          firstAttempts = false;
          await client.query('rollback');
          throw error;
        } finally {
          client.release();
        }
      });
      await Promise.all([transfer(1, 2), transfer(2, 1)]);
      const { rows } = await pool.query('select n from pair order by id');
      assert.deepEqual(rows.map((row) => row.n), [2, 2]);
    } finally {
      await pool.end();
      await database.close();
    }
  });
});
