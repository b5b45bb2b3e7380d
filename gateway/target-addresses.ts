import { BlockList, isIP } from 'node:net';

/**
 * Named address ranges, as `KECS_TARGET_ADDRESSES` and the local "VPC" of RegisterTargets use
 * them. `private` is what AWS lets `ip` targets outside a VPC be (ALB guide, "Target type": the
 * RFC 1918 ranges and RFC 6598's 100.64.0.0/10) plus IPv6 unique local addresses (RFC 4193).
 * Link-local ranges (169.254.0.0/16, where cloud metadata services answer, and fe80::/10) are in
 * neither.
 */
export const NAMED_RANGES: Readonly<Record<'loopback' | 'private', readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'],
};

/** Where health checks and data-plane traffic may go. */
export interface TargetAddresses {
  /** The setting as given, for messages. */
  readonly spec: string;
  /** True when `host` (an IP address; anything else is refused unless `any`) may be connected to. */
  allows(host: string): boolean;
}

/** `a.b.c.d/n` or `x::y/n`, added to `list`; false when `cidr` is not one. */
export function addCidr(list: BlockList, cidr: string): boolean {
  const [address, bits, ...rest] = cidr.split('/');
  const family = isIP(address);
  const prefix = Number(bits);
  const max = family === 4 ? 32 : 128;
  if (family === 0 || rest.length > 0 || bits === undefined || !/^\d{1,3}$/.test(bits) || prefix > max) return false;
  list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return true;
}

/** True when `host` is an IP address `list` contains (IPv4-mapped IPv6 addresses match their IPv4 ranges). */
export function inRanges(list: BlockList, host: string): boolean {
  const family = isIP(host);
  return family !== 0 && list.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** A BlockList of the named ranges. */
export function namedRanges(...names: Array<keyof typeof NAMED_RANGES>): BlockList {
  const list = new BlockList();
  for (const name of names) for (const cidr of NAMED_RANGES[name]) addCidr(list, cidr);
  return list;
}

/**
 * Parses `KECS_TARGET_ADDRESSES`: a comma-separated list of `loopback`, `private`, CIDRs, or
 * `any` (no limit). An item that is none of these comes back as `{ invalid }`.
 */
export function parseTargetAddresses(spec: string): TargetAddresses | { invalid: string } {
  const items = spec.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.includes('any')) return { spec, allows: () => true };
  const list = new BlockList();
  for (const item of items) {
    if (item === 'loopback' || item === 'private') {
      for (const cidr of NAMED_RANGES[item]) addCidr(list, cidr);
    } else if (!addCidr(list, item)) {
      return { invalid: item };
    }
  }
  return { spec, allows: (host) => inRanges(list, host) };
}
