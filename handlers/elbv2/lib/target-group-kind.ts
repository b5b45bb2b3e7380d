/** What decides a target group's health-check defaults, checks and attributes. */
export interface TargetGroupShape {
  target_type: string;
  protocol: string | null;
  protocol_version: string | null;
}

/**
 * Which load balancer a target group serves follows from its protocol (CreateTargetGroup API
 * reference, `Protocol`): HTTP/HTTPS → Application, GENEVE → Gateway, the TCP/UDP family →
 * Network. Lambda target groups have no protocol and are Application-only.
 */
export type TargetGroupKind = 'application' | 'network' | 'gateway' | 'lambda';

export const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE', 'QUIC', 'TCP_QUIC'] as const;
export const TARGET_TYPES = ['instance', 'ip', 'lambda', 'alb'] as const;

export function kindOf(tg: Pick<TargetGroupShape, 'target_type' | 'protocol'>): TargetGroupKind {
  if (tg.target_type === 'lambda') return 'lambda';
  if (tg.protocol === 'HTTP' || tg.protocol === 'HTTPS') return 'application';
  if (tg.protocol === 'GENEVE') return 'gateway';
  return 'network';
}
