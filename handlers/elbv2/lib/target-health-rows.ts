import type { Db, TargetRow } from '../../../gateway/database/tables.js';

/** What DescribeTargetHealth reads of a registered target, and whether its group is in use. */
export type TargetHealthRow = Pick<TargetRow, 'id' | 'port' | 'availability_zone' | 'state' | 'reason' | 'description'> & { in_use: boolean };

/**
 * A group's targets as DescribeTargetHealth answers them, oldest registration first, in one
 * query: whether a listener or rule forwards to the group rides along on each row (Postgres
 * evaluates the uncorrelated `exists` once), and the timestamps the answer does not show are not
 * read, so a 100-target group costs one round trip and no date parsing.
 */
export function targetHealthRows(db: Db, targetGroupArn: string): Promise<TargetHealthRow[]> {
  return db.selectFrom('targets')
    .select(['id', 'port', 'availability_zone', 'state', 'reason', 'description'])
    .select((eb) => eb.exists(eb.selectFrom('rule_target_groups').select('rule_arn').where('target_group_arn', '=', targetGroupArn)).$castTo<boolean>().as('in_use'))
    .where('target_group_arn', '=', targetGroupArn)
    .orderBy('registered_at').orderBy('id').orderBy('port')
    .execute();
}
