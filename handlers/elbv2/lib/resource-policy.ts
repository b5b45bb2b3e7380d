import { validationError } from '../../../gateway/api/errors.js';
import type { Db } from '../../../gateway/database/tables.js';
import type { Scope } from './arn.js';
import { resourceNotFound } from './errors.js';

const ARN = /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):(\d{12}):(.+)$/;
/** Trust stores are the ELBv2 resources AWS RAM shares, so the only ones with a resource policy. */
const TRUST_STORE = /^truststore\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

/**
 * Finds the shareable resource `arn` names, for GetResourcePolicy: a malformed ARN is a
 * ValidationError; anything but a trust store of the caller's account and Region is
 * ResourceNotFound.
 */
export async function checkShareableResource(db: Db, scope: Scope, arn: string): Promise<void> {
  const match = ARN.exec(arn);
  if (!match) throw validationError(`'${arn}' is not a valid resource ARN`);
  const [, region, account, resource] = match;
  if (region !== scope.region || account !== scope.accountId || !TRUST_STORE.test(resource)) throw resourceNotFound();
  const store = await db.selectFrom('trust_stores').select('arn').where('arn', '=', arn).executeTakeFirst();
  if (!store) throw resourceNotFound();
}
