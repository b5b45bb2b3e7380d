import { createHash } from 'node:crypto';
import { chown, lstat, mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { canEnter, type PostgresAccount } from './postgres-account.js';

/**
 * A short folder for the embedded Postgres's Unix socket. The gateway's pool reaches Postgres
 * through it rather than loopback TCP: a query over a Unix socket skips the TCP stack on both
 * sides, which on a busy machine is a large share of each round trip. The socket cannot live in
 * the data folder: a socket path is limited to 107 bytes, which a deep KECS_DATA_DIR would break.
 * So the folder sits in the OS temp folder (else /tmp, when Postgres's own user cannot enter
 * that one), named by a hash of the cluster's path (the same folder after a restart), mode 0700
 * and owned by Postgres's user, so no other user can reach the socket.
 *
 * Undefined, with a warning, when no such folder can be made or an existing one is not ours and
 * private (another user may have made it first in a shared temp folder): then TCP alone is used.
 */
export async function socketFolder(clusterDir: string, account: PostgresAccount | undefined, log: Logger): Promise<string | undefined> {
  const name = `kecs-pg-${createHash('sha256').update(clusterDir).digest('hex').slice(0, 16)}`;
  for (const parent of new Set([tmpdir(), '/tmp'])) {
    const folder = join(parent, name);
    try {
      if (await privateFolder(folder, account)) return folder;
      log.warn({ folder }, 'the Postgres socket folder is not a private folder of ours');
    } catch (error) {
      log.warn({ folder, err: (error as Error).message }, 'cannot make the Postgres socket folder');
    }
  }
  log.warn('no folder for the Postgres socket; the gateway reaches Postgres over TCP');
  return undefined;
}

/** Makes `folder` (or finds it made) for Postgres's user: whether it is private to that user and reachable by it. */
async function privateFolder(folder: string, account: PostgresAccount | undefined): Promise<boolean> {
  const made = await mkdir(folder, { mode: 0o700 }).then(() => true, (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
    return false;
  });
  // Only a folder made just now is handed to Postgres's user; an existing one must be its already.
  if (made && account) await chown(folder, account.uid, account.gid);
  const stats = await lstat(folder);
  const owner = account?.uid ?? process.getuid?.();
  if (!stats.isDirectory() || stats.uid !== owner || (stats.mode & 0o077) !== 0) return false;
  // A temp folder private to the gateway's user (a test runner's) is closed to Postgres's.
  if (account && !canEnter(account, folder)) {
    if (made) await rmdir(folder);
    return false;
  }
  // A Postgres killed outright (SIGKILL) leaves its socket and lock file behind; it is stopped by
  // now (embedded.ts stops an orphan first, and the data folder lock keeps other gateways off), so
  // whatever is left is stale and would keep the folder from being removed at stop.
  if (!made) {
    for (const entry of await readdir(folder)) {
      if (entry.startsWith('.s.PGSQL.')) await rm(join(folder, entry), { force: true });
    }
  }
  return true;
}
