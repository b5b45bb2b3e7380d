import type { ScheduledContext } from '../../gateway/scheduler.js';
import type { TargetAddresses } from '../../gateway/target-addresses.js';
import { writeHealth } from './lib/health-results.js';
import { claimDueTargets, type ClaimedTarget } from './lib/health-store.js';
import { groupMatcher } from './lib/matcher.js';
import { probe } from './lib/probe.js';
import { ProbePool } from './lib/probe-pool.js';
import { nextHealth, type ProbeResult } from './lib/target-health.js';

// Probes in flight at once, per gateway: enough for many targets that hang until their timeout.
const CONCURRENCY = 256;
// Most targets a gateway holds claimed and not yet written (two ticks' worth of 20,000 targets
// at a 5-second interval); past it, due targets wait in the table for a later claim.
const MAX_CLAIMED = 8192;

export interface HealthCheckSummary {
  /** Targets claimed by this tick. */
  claimed: number;
  /** Probe results written by this tick (this tick's, and late ones of earlier ticks). */
  probed: number;
  /** Targets whose state changed; if any did, the tick bumped the routing version once. */
  transitions: number;
  /** Probes whose results a later tick writes: not due yet, still running, or finished meanwhile. */
  pending: number;
}

// One pool per scheduler context: it carries probes that outlive a tick over to the next one.
const pools = new WeakMap<ScheduledContext, ProbePool<ClaimedTarget>>();

function poolOf(ctx: ScheduledContext): ProbePool<ClaimedTarget> {
  let pool = pools.get(ctx);
  if (!pool) pools.set(ctx, (pool = new ProbePool<ClaimedTarget>(CONCURRENCY, ctx.now)));
  return pool;
}

// Async, so that a matcher that cannot be read fails this probe (a rejection) rather than the tick.
// A target outside KECS_TARGET_ADDRESSES is never connected to: a local tool must not become a
// way to reach, say, a cloud metadata address (169.254.169.254) from the machine it runs on.
async function probeOnce(target: ClaimedTarget, addresses: TargetAddresses): Promise<ProbeResult> {
  if (!addresses.allows(target.host)) return { ok: false, kind: 'forbidden' };
  const { check } = target;
  return probe({
    protocol: check.protocol,
    host: target.host,
    port: check.port === null || check.port === 'traffic-port' ? target.port : Number(check.port),
    path: check.path ?? '/',
    timeoutMs: check.timeoutSeconds * 1000,
    matcher: groupMatcher(check.matcher, check.protocolVersion),
  });
}

/**
 * One probe, measured when the gateway counts them: how late it started after its due time, how
 * long it took, and its result (`ok`, or the failure's kind).
 */
async function measuredProbe(ctx: ScheduledContext, target: ClaimedTarget): Promise<ProbeResult> {
  const metrics = ctx.healthChecks;
  if (!metrics) return probeOnce(target, ctx.config.targetAddresses);
  metrics.started((ctx.now().getTime() - target.dueAt.getTime()) / 1000);
  const started = performance.now();
  const result = await probeOnce(target, ctx.config.targetAddresses).catch((error: unknown) => {
    metrics.probed(target.check.protocol, 'failed', (performance.now() - started) / 1000);
    throw error;
  });
  metrics.probed(target.check.protocol, result.ok ? 'ok' : result.kind, (performance.now() - started) / 1000);
  return result;
}

/** Waits for `probes` to finish, or `ms`, whichever comes first. */
async function settle(probes: Array<Promise<void>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(probes), new Promise((resolve) => { timer = setTimeout(resolve, ms); })]);
  clearTimeout(timer);
}

/**
 * One health-check tick (DESIGN §4). Claims the targets due within the next two ticks and probes
 * each at its due time, so a check is late by scheduling noise rather than by up to a whole tick.
 * The tick waits at most half a tick for the probes already due, then writes every result
 * finished so far in one batch; the rest (probes claimed ahead, or a target hanging until its
 * timeout) are written by a later tick, so a slow target never holds back the others' schedule.
 * A tick that fails (Postgres away) loses at most the results it held; each target's state stays
 * as last written and it is probed again at its next interval.
 */
export async function handler(ctx: ScheduledContext): Promise<HealthCheckSummary> {
  const pool = poolOf(ctx);
  const tickMs = ctx.config.tickMs;
  const now = ctx.now();
  // Two ticks ahead: the checks due while this claim runs, or while a slow tick delays the next
  // one, are already scheduled by then.
  const horizon = new Date(now.getTime() + 2 * tickMs);
  const claimed = await claimDueTargets(ctx.db, now, horizon, tickMs, MAX_CLAIMED - pool.pending);
  // Delays count from after the claim, so its own duration does not make every probe late.
  const claimedAt = ctx.now().getTime();
  const dueNow: Array<Promise<void>> = [];
  for (const target of claimed) {
    const delay = target.dueAt.getTime() - claimedAt;
    const finished = pool.submit(target, delay, () => measuredProbe(ctx, target));
    if (delay <= 0) dueNow.push(finished);
  }
  await settle(dueNow, tickMs / 2);
  const done = pool.take();
  const transitions = await writeHealth(ctx.db, done.map(({ item, result, at, ms }) => ({
    targetGroupArn: item.targetGroupArn,
    id: item.id,
    port: item.port,
    before: item.health,
    after: nextHealth(item.health, result, { healthy: item.check.healthyThreshold, unhealthy: item.check.unhealthyThreshold }),
    checkedAt: at,
    checkMs: ms,
  })));
  ctx.healthChecks?.changed(transitions);
  // State changes already NOTIFY (writeHealth bumps the routing version); this tells the
  // console of this gateway that last-check times and latencies moved too.
  if (done.length > 0) ctx.changed?.();
  return { claimed: claimed.length, probed: done.length, transitions, pending: pool.pending };
}
