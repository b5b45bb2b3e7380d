import type { Context } from '../../../gateway/api/service.js';
import type { TargetGroupRow } from '../../../gateway/database/tables.js';
import { instancesNotFound, instancesNotRunning, instancesOutsideVpc } from './errors.js';
import type { TargetKey } from './target-ids.js';

/**
 * Instance targets resolved through the upstream's EC2: each instance must exist, run (RegisterTargets
 * API reference: "it must be in the running state when you register it") and be in the group's
 * VPC; its private IP becomes the target's `address`, which health checks probe and the data plane
 * forwards to. Other target types, and instance targets without EC2, are returned as they are
 * (their ids are then not addresses, and their checks fail, as before).
 */
export async function resolveInstanceTargets(ctx: Context, tg: TargetGroupRow, keys: TargetKey[]): Promise<TargetKey[]> {
  if (tg.target_type !== 'instance' || keys.length === 0) return keys;
  const ids = [...new Set(keys.map((key) => key.id))];
  const found = await ctx.ec2.instances(ctx, ids);
  if (!found) return keys;
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw instancesNotFound(missing);
  const outside = ids.filter((id) => tg.vpc_id !== null && found.get(id)!.vpcId !== tg.vpc_id);
  if (outside.length > 0) throw instancesOutsideVpc(tg.vpc_id!, outside);
  const stopped = ids.filter((id) => found.get(id)!.state !== 'running');
  if (stopped.length > 0) throw instancesNotRunning(stopped);
  return keys.map((key) => ({ ...key, address: found.get(key.id)!.privateIpAddress ?? null }));
}
