import { sql, type Kysely } from 'kysely';
import { validationError } from '../../../gateway/api/errors.js';
import type { Database } from '../../../gateway/database/tables.js';
import type { Scope } from './arn.js';
import { resourceNotFound } from './operation-errors.js';

const ARN = /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):(\d{12}):(.+)$/;
/** Trust stores are the ELBv2 resources AWS RAM shares, so the only ones with a resource policy. */
const TRUST_STORE = /^truststore\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

/**
 * Finds the shareable resource `arn` names, for GetResourcePolicy: a malformed ARN is a
 * ValidationError; anything but a trust store of the caller's account and Region is
 * ResourceNotFound. Trust stores live in the `trust_stores` table of the trust-store operations;
 * until that table exists, no trust store does.
 */
export async function checkShareableResource(db: Kysely<Database>, scope: Scope, arn: string): Promise<void> {
  const match = ARN.exec(arn);
  if (!match) throw validationError(`'${arn}' is not a valid resource ARN`);
  const [, region, account, resource] = match;
  if (region !== scope.region || account !== scope.accountId || !TRUST_STORE.test(resource)) throw resourceNotFound();
  const { rows } = await sql<{ found: boolean }>`select to_regclass('trust_stores') is not null as found`.execute(db);
  if (!rows[0].found) throw resourceNotFound();
  const store = await sql`select 1 from trust_stores where arn = ${arn}`.execute(db);
  if (store.rows.length === 0) throw resourceNotFound();
}
