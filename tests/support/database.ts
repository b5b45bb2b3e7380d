import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../gateway/config.js';
import { openDatabase, type DatabaseHandle } from '../../gateway/database/connect.js';
import { wipeResources } from '../../gateway/database/wipe.js';
import { createLogger } from '../../gateway/logger.js';

export interface TestDatabase extends DatabaseHandle {
  config: Config;
  /** Empties every resource table between tests. */
  truncate(): Promise<void>;
}

/**
 * A migrated Postgres for one test file: the embedded server in a temporary folder, or the
 * server of `TEST_DATABASE_URL` when set. Each test file gets its own, so files run in parallel.
 */
export async function startTestDatabase(env: Record<string, string> = {}): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-test-'));
  const config = loadConfig({ KECS_DATA_DIR: dataDir, KECS_LOG_LEVEL: 'silent', DATABASE_URL: process.env.TEST_DATABASE_URL ?? '', ...env });
  const handle = await openDatabase(config, createLogger(config.logLevel));
  return {
    ...handle,
    config,
    async truncate() {
      await wipeResources(handle.db);
    },
    async close() {
      await handle.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
