import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, Migrator, type Kysely } from 'kysely';
import type { Logger } from '../logger.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Applies every pending migration; Kysely's lock makes concurrent replicas safe. */
export async function migrateToLatest(db: Kysely<any>, log: Logger): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    log.info({ migration: result.migrationName, status: result.status }, 'migration');
  }
  if (error) throw error;
}
