/**
 * Seconds the longest test files take in a full `npm test` on a 2-core machine (shared with other
 * work when measured), as the run's "slowest files" summary reports them (tests/runner/run-files.ts). Only the order matters: the
 * longest start first, so the run does not end with one long file going on alone. A file not
 * listed counts as short; add a file here when the summary shows it among the slowest.
 */
const EXPECTED_SECONDS: Readonly<Record<string, number>> = {
  'tests/e2e/cli-persistence.test.ts': 84,
  'tests/e2e/health.test.ts': 57,
  'tests/gateway/traffic/dataplane/traffic-tls-acm.test.ts': 47,
  'tests/e2e/startup-errors.test.ts': 39,
  'tests/e2e/postgres-outage.test.ts': 31,
  'tests/e2e/acknowledged-writes.test.ts': 30,
  'tests/handlers/elbv2/ec2-upstream.sdk.test.ts': 28,
  'tests/gateway/database/embedded-credentials.test.ts': 24,
  'tests/gateway/traffic/dataplane/traffic-streams.test.ts': 21,
  'tests/gateway/console/console.browser.test.ts': 20,
  'tests/e2e/hostile-requests.test.ts': 18,
  'tests/gateway/traffic/dataplane/traffic-actions.test.ts': 17,
  'tests/fuzz/wire.fuzz.test.ts': 14,
};

/** `files` longest first by the table, the others after them in name order; `source` names a file as the table does. */
export function byExpectedDuration(files: string[], source: (file: string) => string): string[] {
  const expected = (file: string) => EXPECTED_SECONDS[source(file)] ?? 0;
  return [...files].sort((a, b) => expected(b) - expected(a) || (a < b ? -1 : a > b ? 1 : 0));
}
