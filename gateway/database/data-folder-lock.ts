import { readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StartupError } from '../startup-errors.js';

/** Held while a gateway uses a data folder; `release` removes the lock file. */
export interface DataFolderLock {
  release(): Promise<void>;
}

const LOCK_FILE = 'gateway.pid';

/**
 * When the process `pid` started (clock ticks since boot, field 22 of /proc/<pid>/stat), or
 * undefined where /proc is missing. A PID alone is reused — in a restarted container the next
 * gateway often gets the very PID the last one had — so a lock names its holder by both.
 */
function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The PID of the live gateway holding the lock, or undefined when the lock is stale. */
function liveHolder(content: string): number | undefined {
  const [pidLine, ticks] = content.split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return undefined;
  if (ticks && startTicks(pid) !== undefined && startTicks(pid) !== ticks) return undefined;
  return pid;
}

/**
 * Locks `dataDir` for this process: `<dataDir>/gateway.pid`, created exclusively, holds our PID.
 * A second gateway on the folder would otherwise take the first one's live Postgres for an
 * orphan and stop it. A lock left by a dead gateway (SIGKILL, power cut) is taken over.
 * Throws {@link StartupError} naming the holder when a live gateway has the folder.
 */
export async function lockDataFolder(dataDir: string): Promise<DataFolderLock> {
  const path = resolve(dataDir, LOCK_FILE);
  const content = `${process.pid}\n${startTicks(process.pid) ?? ''}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      const file = await open(path, 'wx', 0o644);
      await file.writeFile(content);
      await file.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw error;
    }
    const holder = liveHolder(await readFile(path, 'utf8').catch(() => ''));
    if (holder !== undefined) {
      throw new StartupError(`KECS_DATA_DIR ${resolve(dataDir)} is in use by another kecs-lb gateway (PID ${holder}) — stop it or set another KECS_DATA_DIR`);
    }
    await unlink(path).catch(() => undefined);
  }
  return {
    async release() {
      // Only our own lock: never one a later gateway took over after us.
      if ((await readFile(path, 'utf8').catch(() => '')) === content) await unlink(path).catch(() => undefined);
    },
  };
}
