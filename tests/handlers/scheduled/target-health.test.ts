import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextHealth, type ProbeResult, type TargetHealth } from '../../../handlers/scheduled/lib/target-health.js';

const PASS: ProbeResult = { ok: true };
const E404: ProbeResult = { ok: false, kind: 'mismatch', code: 404 };
const E500: ProbeResult = { ok: false, kind: 'mismatch', code: 500 };
const TIMEOUT: ProbeResult = { ok: false, kind: 'timeout' };
const FAIL: ProbeResult = { ok: false, kind: 'failed' };

const REGISTERED: TargetHealth = { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress', consecutiveSuccesses: 0, consecutiveFailures: 0 };
const UNAVAILABLE: TargetHealth = { state: 'unavailable', reason: 'Target.HealthCheckDisabled', description: 'Health checks disabled', consecutiveSuccesses: 0, consecutiveFailures: 0 };

type Seen = [state: string, reason: string | null, description: string | null];
const HEALTHY: Seen = ['healthy', null, null];
const CHECKING: Seen = ['initial', 'Elb.InitialHealthChecking', 'Initial health checks in progress'];
const MISMATCH_404: Seen = ['unhealthy', 'Target.ResponseCodeMismatch', 'Health checks failed with these codes: [404]'];
const MISMATCH_500: Seen = ['unhealthy', 'Target.ResponseCodeMismatch', 'Health checks failed with these codes: [500]'];
const TIMED_OUT: Seen = ['unhealthy', 'Target.Timeout', 'Request timed out'];
const FAILED: Seen = ['unhealthy', 'Target.FailedHealthChecks', 'Health checks failed'];

// Each row: a start, thresholds, a sequence of probe results, and the state seen after each one.
const cases: Array<{ name: string; start?: TargetHealth; healthy: number; unhealthy: number; steps: Array<[ProbeResult, Seen]> }> = [
  { name: 'a new target is healthy after its first pass', healthy: 5, unhealthy: 2, steps: [[PASS, HEALTHY]] },
  { name: 'a failed first check is initial health checking, then unhealthy at the threshold', healthy: 5, unhealthy: 2, steps: [[FAIL, CHECKING], [TIMEOUT, TIMED_OUT]] },
  { name: 'an initial target recovering passes once', healthy: 5, unhealthy: 3, steps: [[E404, CHECKING], [E404, CHECKING], [PASS, HEALTHY]] },
  {
    name: 'healthy turns unhealthy after exactly the unhealthy threshold',
    healthy: 2, unhealthy: 3,
    steps: [[PASS, HEALTHY], [E404, HEALTHY], [E404, HEALTHY], [E404, MISMATCH_404]],
  },
  { name: 'a pass resets the failure count', healthy: 2, unhealthy: 2, steps: [[PASS, HEALTHY], [FAIL, HEALTHY], [PASS, HEALTHY], [FAIL, HEALTHY], [FAIL, FAILED]] },
  {
    name: 'unhealthy turns healthy after exactly the healthy threshold and keeps its reason meanwhile',
    healthy: 3, unhealthy: 2,
    steps: [[PASS, HEALTHY], [E500, HEALTHY], [E500, MISMATCH_500], [PASS, MISMATCH_500], [PASS, MISMATCH_500], [PASS, HEALTHY]],
  },
  { name: 'an unhealthy target describes its latest failure', healthy: 2, unhealthy: 2, steps: [[FAIL, CHECKING], [FAIL, FAILED], [TIMEOUT, TIMED_OUT], [E404, MISMATCH_404]] },
  { name: 'a failure resets the pass count of an unhealthy target', healthy: 2, unhealthy: 2, steps: [[FAIL, CHECKING], [FAIL, FAILED], [PASS, FAILED], [FAIL, FAILED], [PASS, FAILED], [PASS, HEALTHY]] },
  { name: 'any state but healthy or unhealthy is checked like a new registration', start: UNAVAILABLE, healthy: 5, unhealthy: 2, steps: [[FAIL, CHECKING], [PASS, HEALTHY]] },
];

describe('target health state machine', () => {
  for (const { name, start = REGISTERED, healthy, unhealthy, steps } of cases) {
    it(name, () => {
      let health = start;
      steps.forEach(([result, expected], index) => {
        health = nextHealth(health, result, { healthy, unhealthy });
        assert.deepEqual([health.state, health.reason, health.description], expected, `after probe ${index + 1}`);
      });
    });
  }

  it('counts consecutive passes and failures', () => {
    const thresholds = { healthy: 5, unhealthy: 5 };
    const once = nextHealth(REGISTERED, FAIL, thresholds);
    assert.deepEqual([once.consecutiveSuccesses, once.consecutiveFailures], [0, 1]);
    const twice = nextHealth(once, FAIL, thresholds);
    assert.deepEqual([twice.consecutiveSuccesses, twice.consecutiveFailures], [0, 2]);
    const passed = nextHealth(twice, PASS, thresholds);
    assert.deepEqual([passed.consecutiveSuccesses, passed.consecutiveFailures], [1, 0]);
  });
});
