import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { healthCheckDefaults } from '../../../../handlers/elbv2/lib/health-check.js';
import { resolveHealthCheck } from '../../../../handlers/elbv2/lib/resolve-health-check.js';

const tg = (target_type: string, protocol: string | null, protocol_version: string | null = null) => ({ target_type, protocol, protocol_version });

/** [protocol, port, path, interval, timeout, matcher] of the defaults. */
function summary(hc: ReturnType<typeof healthCheckDefaults>) {
  return [hc.health_check_protocol, hc.health_check_port, hc.health_check_path, hc.health_check_interval_seconds, hc.health_check_timeout_seconds, hc.matcher];
}

describe('health-check defaults', () => {
  it('follows the table per target group kind', () => {
    assert.deepEqual(summary(healthCheckDefaults(tg('instance', 'HTTP'))), ['HTTP', 'traffic-port', '/', 30, 5, { HttpCode: '200' }]);
    assert.deepEqual(summary(healthCheckDefaults(tg('ip', 'HTTPS'))), ['HTTP', 'traffic-port', '/', 30, 5, { HttpCode: '200' }]);
    assert.deepEqual(summary(healthCheckDefaults(tg('ip', 'HTTPS', 'GRPC'))), ['HTTP', 'traffic-port', '/AWS.ALB/healthcheck', 30, 5, { GrpcCode: '12' }]);
    for (const protocol of ['TCP', 'TLS', 'UDP', 'TCP_UDP']) {
      assert.deepEqual(summary(healthCheckDefaults(tg('instance', protocol))), ['TCP', 'traffic-port', null, 30, 10, null], protocol);
    }
    assert.deepEqual(summary(healthCheckDefaults(tg('instance', 'TCP'), 'HTTP')), ['HTTP', 'traffic-port', '/', 30, 6, { HttpCode: '200-399' }]);
    assert.deepEqual(summary(healthCheckDefaults(tg('instance', 'TLS'), 'HTTPS')), ['HTTPS', 'traffic-port', '/', 30, 10, { HttpCode: '200-399' }]);
    assert.deepEqual(summary(healthCheckDefaults(tg('ip', 'GENEVE'))), ['TCP', '80', null, 10, 5, null]);
    const lambda = healthCheckDefaults(tg('lambda', null));
    assert.deepEqual(summary(lambda), [null, null, '/', 35, 30, { HttpCode: '200' }]);
    assert.equal(lambda.health_check_enabled, false);
  });

  it('uses thresholds 5 healthy / 2 unhealthy everywhere', () => {
    for (const shape of [tg('instance', 'HTTP'), tg('ip', 'TCP'), tg('ip', 'GENEVE'), tg('lambda', null)]) {
      const hc = healthCheckDefaults(shape);
      assert.deepEqual([hc.healthy_threshold_count, hc.unhealthy_threshold_count], [5, 2]);
    }
  });

  it('drops and restores the path and matcher when a check switches between TCP and HTTP', () => {
    const nlb = tg('instance', 'TCP');
    const http = resolveHealthCheck(nlb, { HealthCheckProtocol: 'HTTPS' }, healthCheckDefaults(nlb));
    assert.deepEqual([http.health_check_path, http.matcher, http.health_check_timeout_seconds], ['/', { HttpCode: '200-399' }, 10]);
    const tcp = resolveHealthCheck(nlb, { HealthCheckProtocol: 'TCP' }, { ...http, health_check_path: '/custom' });
    assert.deepEqual([tcp.health_check_path, tcp.matcher], [null, null]);
  });
});
