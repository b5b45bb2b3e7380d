import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { ApiMetrics } from '../../../gateway/metrics/api.js';
import { DataPlaneMetrics, RESPONSE_TIME_BUCKETS } from '../../../gateway/metrics/dataplane.js';
import { createMetrics } from '../../../gateway/metrics/metrics.js';
import { startTestDatabase, type TestDatabase } from '../../support/database.js';
import { parseExposition, samplesOf, total } from '../../support/prometheus.js';

const LB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/50dc6c495c0c9188';
const OTHER_LB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/tcp/73e2d6bc24d8a067';
const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef';

async function exposition(registry: Registry) {
  return parseExposition(await registry.metrics());
}

describe('metrics: one registry per gateway', () => {
  let database: TestDatabase;
  before(async () => { database = await startTestDatabase(); });
  after(() => database.close());

  it('two gateways in one process keep separate numbers (no global registry)', async () => {
    const first = createMetrics(database.db);
    const second = createMetrics(database.db);
    first.api.completed({ service: 'elbv2', operation: 'DescribeLoadBalancers', status: 200, seconds: 0.002 });
    assert.equal(total(await exposition(first.registry), 'kecs_api_requests_total'), 1);
    assert.equal(total(await exposition(second.registry), 'kecs_api_requests_total'), 0);
  });

  it('target health reads an empty database as no series', async () => {
    const metrics = createMetrics(database.db);
    await metrics.targets.refresh();
    assert.deepEqual(samplesOf(await exposition(metrics.registry), 'kecs_lb_targets'), []);
  });
});

describe('metrics: data-plane meters', () => {
  it('count per route with CloudWatch dimension values, and export a histogram Prometheus can read', async () => {
    const registry = new Registry();
    const metrics = new DataPlaneMetrics(registry);
    const route = metrics.route(LB, TG);
    assert.equal(metrics.route(LB, TG), route, 'made once per route');
    route.forwarded(200, 200, 0.0007);
    route.forwarded(503, 503, 0.003);
    route.forwarded(502, 0, 0);
    route.forwarded(460, 0, 0);
    const text = parseExposition(await registry.metrics());
    const labels = { load_balancer: 'app/web/50dc6c495c0c9188', target_group: 'targetgroup/web/0123456789abcdef' };
    assert.equal(total(text, 'kecs_lb_request_count_total', labels), 4);
    assert.equal(total(text, 'kecs_lb_httpcode_target_total', { ...labels, code_class: '2XX' }), 1);
    assert.equal(total(text, 'kecs_lb_httpcode_target_total', { ...labels, code_class: '5XX' }), 1);
    assert.equal(total(text, 'kecs_lb_httpcode_elb_total', { load_balancer: labels.load_balancer, code: '502', code_class: '5XX' }), 1);
    assert.equal(total(text, 'kecs_lb_httpcode_elb_total', { load_balancer: labels.load_balancer, code: '460', code_class: '4XX' }), 1);
    // Buckets are cumulative, +Inf equals the count, the sum adds the observations.
    const buckets = samplesOf(text, 'kecs_lb_target_response_time_seconds_bucket', labels);
    assert.deepEqual(buckets.map((b) => b.labels.le), [...RESPONSE_TIME_BUCKETS.map(String), '+Inf']);
    assert.deepEqual(buckets.slice(0, 5).map((b) => b.value), [0, 1, 1, 2, 2]);
    assert.equal(buckets.at(-1)!.value, 2);
    assert.equal(total(text, 'kecs_lb_target_response_time_seconds_count', labels), 2);
    assert.ok(Math.abs(total(text, 'kecs_lb_target_response_time_seconds_sum', labels) - 0.0037) < 1e-9);
  });

  it("forgets a deleted load balancer's series", async () => {
    const registry = new Registry();
    const metrics = new DataPlaneMetrics(registry);
    metrics.route(LB, TG).forwarded(200, 200, 0.001);
    metrics.balancer(OTHER_LB).tcpResets.value++;
    metrics.retain(new Set([OTHER_LB]));
    const text = parseExposition(await registry.metrics());
    assert.equal(samplesOf(text, 'kecs_lb_request_count_total', { load_balancer: 'app/web/50dc6c495c0c9188' }).length, 0);
    assert.equal(total(text, 'kecs_lb_tcp_elb_reset_count_total', { load_balancer: 'net/tcp/73e2d6bc24d8a067' }), 1);
    assert.equal(samplesOf(text, 'kecs_lb_target_response_time_seconds_count').length, 0);
  });
});

describe('metrics: API requests', () => {
  it('count operations a client makes up as `other` past a bound, so the exposition cannot grow without end', async () => {
    const registry = new Registry();
    const api = new ApiMetrics(registry);
    for (let i = 0; i < 600; i++) api.completed({ service: 'elbv2', operation: `Made${i}Up`, status: 400, errorCode: 'InvalidAction', seconds: 0.001 });
    const text = parseExposition(await registry.metrics());
    const operations = new Set(samplesOf(text, 'kecs_api_requests_total').map((s) => s.labels.operation));
    assert.equal(operations.size, 513);
    assert.equal(total(text, 'kecs_api_requests_total', { operation: 'other', error_code: 'InvalidAction' }), 88);
  });
});
