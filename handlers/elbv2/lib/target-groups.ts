import type { Kysely, Transaction } from 'kysely';
import type { Database, TargetGroupRow } from '../../../gateway/database/tables.js';
import type { Scope } from './arn.js';
import { targetGroupNotFound } from './errors.js';
import { fetchByArns } from './lookup.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The target groups with these ARNs, in the order asked; any unknown one is `TargetGroupNotFound`. */
export function getTargetGroups(db: Db, scope: Scope, arns: readonly string[], options: { forUpdate?: boolean } = {}): Promise<TargetGroupRow[]> {
  return fetchByArns(db, 'target_groups', 'targetgroup', scope, arns, targetGroupNotFound, options);
}
