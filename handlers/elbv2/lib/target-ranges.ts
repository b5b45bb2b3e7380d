import type { TargetGroupRow } from '../../../gateway/database/tables.js';
import { validationError } from '../../../gateway/api/errors.js';
import { inRanges, namedRanges } from '../../../gateway/target-addresses.js';
import type { TargetInput } from './target-group-schemas.js';

/**
 * The emulated VPC's addresses. AWS takes, for `ip` targets, addresses of the target group's
 * VPC with no zone needed, and addresses outside it only with an `AvailabilityZone` ("all" for
 * ALB) — from RFC 1918 and RFC 6598, never publicly routable ones (ALB guide, "Target type";
 * RegisterTargets API reference, TargetDescription `AvailabilityZone`). VPCs here have no CIDR,
 * so every local and private range counts as the VPC: loopback (where local targets run), RFC
 * 1918, RFC 6598 and IPv6 unique local addresses (k3d pod addresses are among them). Any other
 * address is outside it and needs a zone, as on AWS; which addresses traffic and health checks
 * may then really reach is KECS_TARGET_ADDRESSES's business, not the API's.
 */
const VPC = namedRanges('loopback', 'private');

/**
 * Refuses `ip` targets outside the VPC registered without an Availability Zone, with AWS's
 * ValidationError and its message (seen in aws-load-balancer-controller issue #3084; an older
 * wording, "The Availability Zone is required for IP address '…' because it is not in the
 * VPC", is in issue #3714).
 */
export function checkIpTargetRanges(tg: TargetGroupRow, targets: readonly TargetInput[]): void {
  if (tg.target_type !== 'ip') return;
  const outside = targets.find((t) => !t.AvailabilityZone && !inRanges(VPC, t.Id));
  if (outside) {
    throw validationError(`You must specify a valid Availability Zone or select 'all' for all enabled Availability zones, since the IP address '${outside.Id}' is outside the VPC`);
  }
}
