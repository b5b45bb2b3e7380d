import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';

/** A Postgres login. */
export interface Login {
  user: string;
  password: string;
}

/**
 * The embedded cluster's two logins: the bootstrap superuser, used only at start-up to create and
 * maintain the gateway's role, and that role, which owns the application's tables and is what the
 * gateway's pool, migrations and data plane connect as. It is not a superuser, so a connection to
 * it cannot run programs (`COPY … FROM PROGRAM`) as the user who started the gateway.
 */
export interface Credentials {
  superuser: Login;
  gateway: Login;
}

const FILE = 'postgres-credentials.json';
const SUPERUSER = 'kecs';
const GATEWAY_ROLE = 'kecs_gateway';

/**
 * The superuser password of data folders made before the credentials file existed. It is only
 * ever tried to log in once, to replace it.
 */
export const LEGACY_SUPERUSER_PASSWORD = 'kecs';

/** Reads `<dataDir>/postgres-credentials.json`, or undefined when the folder has none yet. */
export async function loadCredentials(dataDir: string): Promise<Credentials | undefined> {
  const path = resolve(dataDir, FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // A copy or a restore may have loosened the mode; the file holds a superuser password.
  await chmod(path, 0o600);
  return JSON.parse(text) as Credentials;
}

/**
 * Generates random passwords and writes them to `<dataDir>/postgres-credentials.json`, mode 0600
 * from its creation on (written beside it, then renamed, so a crash never leaves half a file).
 */
export async function createCredentials(dataDir: string): Promise<Credentials> {
  const password = () => randomBytes(24).toString('hex');
  const credentials: Credentials = {
    superuser: { user: SUPERUSER, password: password() },
    gateway: { user: GATEWAY_ROLE, password: password() },
  };
  const path = resolve(dataDir, FILE);
  const partial = `${path}.partial`;
  await rm(partial, { force: true });
  const file = await open(partial, 'wx', 0o600);
  try {
    await file.writeFile(`${JSON.stringify(credentials, null, 2)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(partial, path);
  return credentials;
}
