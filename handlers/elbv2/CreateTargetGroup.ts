import type { CreateTargetGroupInput, CreateTargetGroupOutput, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { sql } from 'kysely';
import { type InputOf, string } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import type { TargetGroupRow } from '../../gateway/database/tables.js';
import { newId, targetGroupArn } from './lib/arn.js';
import { defaultAttributes } from './lib/attributes.js';
import { checkVpcExists } from './lib/ec2-network.js';
import { duplicateTargetGroupName, tooManyTargetGroups } from './lib/errors.js';
import { checkResourceName } from './lib/names.js';
import { isPgError, UNIQUE_VIOLATION } from './lib/pg-errors.js';
import { tagList } from './lib/schemas.js';
import { putTags } from './lib/tags.js';
import { targetGroupAttributeSpecs } from './lib/target-group-attributes.js';
import { TARGET_TYPES } from './lib/target-group-kind.js';
import { healthCheckMembers, port, protocol } from './lib/target-group-schemas.js';
import { resolveTargetGroup, sameSettings, type TargetGroupSettings } from './lib/target-group-settings.js';
import { findTargetGroupByName, MAX_TARGET_GROUPS, toTargetGroup } from './lib/target-groups.js';

export const input = {
  Name: string({ required: true }),
  Protocol: protocol(),
  ProtocolVersion: string(),
  Port: port(),
  VpcId: string({ max: 255 }),
  ...healthCheckMembers(),
  TargetType: string({ enum: TARGET_TYPES }),
  Tags: tagList(),
  IpAddressType: string({ enum: ['ipv4', 'ipv6'] }),
};

/**
 * Creates a target group. Idempotent (API reference, CreateTargetGroup): the same name with the
 * same settings returns the existing group; with other settings it is `DuplicateTargetGroupName`.
 * The answer has no `LoadBalancerArns` member, as AWS's has none.
 */
export async function handler(req: InputOf<typeof input, CreateTargetGroupInput>, ctx: Context): Promise<CreateTargetGroupOutput> {
  const name = req.Name;
  checkResourceName('Target group', name);
  const wanted = resolveTargetGroup(req);
  await checkVpcExists(ctx, req.VpcId);
  const existing = await findTargetGroupByName(ctx.db, ctx, name);
  if (existing) return idempotent(existing, wanted, name);

  const arn = targetGroupArn(ctx, name, newId());
  try {
    const row = await ctx.db.transaction().execute(async (trx) => {
      // One creator at a time per account+region, so the quota cannot be raced past.
      await sql`select pg_advisory_xact_lock(hashtext(${`target_groups:${ctx.accountId}:${ctx.region}`}))`.execute(trx);
      const { count } = await trx.selectFrom('target_groups').select((eb) => eb.fn.countAll<string>().as('count'))
        .where('account_id', '=', ctx.accountId).where('region', '=', ctx.region).executeTakeFirstOrThrow();
      if (Number(count) >= MAX_TARGET_GROUPS) throw tooManyTargetGroups(MAX_TARGET_GROUPS);
      const inserted = await trx.insertInto('target_groups').values({
        arn,
        account_id: ctx.accountId,
        region: ctx.region,
        name,
        ...wanted,
        matcher: wanted.matcher ? JSON.stringify(wanted.matcher) : null,
        attributes: JSON.stringify(defaultAttributes(targetGroupAttributeSpecs(wanted))),
        created_at: ctx.now(),
      }).returningAll().executeTakeFirstOrThrow();
      await putTags(trx, arn, req.Tags ?? []);
      return inserted;
    });
    return { TargetGroups: [withoutLoadBalancers(toTargetGroup(row, []))] };
  } catch (error) {
    // A concurrent create of the same name won the race: answer as if it had come first.
    if (!isPgError(error, UNIQUE_VIOLATION, 'target_groups_name_key')) throw error;
    const winner = await findTargetGroupByName(ctx.db, ctx, name);
    if (!winner) throw error;
    return idempotent(winner, wanted, name);
  }
}

function idempotent(existing: TargetGroupRow, wanted: TargetGroupSettings, name: string): CreateTargetGroupOutput {
  if (!sameSettings(existing, wanted)) throw duplicateTargetGroupName(name);
  return { TargetGroups: [withoutLoadBalancers(toTargetGroup(existing, []))] };
}

/** CreateTargetGroup answers without `LoadBalancerArns`, as AWS does; DescribeTargetGroups has them. */
function withoutLoadBalancers({ LoadBalancerArns: _, ...group }: TargetGroup): TargetGroup {
  return group;
}
