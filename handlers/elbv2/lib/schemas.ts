import type { IpAddressType } from '@aws-sdk/client-elastic-load-balancing-v2';
import { integer, list, string, structure, type ValueOf } from '../../../gateway/api/schema.js';
import { MAX_PAGE_SIZE } from './pagination.js';

// Member schemas that several ELBv2 operations share (API reference, "Data Types").

// `required` parameters are type parameters too, so `arn(true)` types the member as present.
export const arn = <R extends boolean = false>(required?: R) => string({ required, min: 1, max: 2048 });
export const arnList = <R extends boolean = false>(max?: number, required?: R) => list(arn(), { required, max });

export const marker = () => string({ min: 1, max: 1024 });
export const pageSize = () => integer({ min: 1, max: MAX_PAGE_SIZE });

export const tag = () => structure({
  Key: string({ required: true, min: 1, max: 128 }),
  Value: string({ max: 256 }),
});
/** A tag as the schema delivers it: the key is always there. */
export type TagInput = ValueOf<ReturnType<typeof tag>>;
export const tagList = <R extends boolean = false>(required?: R) => list(tag(), { required, min: required ? 1 : undefined });

export const attributeList = <R extends boolean = true>(required?: R) => list(structure({
  Key: string({ max: 256 }),
  Value: string({ max: 1024 }),
}), { required: required ?? true });

const ALB_IP_ADDRESS_TYPES = ['ipv4', 'dualstack', 'dualstack-without-public-ipv4'] as const satisfies readonly IpAddressType[];

/** IpAddressType values each load balancer type accepts (API reference, SetIpAddressType). */
export const IP_ADDRESS_TYPES: Readonly<Record<'application' | 'network' | 'gateway', readonly string[]>> = {
  application: ALB_IP_ADDRESS_TYPES,
  network: ['ipv4', 'dualstack'],
  gateway: ['ipv4', 'dualstack'],
};
export const ipAddressType = <R extends boolean = false>(required?: R) => string({ required, enum: ALB_IP_ADDRESS_TYPES });

export const subnetList = () => list(string({ max: 256 }), { max: 200 });
const subnetMapping = () => structure({
  SubnetId: string({ required: true, max: 256 }),
  AllocationId: string(),
  PrivateIPv4Address: string(),
  IPv6Address: string(),
  SourceNatIpv6Prefix: string(),
});
export type SubnetMappingInput = ValueOf<ReturnType<typeof subnetMapping>>;
export const subnetMappingList = () => list(subnetMapping(), { max: 200 });
