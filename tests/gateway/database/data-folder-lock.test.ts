import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lockDataFolder } from '../../../gateway/database/data-folder-lock.js';
import { StartupError } from '../../../gateway/startup-errors.js';

describe('data folder lock', () => {
  let dataDir: string;
  before(async () => { dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-lock-')); });
  after(() => rm(dataDir, { recursive: true, force: true }));
  const lockFile = () => join(dataDir, 'gateway.pid');

  it('writes our PID, refuses a live holder by its PID, and is gone once released', async () => {
    const lock = await lockDataFolder(dataDir);
    assert.equal((await readFile(lockFile(), 'utf8')).split('\n')[0], String(process.pid));
    // Another live process holds it: a child that sleeps, with its own start time.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await lock.release();
      assert.equal(existsSync(lockFile()), false);
      await writeFile(lockFile(), `${holder.pid}\n`);
      await assert.rejects(lockDataFolder(dataDir), (error: Error) => {
        assert.ok(error instanceof StartupError);
        assert.match(error.message, new RegExp(`is in use by another kecs-lb gateway \\(PID ${holder.pid}\\)`));
        return true;
      });
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit').catch(() => undefined);
    }
  });

  it('takes over a lock whose holder is dead, or whose PID now belongs to a process started later', async () => {
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(dead, 'exit');
    await writeFile(lockFile(), `${dead.pid}\n`);
    const first = await lockDataFolder(dataDir);
    await first.release();
    // PID 1 is alive, but was not started at the recorded moment: the PID was reused.
    await writeFile(lockFile(), '1\n0\n');
    const second = await lockDataFolder(dataDir);
    assert.equal((await readFile(lockFile(), 'utf8')).split('\n')[0], String(process.pid));
    await second.release();
  });

  it('leaves alone a lock another gateway took over after us', async () => {
    const lock = await lockDataFolder(dataDir);
    await writeFile(lockFile(), '12345\n');
    await lock.release();
    assert.equal(await readFile(lockFile(), 'utf8'), '12345\n');
    await rm(lockFile());
  });
});
