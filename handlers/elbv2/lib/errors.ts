import { ServiceError } from '../../../gateway/api/errors.js';

// Error codes and messages as ELBv2 returns them (API reference, "Errors" of each operation).

export const loadBalancerNotFound = () => new ServiceError('LoadBalancerNotFound', 'One or more load balancers not found');
export const targetGroupNotFound = () => new ServiceError('TargetGroupNotFound', 'One or more target groups not found');
export const listenerNotFound = () => new ServiceError('ListenerNotFound', 'One or more listeners not found');
export const ruleNotFound = () => new ServiceError('RuleNotFound', 'One or more rules not found');

/** Postgres SQLSTATEs the repositories translate into AWS errors. */
export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

export function isPgError(error: unknown, code: string, constraint?: string): boolean {
  const pg = error as { code?: string; constraint?: string } | null;
  return pg?.code === code && (constraint === undefined || pg.constraint === constraint);
}

/** An IpAddressType the load balancer's type does not take (see IP_ADDRESS_TYPES in schemas.ts). */
export const ipAddressTypeNotSupported = (ipType: string, type: string) =>
  new ServiceError('ValidationError', `IP address type '${ipType}' is not supported by load balancers of type '${type}'`);
