import type { DescribeTargetHealthInput, DescribeTargetHealthOutput, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { type InputOf, list, string } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { arn } from './lib/schemas.js';
import { targetList } from './lib/target-group-schemas.js';
import { readTargetGroupHealth, type TargetGroupHealth, type TargetHealthRow } from './lib/target-health-rows.js';
import { checkTargetIds, LAMBDA_PORT } from './lib/target-ids.js';
import { DRAINING, NOT_IN_USE, NOT_REGISTERED, toTargetHealthDescription, type HealthState } from './lib/targets.js';

export const input = {
  TargetGroupArn: arn(true),
  Targets: targetList(false),
  Include: list(string({ enum: ['AnomalyDetection', 'All'] })),
};

/**
 * The answer for every target of a group, made once per read of it: a cached read
 * (gateway/database/read-cache.ts) is shared by the calls until a write, and the answer is frozen,
 * so the query protocol writes its XML once too (gateway/api/protocols/query.ts).
 */
const everyTarget = new WeakMap<TargetGroupHealth, DescribeTargetHealthOutput>();

/**
 * The health of a group's targets, or of the `Targets` asked for: each is answered, an
 * unregistered one as `unused`/Target.NotRegistered (what the botocore `target_deregistered`
 * waiter and Terraform's aws_lb_target_group_attachment read). Registered targets of a group no
 * listener or rule forwards to are `unused`/Target.NotInUse, except those still draining.
 * `Include` is accepted; kecs-lb has no anomaly detection, so it adds nothing.
 */
export async function handler(req: InputOf<typeof input, DescribeTargetHealthInput>, ctx: Context): Promise<DescribeTargetHealthOutput> {
  const read = await readTargetGroupHealth(ctx.db, ctx, req.TargetGroupArn, ctx.cache);
  const { group: tg, targets: rows, inUse } = read;
  const describe = (row: TargetHealthRow): TargetHealthDescription => {
    const health: HealthState = row.state === DRAINING.state || inUse ? row : NOT_IN_USE;
    return toTargetHealthDescription(tg, row, health);
  };
  if (!req.Targets?.length) {
    let answer = everyTarget.get(read);
    if (!answer) everyTarget.set(read, (answer = Object.freeze({ TargetHealthDescriptions: rows.map(describe) })));
    return answer;
  }
  checkTargetIds(tg, req.Targets);
  // A target asked without a port is every registration of its id.
  const answers = req.Targets.flatMap((asked) => {
    const found = rows.filter((row) => row.id === asked.Id && (asked.Port === undefined || tg.target_type === 'lambda' || row.port === asked.Port));
    if (found.length > 0) return found.map(describe);
    const port = asked.Port ?? tg.port ?? LAMBDA_PORT;
    return [toTargetHealthDescription(tg, { id: asked.Id, port, availability_zone: asked.AvailabilityZone ?? null }, NOT_REGISTERED)];
  });
  return { TargetHealthDescriptions: answers };
}
