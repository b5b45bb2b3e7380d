import { integer, list, string, structure } from '../../../gateway/api/schema.js';
import { MAX_PAGE_SIZE } from './pagination.js';

// Member schemas that several ELBv2 operations share (API reference, "Data Types").

export const arn = (required = false) => string({ required, min: 1, max: 2048 });
export const arnList = (max?: number, required = false) => list(arn(), { required, max });

export const marker = () => string({ min: 1, max: 1024 });
export const pageSize = () => integer({ min: 1, max: MAX_PAGE_SIZE });

export const tag = () => structure({
  Key: string({ required: true, min: 1, max: 128 }),
  Value: string({ max: 256 }),
});
export const tagList = (required = false) => list(tag(), { required, min: required ? 1 : undefined });

export const attributeList = (required = true) => list(structure({
  Key: string({ max: 256 }),
  Value: string({ max: 1024 }),
}), { required });

/** IpAddressType values each load balancer type accepts (API reference, SetIpAddressType). */
export const IP_ADDRESS_TYPES: Readonly<Record<'application' | 'network' | 'gateway', readonly string[]>> = {
  application: ['ipv4', 'dualstack', 'dualstack-without-public-ipv4'],
  network: ['ipv4', 'dualstack'],
  gateway: ['ipv4', 'dualstack'],
};
export const ipAddressType = (required = false) => string({ required, enum: IP_ADDRESS_TYPES.application });

export const subnetList = () => list(string({ max: 256 }), { max: 200 });
export const subnetMappingList = () => list(structure({
  SubnetId: string({ required: true, max: 256 }),
  AllocationId: string(),
  PrivateIPv4Address: string(),
  IPv6Address: string(),
  SourceNatIpv6Prefix: string(),
}), { max: 200 });
