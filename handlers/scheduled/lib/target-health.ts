/**
 * AWS's target-health state machine as a pure function (ELB API reference, TargetHealth;
 * ALB guide, "Health checks for Application Load Balancer target groups").
 */

/** Why a probe failed, in AWS's reason codes' terms. */
export type ProbeFailure =
  | { kind: 'mismatch'; code: number } // answered with a code the matcher rejects
  | { kind: 'timeout' } // no answer within HealthCheckTimeoutSeconds
  | { kind: 'failed' } // refused, reset, or not a valid answer
  | { kind: 'forbidden' }; // not probed: the address is outside KECS_TARGET_ADDRESSES

export type ProbeResult = { ok: true } | ({ ok: false } & ProbeFailure);

/** The health columns of a `targets` row. */
export interface TargetHealth {
  state: string;
  reason: string | null;
  description: string | null;
  consecutiveSuccesses: number;
  consecutiveFailures: number;
}

export interface Thresholds {
  healthy: number;
  unhealthy: number;
}

// A registered target starts `initial`/Elb.RegistrationInProgress (RegisterTargets); after a
// failed first check it is still initial, with this reason.
const INITIAL_CHECKING = { state: 'initial', reason: 'Elb.InitialHealthChecking', description: 'Initial health checks in progress' } as const;
// Healthy targets carry no reason or description (API_TargetHealth).
const HEALTHY = { state: 'healthy', reason: null, description: null } as const;

function unhealthy(failure: ProbeFailure): Pick<TargetHealth, 'state' | 'reason' | 'description'> {
  switch (failure.kind) {
    case 'mismatch':
      return { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: `Health checks failed with these codes: [${failure.code}]` };
    case 'timeout':
      return { state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' };
    case 'failed':
      return { state: 'unhealthy', reason: 'Target.FailedHealthChecks', description: 'Health checks failed' };
    // AWS has no reason for this; a check that cannot be made is a failed one, and the description says why.
    case 'forbidden':
      return { state: 'unhealthy', reason: 'Target.FailedHealthChecks', description: 'Health checks failed: the target address is outside the allowed address ranges (KECS_TARGET_ADDRESSES)' };
  }
}

/**
 * The health after one more probe result. A target not yet healthy or unhealthy (`initial`)
 * becomes healthy on its FIRST pass — the ALB guide: "a newly registered target must pass one
 * health check" — and unhealthy after the unhealthy threshold of consecutive failures. A healthy target turns unhealthy after the
 * unhealthy threshold of consecutive failures, an unhealthy one healthy after the healthy
 * threshold of consecutive passes; an unhealthy target keeps describing its latest failure.
 */
export function nextHealth(current: TargetHealth, result: ProbeResult, thresholds: Thresholds): TargetHealth {
  const successes = result.ok ? current.consecutiveSuccesses + 1 : 0;
  const failures = result.ok ? 0 : current.consecutiveFailures + 1;
  const counters = { consecutiveSuccesses: successes, consecutiveFailures: failures };
  if (result.ok) {
    if (current.state === 'unhealthy' && successes < thresholds.healthy) {
      return { ...current, ...counters };
    }
    return { ...HEALTHY, ...counters };
  }
  if (failures >= thresholds.unhealthy || current.state === 'unhealthy') return { ...unhealthy(result), ...counters };
  return { ...(current.state === 'healthy' ? HEALTHY : INITIAL_CHECKING), ...counters };
}
