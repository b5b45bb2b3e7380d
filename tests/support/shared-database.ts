import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The environment variable tests/run.ts sets to the URL of the migrated template database. */
export const TEMPLATE_URL_ENV = 'KECS_TEST_TEMPLATE_URL';
/** The template's name in the shared server. */
export const TEMPLATE_DATABASE = 'kecs_template';

/** A database of one test file, cloned from the shared template; `drop` removes it. */
export interface ClonedDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer<T>(templateUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(templateUrl);
  // Not the template itself: CREATE DATABASE … TEMPLATE refuses while anyone is connected to it.
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Clones the migrated template at `templateUrl` into a database of its own for this test file. */
export async function cloneTemplate(templateUrl: string): Promise<ClonedDatabase> {
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  // FILE_COPY copies the template's files (about 8 MB) where the default, WAL_LOG, writes them all
  // to the WAL: twice as slow here, and the throwaway server's checkpoints cost nothing (no fsync).
  await onServer(templateUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE} STRATEGY FILE_COPY`));
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    // Best effort: the whole server is deleted at the end of the run anyway. FORCE cannot end a
    // backend of another role (an autovacuum worker busy in the database), so that drop fails
    // now and then, and the database is simply left to the end of the run.
    drop: () => onServer(templateUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined, () => undefined),
  };
}
