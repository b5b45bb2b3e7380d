/** A registered target as the route table compiler sees it. */
export interface RegisteredTarget {
  id: string;
  port: number;
  state: string;
}

/**
 * States that receive traffic while the group has them. `unavailable` means health checks are
 * disabled (Target.HealthCheckDisabled), and ALB then routes to the target as if it were healthy.
 */
const IN_SERVICE = new Set(['healthy', 'unavailable']);

/**
 * States that receive traffic only when no target is in service: the fail-open set.
 *
 * ALB user guide, "Health checks for your target groups": "If a target group contains only
 * unhealthy registered targets, the load balancer routes requests to all those targets,
 * regardless of their health status." A target in `initial` (its first health check has not
 * passed yet) is registered but not healthy, so it is treated the same way: while a group has a
 * healthy target a new one waits for its first passing check, but a group with no healthy target
 * at all (for example right after its first RegisterTargets) fails open and the `initial`
 * targets receive traffic. `unused` (the group was not yet in use when the target was checked)
 * counts as registered too. `draining` targets never receive new requests — that is what
 * deregistration means — so they are left out even when failing open.
 */
const FAIL_OPEN = new Set(['initial', 'unhealthy', 'unused']);

/**
 * The targets that may receive traffic: the in-service ones; when there is none, every registered,
 * non-draining one (ALB fails open); none when nothing is registered (the data plane answers 503).
 */
export function routableTargets<T extends RegisteredTarget>(targets: readonly T[]): T[] {
  const inService = targets.filter((target) => IN_SERVICE.has(target.state));
  return inService.length > 0 ? inService : targets.filter((target) => FAIL_OPEN.has(target.state));
}
