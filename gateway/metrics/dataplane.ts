import type { Registry } from 'prom-client';
import { plainCounter, plainGauge, plainHistogram, type PlainBuckets, type PlainCell, type Series } from './plain.js';

/**
 * The embedded data plane's metrics, named after CloudWatch's ELB metrics ("CloudWatch metrics
 * for your Application Load Balancer" / "… Network Load Balancer") and labelled with CloudWatch's
 * dimension values: `load_balancer` = `app/my-lb/50dc6c495c0c9188`, `target_group` =
 * `targetgroup/my-tg/73e2d6bc24d8a067`.
 */

/** Seconds; ALB's TargetResponseTime is typically milliseconds, with a tail up to the idle timeout. */
export const RESPONSE_TIME_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** CloudWatch's `LoadBalancer` dimension: the ARN's resource after `loadbalancer/`. */
export function loadBalancerDimension(arn: string): string {
  const at = arn.indexOf(':loadbalancer/');
  return at < 0 ? arn : arn.slice(at + ':loadbalancer/'.length);
}

/** CloudWatch's `TargetGroup` dimension: `targetgroup/<name>/<id>`. */
export function targetGroupDimension(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/** A status code's class as CloudWatch names it: 502 → `5XX`. */
function codeClass(status: number): string {
  return `${Math.floor(status / 100)}XX`;
}

/** The series of one load balancer, bumped by the data plane without lookups. */
export class BalancerMeter {
  /** HTTPCode_ELB_<code>_Count, by code, created on first use. */
  private readonly elbCodes = new Map<number, PlainCell>();

  constructor(
    private readonly metrics: DataPlaneMetrics,
    readonly dimension: string,
    /** RequestCount of requests no target group took (fixed responses, redirects, errors). */
    readonly requests: PlainCell,
    readonly fixedResponses: PlainCell,
    readonly redirects: PlainCell,
    readonly tcpResets: PlainCell,
  ) {}

  /** A response the load balancer generated itself (an error page or a redirect). */
  elbCode(status: number): void {
    let cell = this.elbCodes.get(status);
    if (!cell) this.elbCodes.set(status, (cell = this.metrics.elbCodes.get(this.dimension, String(status), codeClass(status))));
    cell.value++;
  }
}

/** The series of one (load balancer, target group) route. */
export class RouteMeter {
  constructor(
    readonly balancer: BalancerMeter,
    readonly requests: PlainCell,
    /** HTTPCode_Target_<n>XX_Count by the code's first digit (indexes 1 to 5). */
    private readonly targetCodes: readonly PlainCell[],
    private readonly responseTime: PlainBuckets,
    readonly newFlows: PlainCell,
    readonly activeFlows: PlainCell,
  ) {}

  /**
   * A forwarded HTTP request ended: the target answered `targetStatus` after `targetSeconds`,
   * or (targetStatus 0) the load balancer answered `elbStatus` itself (502, 504, or 460 when
   * the client left first).
   */
  forwarded(elbStatus: number, targetStatus: number, targetSeconds: number): void {
    this.requests.value++;
    if (targetStatus === 0) {
      this.balancer.elbCode(elbStatus);
      return;
    }
    const cell = this.targetCodes[Math.floor(targetStatus / 100)];
    if (cell) cell.value++;
    this.responseTime.observe(targetSeconds);
  }
}

/** Every data-plane series of one gateway, registered on its registry. */
export class DataPlaneMetrics {
  private readonly requests: Series<PlainCell>;
  readonly elbCodes: Series<PlainCell>;
  private readonly targetCodes: Series<PlainCell>;
  private readonly responseTime: Series<PlainBuckets>;
  private readonly fixedResponses: Series<PlainCell>;
  private readonly redirects: Series<PlainCell>;
  private readonly newFlows: Series<PlainCell>;
  private readonly activeFlows: Series<PlainCell>;
  private readonly tcpResets: Series<PlainCell>;
  private readonly balancers = new Map<string, BalancerMeter>();
  private readonly routes = new Map<string, Map<string, RouteMeter>>();

  constructor(registry: Registry) {
    const lbGroup = ['load_balancer', 'target_group'];
    this.requests = plainCounter(registry, { name: 'kecs_lb_request_count_total', help: 'RequestCount: HTTP requests the load balancer answered (target_group empty when no target group took it)', labelNames: lbGroup });
    this.targetCodes = plainCounter(registry, { name: 'kecs_lb_httpcode_target_total', help: 'HTTPCode_Target_{2,3,4,5}XX_Count: responses from targets, by class', labelNames: [...lbGroup, 'code_class'] });
    this.elbCodes = plainCounter(registry, { name: 'kecs_lb_httpcode_elb_total', help: 'HTTPCode_ELB_{3,4,5}XX_Count and HTTPCode_ELB_<code>_Count: responses the load balancer generated (errors and redirects)', labelNames: ['load_balancer', 'code', 'code_class'] });
    this.responseTime = plainHistogram(registry, { name: 'kecs_lb_target_response_time_seconds', help: 'TargetResponseTime: from sending the request to the target to its response head', labelNames: lbGroup }, RESPONSE_TIME_BUCKETS);
    this.fixedResponses = plainCounter(registry, { name: 'kecs_lb_http_fixed_response_count_total', help: 'HTTP_Fixed_Response_Count: fixed-response actions answered', labelNames: ['load_balancer'] });
    this.redirects = plainCounter(registry, { name: 'kecs_lb_http_redirect_count_total', help: 'HTTP_Redirect_Count: redirect actions answered', labelNames: ['load_balancer'] });
    this.newFlows = plainCounter(registry, { name: 'kecs_lb_new_flow_count_total', help: 'NewFlowCount: TCP connections and UDP flows forwarded to a target', labelNames: lbGroup });
    this.activeFlows = plainGauge(registry, { name: 'kecs_lb_active_flow_count', help: 'ActiveFlowCount: TCP connections and UDP flows open through the load balancer now', labelNames: lbGroup });
    this.tcpResets = plainCounter(registry, { name: 'kecs_lb_tcp_elb_reset_count_total', help: 'TCP_ELB_Reset_Count: TCP connections the load balancer reset (no routable target, or the target refused)', labelNames: ['load_balancer'] });
  }

  /** The meter of a load balancer, made once and then reused. */
  balancer(loadBalancerArn: string): BalancerMeter {
    let meter = this.balancers.get(loadBalancerArn);
    if (!meter) {
      const lb = loadBalancerDimension(loadBalancerArn);
      meter = new BalancerMeter(this, lb, this.requests.get(lb, ''), this.fixedResponses.get(lb), this.redirects.get(lb), this.tcpResets.get(lb));
      this.balancers.set(loadBalancerArn, meter);
    }
    return meter;
  }

  /** The meter of a (load balancer, target group) route, made once and then reused. */
  route(loadBalancerArn: string, targetGroupArn: string): RouteMeter {
    let byGroup = this.routes.get(loadBalancerArn);
    if (!byGroup) this.routes.set(loadBalancerArn, (byGroup = new Map()));
    let meter = byGroup.get(targetGroupArn);
    if (!meter) {
      const balancer = this.balancer(loadBalancerArn);
      const lb = balancer.dimension;
      const tg = targetGroupDimension(targetGroupArn);
      const byDigit: PlainCell[] = [];
      for (let digit = 1; digit <= 5; digit++) byDigit[digit] = this.targetCodes.get(lb, tg, `${digit}XX`);
      meter = new RouteMeter(balancer, this.requests.get(lb, tg), byDigit, this.responseTime.get(lb, tg), this.newFlows.get(lb, tg), this.activeFlows.get(lb, tg));
      byGroup.set(targetGroupArn, meter);
    }
    return meter;
  }

  /**
   * Forgets the load balancers not in `loadBalancerArns` (deleted): their series leave the
   * exposition. Requests still in flight on them count into meters no longer exported.
   */
  retain(loadBalancerArns: ReadonlySet<string>): void {
    const kept = new Set<string>();
    for (const arn of [...this.balancers.keys()]) {
      if (loadBalancerArns.has(arn)) kept.add(loadBalancerDimension(arn));
      else {
        this.balancers.delete(arn);
        this.routes.delete(arn);
      }
    }
    const keep = (labels: Record<string, string>) => kept.has(labels.load_balancer);
    const all: Array<{ retain(keep: (labels: Record<string, string>) => boolean): void }> = [
      this.requests, this.elbCodes, this.targetCodes, this.responseTime, this.fixedResponses, this.redirects, this.newFlows, this.activeFlows, this.tcpResets,
    ];
    for (const series of all) series.retain(keep);
  }
}
