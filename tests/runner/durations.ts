/**
 * Seconds the longest test files take in a full `npm test` on a 2-core machine (the compiled
 * run of a fresh clone), as the run's "slowest files" summary reports them (tests/runner/run-files.ts). Only the order matters: the
 * longest start first, so the run does not end with one long file going on alone. A file not
 * listed counts as short; add a file here when the summary shows it among the slowest.
 */
const EXPECTED_SECONDS: Readonly<Record<string, number>> = {
  'tests/e2e/cli-persistence.test.ts': 52,
  'tests/e2e/health.test.ts': 43,
  'tests/e2e/startup-errors.test.ts': 22,
  'tests/e2e/hostile-requests.test.ts': 15,
  'tests/e2e/acknowledged-writes.test.ts': 14,
  'tests/gateway/console/console.browser.test.ts': 12,
  'tests/e2e/postgres-outage.test.ts': 11,
  'tests/handlers/elbv2/ec2-upstream.sdk.test.ts': 10,
  'tests/gateway/database/embedded-credentials.test.ts': 10,
  'tests/gateway/traffic/dataplane/traffic-tcp-least-connections.test.ts': 8,
  'tests/e2e/kubernetes.test.ts': 8,
  'tests/gateway/traffic/dataplane/traffic-tls-acm.test.ts': 8,
};

/** `files` longest first by the table, the others after them in name order; `source` names a file as the table does. */
export function byExpectedDuration(files: string[], source: (file: string) => string): string[] {
  const expected = (file: string) => EXPECTED_SECONDS[source(file)] ?? 0;
  return [...files].sort((a, b) => expected(b) - expected(a) || (a < b ? -1 : a > b ? 1 : 0));
}
