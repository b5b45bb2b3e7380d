import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DescribeLoadBalancersCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { freePort } from '../../support/server.js';
import { parseExposition, total, type Exposition } from '../../support/prometheus.js';
import { forward, startLab, type Lab, type LoadBalancer } from '../traffic/dataplane/lib/lab.js';
import { send, waitFor } from '../traffic/dataplane/lib/http.js';
import { startTarget, type Target } from '../traffic/dataplane/lib/targets.js';
import { converse, startTcpTarget, type TcpTarget } from '../traffic/dataplane/lib/tcp-targets.js';

const path = (value: string) => [{ Field: 'path-pattern', PathPatternConfig: { Values: [value] } }];

/** CloudWatch's dimension values: `app/<name>/<id>`, `net/<name>/<id>`, `targetgroup/<name>/<id>`. */
const lbDimension = (arn: string) => arn.slice(arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
const tgDimension = (arn: string) => arn.slice(arn.lastIndexOf(':') + 1);

describe('GET /metrics: the gateway scraped after API calls and real traffic', () => {
  let lab: Lab;
  let web: Target;
  let echo: TcpTarget;
  let alb: LoadBalancer;
  let nlb: LoadBalancer;
  let webGroup: string;
  let refusedGroup: string;
  let tcpGroup: string;
  let port: number;
  let tcpPort: number;

  async function scrape(headers: Record<string, string> = {}): Promise<{ status: number; contentType: string; exposition: Exposition }> {
    const response = await fetch(`${lab.server.url}/metrics`, { headers });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', exposition: parseExposition(text) };
  }

  before(async () => {
    lab = await startLab();
    web = await startTarget('web');
    echo = await startTcpTarget('echo', 'hold');
    alb = await lab.loadBalancer('metrics-alb');
    webGroup = await lab.targetGroup('metrics-web', alb.vpcId);
    await lab.register(webGroup, [web]);
    refusedGroup = await lab.targetGroup('metrics-refused', alb.vpcId);
    await lab.elb.send(new RegisterTargetsCommand({ TargetGroupArn: refusedGroup, Targets: [{ Id: '127.0.0.1', Port: await freePort() }] }));
    port = await freePort();
    const listener = await lab.listener(alb.arn, port, forward(webGroup));
    await lab.rule(listener, 5, path('/fixed'), [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '418', ContentType: 'text/plain', MessageBody: 'tea' } }]);
    await lab.rule(listener, 6, path('/refused'), forward(refusedGroup));
    await lab.rule(listener, 7, path('/moved'), [{ Type: 'redirect', RedirectConfig: { Path: '/elsewhere', StatusCode: 'HTTP_302' } }]);

    nlb = await lab.loadBalancer('metrics-nlb', 'network');
    tcpGroup = await lab.targetGroup('metrics-tcp', nlb.vpcId, { protocol: 'TCP' });
    await lab.elb.send(new RegisterTargetsCommand({ TargetGroupArn: tcpGroup, Targets: [{ Id: '127.0.0.1', Port: echo.port }] }));
    tcpPort = await freePort();
    await lab.listener(nlb.arn, tcpPort, forward(tcpGroup), 'TCP');
    await waitFor(async () => (await send(port, '/ready')).status === 200, 10_000);
  });

  after(async () => {
    await lab?.close();
    await web?.close();
    await echo?.close();
  });

  it('serves the Prometheus text format on the gateway port', async () => {
    const { contentType, exposition } = await scrape();
    assert.match(contentType, /^text\/plain; version=0\.0\.4/);
    assert.equal(exposition.types.get('kecs_api_requests_total'), 'counter');
    assert.equal(exposition.types.get('kecs_lb_target_response_time_seconds'), 'histogram');
    assert.equal(exposition.types.get('kecs_lb_healthy_host_count'), 'gauge');
    assert.ok(total(exposition, 'process_cpu_user_seconds_total') > 0, 'Node process metrics are included');
  });

  it('counts API requests by service, operation, status and AWS error code, with their latency', async () => {
    const before = (await scrape()).exposition;
    const missing = `${alb.arn.slice(0, alb.arn.lastIndexOf('/'))}/0123456789abcdef`;
    await assert.rejects(lab.elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [missing] })), { name: 'LoadBalancerNotFoundException' });
    await lab.elb.send(new DescribeLoadBalancersCommand({}));
    const after = (await scrape()).exposition;
    const failed = { service: 'elbv2', operation: 'DescribeLoadBalancers', status_code: '400', error_code: 'LoadBalancerNotFound' };
    const ok = { service: 'elbv2', operation: 'DescribeLoadBalancers', status_code: '200', error_code: '' };
    assert.equal(total(after, 'kecs_api_requests_total', failed) - total(before, 'kecs_api_requests_total', failed), 1);
    assert.equal(total(after, 'kecs_api_requests_total', ok) - total(before, 'kecs_api_requests_total', ok), 1);
    assert.equal(total(after, 'kecs_api_requests_total', { operation: 'CreateLoadBalancer', status_code: '200' }), 2);
    const count = { service: 'elbv2', operation: 'DescribeLoadBalancers' };
    assert.equal(total(after, 'kecs_api_request_duration_seconds_count', count) - total(before, 'kecs_api_request_duration_seconds_count', count), 2);
    assert.equal(total(after, 'kecs_api_request_duration_seconds_bucket', { ...count, le: '+Inf' }), total(after, 'kecs_api_request_duration_seconds_count', count));
  });

  it('counts data-plane requests per load balancer and target group, with CloudWatch names', async () => {
    const before = (await scrape()).exposition;
    for (let i = 0; i < 3; i++) assert.equal((await send(port, `/hello/${i}`)).status, 200);
    assert.equal((await send(port, '/fixed')).status, 418);
    assert.equal((await send(port, '/refused')).status, 502);
    assert.equal((await send(port, '/moved')).status, 302);
    const after = (await scrape()).exposition;
    const lb = lbDimension(alb.arn);
    const route = { load_balancer: lb, target_group: tgDimension(webGroup) };
    const delta = (name: string, labels: Record<string, string>) => total(after, name, labels) - total(before, name, labels);

    assert.equal(delta('kecs_lb_request_count_total', route), 3);
    assert.equal(delta('kecs_lb_httpcode_target_total', { ...route, code_class: '2XX' }), 3);
    assert.equal(delta('kecs_lb_target_response_time_seconds_count', route), 3);
    assert.ok(delta('kecs_lb_target_response_time_seconds_sum', route) > 0);
    // The refused target: the load balancer's own 502, counted for its group, no target code.
    const refused = { load_balancer: lb, target_group: tgDimension(refusedGroup) };
    assert.equal(delta('kecs_lb_request_count_total', refused), 1);
    assert.equal(delta('kecs_lb_httpcode_target_total', refused), 0);
    assert.equal(delta('kecs_lb_httpcode_elb_total', { load_balancer: lb, code: '502', code_class: '5XX' }), 1);
    // Fixed response and redirect: answered by the load balancer, no target group.
    assert.equal(delta('kecs_lb_request_count_total', { load_balancer: lb, target_group: '' }), 2);
    assert.equal(delta('kecs_lb_http_fixed_response_count_total', { load_balancer: lb }), 1);
    assert.equal(delta('kecs_lb_http_redirect_count_total', { load_balancer: lb }), 1);
    assert.equal(delta('kecs_lb_httpcode_elb_total', { load_balancer: lb, code: '302', code_class: '3XX' }), 1);
    // Every series of this load balancer is labelled with CloudWatch's dimension value.
    assert.match(lb, /^app\/metrics-alb\/[0-9a-f]{16}$/);
  });

  it('counts NLB flows: NewFlowCount, and ActiveFlowCount while a connection is open', async () => {
    const flows = { load_balancer: lbDimension(nlb.arn), target_group: tgDimension(tcpGroup) };
    const before = (await scrape()).exposition;
    const conversation = converse(tcpPort);
    assert.equal(await conversation.greeting, 'echo');
    const open = (await scrape()).exposition;
    assert.equal(total(open, 'kecs_lb_new_flow_count_total', flows) - total(before, 'kecs_lb_new_flow_count_total', flows), 1);
    assert.equal(total(open, 'kecs_lb_active_flow_count', flows), 1);
    conversation.socket.end();
    await conversation.closed;
    await waitFor(async () => total((await scrape()).exposition, 'kecs_lb_active_flow_count', flows) === 0);
  });

  it('reports target health per target group and load balancer, read from the database', async () => {
    const route = { load_balancer: lbDimension(alb.arn), target_group: tgDimension(webGroup) };
    const refused = { load_balancer: lbDimension(alb.arn), target_group: tgDimension(refusedGroup) };
    // The health checker probes each new target at once: the web target passes, the refused one fails.
    await waitFor(async () => {
      const { exposition } = await scrape();
      return total(exposition, 'kecs_lb_healthy_host_count', route) === 1 && total(exposition, 'kecs_lb_targets', { target_group: tgDimension(refusedGroup), state: 'initial' }) + total(exposition, 'kecs_lb_targets', { target_group: tgDimension(refusedGroup), state: 'unhealthy' }) === 1;
    }, 15_000);
    const { exposition } = await scrape();
    assert.equal(total(exposition, 'kecs_lb_unhealthy_host_count', route), 0);
    assert.equal(total(exposition, 'kecs_lb_healthy_host_count', refused), 0);
    assert.equal(total(exposition, 'kecs_lb_targets', { target_group: tgDimension(webGroup), state: 'healthy' }), 1);
    assert.ok(total(exposition, 'kecs_health_check_probes_total', { protocol: 'HTTP', result: 'ok' }) >= 1);
    assert.ok(total(exposition, 'kecs_health_check_probes_total', { protocol: 'HTTP', result: 'failed' }) >= 1);
    assert.ok(total(exposition, 'kecs_health_check_probe_duration_seconds_count', { protocol: 'HTTP' }) >= 2);
    assert.ok(total(exposition, 'kecs_health_check_lag_seconds_count') >= 2);
    assert.ok(total(exposition, 'kecs_health_check_transitions_total') >= 1);
  });

  it('counts NOTIFYs and route-table reloads, and shows the routing version in force', async () => {
    const before = (await scrape()).exposition;
    await lab.targetGroup('metrics-later', alb.vpcId);
    const listenerPort = await freePort();
    await lab.listener(alb.arn, listenerPort, forward(webGroup));
    await waitFor(async () => (await send(listenerPort, '/')).status === 200);
    const after = (await scrape()).exposition;
    assert.ok(total(after, 'kecs_routing_notifications_total') > total(before, 'kecs_routing_notifications_total'));
    assert.ok(total(after, 'kecs_routing_reloads_total', { result: 'ok' }) > total(before, 'kecs_routing_reloads_total', { result: 'ok' }));
    assert.ok(total(after, 'kecs_routing_table_changes_total') > total(before, 'kecs_routing_table_changes_total'));
    assert.ok(total(after, 'kecs_routing_version') > total(before, 'kecs_routing_version'));
    assert.equal(total(after, 'kecs_routing_reloads_total', { result: 'failed' }), 0);
    assert.ok(total(after, 'kecs_routing_reload_duration_seconds_count') >= total(after, 'kecs_routing_reloads_total'));
  });

  it('leaves signed AWS calls on /metrics to the API, and refuses browsers as the internal routes do', async () => {
    const signed = await fetch(`${lab.server.url}/metrics`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0' } });
    // It names no action: the API answers it, as it would on any other path.
    assert.doesNotMatch(signed.headers.get('content-type') ?? '', /version=0\.0\.4/);
    assert.doesNotMatch(await signed.text(), /kecs_api_requests_total/);
    const page = await fetch(`${lab.server.url}/metrics`, { headers: { origin: 'https://evil.example' } });
    assert.equal(page.status, 403);
    assert.doesNotMatch(await page.text(), /kecs_/);
    const rebound = await send(lab.server.port, '/metrics', { host: 'evil.example' });
    assert.equal(rebound.status, 403);
  });
});
