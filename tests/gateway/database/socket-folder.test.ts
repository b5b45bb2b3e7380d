import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmod, readdir, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { socketFolder } from '../../../gateway/database/socket-folder.js';
import { createLogger } from '../../../gateway/logger.js';

const log = createLogger('silent');

describe('Postgres socket folder', () => {
  it('is a short private folder, the same one for the same cluster', async () => {
    // A cluster path deeper than a socket path may be: the folder does not depend on its length.
    const cluster = `/${'deep/'.repeat(40)}${randomUUID()}/postgres`;
    const folder = await socketFolder(cluster, undefined, log);
    assert.ok(folder);
    try {
      assert.ok(`${folder}/.s.PGSQL.65535`.length < 107, folder);
      assert.equal((await stat(folder)).mode & 0o777, 0o700);
      // What a Postgres killed outright leaves behind is cleared when the folder is used again.
      await writeFile(join(folder, '.s.PGSQL.5432.lock'), '12345\n');
      assert.equal(await socketFolder(cluster, undefined, log), folder);
      assert.deepEqual(await readdir(folder), []);
      const other = await socketFolder(`${cluster}-other`, undefined, log);
      assert.ok(other);
      await rmdir(other);
      assert.notEqual(other, folder, 'another cluster has its own folder');
    } finally {
      await rmdir(folder);
    }
  });

  it('is refused when the folder already there is open to others', async () => {
    const cluster = `/${randomUUID()}/postgres`;
    const folder = await socketFolder(cluster, undefined, log);
    assert.ok(folder);
    try {
      await chmod(folder, 0o777);
      assert.equal(await socketFolder(cluster, undefined, log), undefined);
    } finally {
      await rmdir(folder);
    }
  });
});
