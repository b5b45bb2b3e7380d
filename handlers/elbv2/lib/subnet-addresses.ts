import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { LoadBalancerAddress, SubnetMapping } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import type { SubnetAddresses } from '../../../gateway/database/tables.js';

/**
 * The addresses SubnetMappings ask for, by subnet id (API reference, SubnetMapping): an Elastic
 * IP (`AllocationId`), a private IPv4 address or an IPv6 address per subnet, for Network Load
 * Balancers only. There is no EC2 here, so allocation ids and addresses are taken as given, only
 * their form is checked. AWS's messages for these refusals are not known.
 */
export function requestedAddresses(type: string, mappings: readonly SubnetMapping[] | undefined): Record<string, SubnetAddresses> {
  const out: Record<string, SubnetAddresses> = {};
  for (const { SubnetId, AllocationId, PrivateIPv4Address, IPv6Address } of mappings ?? []) {
    if (AllocationId === undefined && PrivateIPv4Address === undefined && IPv6Address === undefined) continue;
    if (type !== 'network') throw validationError('Elastic IP addresses, private IPv4 addresses and IPv6 addresses can be specified only for Network Load Balancers');
    if (PrivateIPv4Address !== undefined && !isIPv4(PrivateIPv4Address)) throw validationError(`The private IPv4 address '${PrivateIPv4Address}' is not valid`);
    if (IPv6Address !== undefined && !isIPv6(IPv6Address)) throw validationError(`The IPv6 address '${IPv6Address}' is not valid`);
    out[SubnetId!] = { AllocationId, PrivateIPv4Address, IPv6Address };
  }
  return out;
}

/**
 * AvailabilityZone.LoadBalancerAddresses of one subnet, as AWS echoes a mapping: one address
 * with the members asked for, and for an Elastic IP its public `IpAddress` too. Without EC2 the
 * public address is made up, stable per allocation id, from 203.0.113.0/24 (TEST-NET-3, RFC 5737).
 */
export function loadBalancerAddresses(addresses: SubnetAddresses | undefined): LoadBalancerAddress[] {
  if (!addresses) return [];
  const { AllocationId, PrivateIPv4Address, IPv6Address } = addresses;
  const IpAddress = AllocationId === undefined ? undefined : `203.0.113.${1 + (createHash('sha256').update(AllocationId).digest()[0] % 254)}`;
  return [{ IpAddress, AllocationId, PrivateIPv4Address, IPv6Address }];
}
