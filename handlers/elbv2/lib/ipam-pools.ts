import type { IpamPools } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';

/**
 * IPAM pools of a load balancer (API reference, CreateLoadBalancer `IpamPools` and
 * ModifyIpPools): "[Application Load Balancers]" only. The pool id is taken as given, since there
 * is no EC2 here to look it up. AWS's message for another load balancer type is not known.
 */
export function checkIpamPools(type: string, pools: IpamPools | undefined): IpamPools | null {
  if (pools?.Ipv4IpamPoolId === undefined) return null;
  checkIpamPoolType(type);
  return { Ipv4IpamPoolId: pools.Ipv4IpamPoolId };
}

export function checkIpamPoolType(type: string): void {
  if (type !== 'application') throw validationError('IPAM pools can be specified only for Application Load Balancers');
}

/** The `IpamPools` member of a LoadBalancer, absent when none is set. */
export function ipamPoolsOf(stored: { Ipv4IpamPoolId?: string } | null): IpamPools | undefined {
  return stored?.Ipv4IpamPoolId === undefined ? undefined : { Ipv4IpamPoolId: stored.Ipv4IpamPoolId };
}
