import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../gateway/config.js';
import { openDatabase, type DatabaseHandle } from '../../gateway/database/connect.js';
import { wipeResources } from '../../gateway/database/wipe.js';
import { createLogger } from '../../gateway/logger.js';
import { cloneTemplate, TEMPLATE_URL_ENV } from './shared-database.js';

export interface TestDatabase extends DatabaseHandle {
  config: Config;
  /** Empties every resource table between tests. */
  truncate(): Promise<void>;
}

/**
 * A migrated database for one test file, so files run in parallel: under `npm test`, a clone of
 * the shared server's template (tests/run.ts); run on its own, an embedded server in a temporary
 * folder.
 */
export async function startTestDatabase(env: Record<string, string> = {}): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-test-'));
  const templateUrl = process.env[TEMPLATE_URL_ENV];
  const clone = templateUrl ? await cloneTemplate(templateUrl) : undefined;
  const config = loadConfig({ KECS_DATA_DIR: dataDir, KECS_LOG_LEVEL: 'silent', DATABASE_URL: clone?.url ?? '', ...env });
  const handle = await openDatabase(config, createLogger(config.logLevel));
  return {
    ...handle,
    config,
    async truncate() {
      await wipeResources(handle.db);
    },
    async close() {
      await handle.close();
      await clone?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
