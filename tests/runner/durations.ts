/**
 * Seconds the longest test files take in a full `npm test` on a 2-core machine, each in a process
 * of its own (the compiled run of a clone, the run's "slowest files" summary with
 * KECS_TEST_GROUPS=0, tests/runner/run-files.ts). Only the proportions matter: they decide which
 * files share a process so that the shared processes take about as long as each other, and which
 * processes start first (tests/runner/process-plan.ts). A file not listed counts as
 * DEFAULT_SECONDS (the files under 2 s took 0.1–1.9 s); add one here when the summary shows it
 * among the slowest.
 */
const EXPECTED_SECONDS: Readonly<Record<string, number>> = {
  'tests/e2e/health.test.ts': 44,
  'tests/e2e/cli-persistence.test.ts': 33,
  'tests/e2e/startup-errors.test.ts': 23,
  'tests/e2e/hostile-requests.test.ts': 13,
  'tests/gateway/console/console.browser.test.ts': 11,
  'tests/e2e/acknowledged-writes.test.ts': 10,
  'tests/e2e/postgres-outage.test.ts': 9,
  'tests/gateway/traffic/dataplane/traffic-tls-acm.test.ts': 8,
  'tests/handlers/scheduled/health-check.test.ts': 6.5,
  'tests/e2e/kubernetes.test.ts': 6.4,
  'tests/gateway/traffic/dataplane/traffic-udp.test.ts': 6.3,
  'tests/gateway/database/embedded-credentials.test.ts': 6.2,
  'tests/gateway/traffic/dataplane/traffic-tcp-least-connections.test.ts': 6.2,
  'tests/handlers/elbv2/ec2-upstream.sdk.test.ts': 5.7,
  'tests/gateway/traffic/dataplane/traffic-streams.test.ts': 5.7,
  'tests/fuzz/wire.fuzz.test.ts': 5.6,
  'tests/gateway/traffic/kubernetes/pod-watcher.test.ts': 5.1,
  'tests/gateway/traffic/dataplane/traffic-actions.test.ts': 4.8,
  'tests/fuzz/api.fuzz.test.ts': 4.7,
  'tests/gateway/traffic/dataplane/udp-relay.test.ts': 4.4,
  'tests/gateway/traffic/traefik/provider-endpoint.test.ts': 4.1,
  'tests/handlers/elbv2/trust-stores.sdk.test.ts': 4,
  'tests/handlers/elbv2/rules.sdk.test.ts': 3.9,
  'tests/handlers/elbv2/targets.sdk.test.ts': 3.4,
  'tests/handlers/scheduled/health-check-replicas.test.ts': 3.2,
  'tests/gateway/traffic/dataplane/traffic-mtls.test.ts': 3,
  'tests/handlers/elbv2/listeners.sdk.test.ts': 2.7,
  'tests/gateway/traffic/dataplane/traffic-tls.test.ts': 2.7,
  'tests/gateway/console/routes.test.ts': 2.7,
  'tests/gateway/traffic/dataplane/traffic-proxy.test.ts': 2.5,
  'tests/handlers/elbv2/direct/trust-stores.handler.test.ts': 2.4,
  'tests/handlers/elbv2/target-groups.sdk.test.ts': 2.3,
  'tests/gateway/metrics/metrics.test.ts': 2.2,
  'tests/gateway/traffic/dataplane/follower.test.ts': 2.2,
  'tests/gateway/traffic/dataplane/traffic-transforms.test.ts': 2.1,
  'tests/handlers/scheduled/health-check-resilience.test.ts': 2,
  'tests/gateway/traffic/dataplane/traffic-tcp.test.ts': 2,
};
const DEFAULT_SECONDS = 0.8;

/** The seconds a test file is expected to take, named as the table names it (`tests/….test.ts`). */
export function expectedSeconds(source: string): number {
  return EXPECTED_SECONDS[source] ?? DEFAULT_SECONDS;
}
