import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import type { Logger } from '../logger.js';
import type { Ec2Facts, Ec2Scope, Found, InstanceFact, SecurityGroupFact, SubnetFact, VpcFact } from './facts.js';
import { TtlCache } from './ttl-cache.js';

/** How long what EC2 said is believed, and how long an upstream without EC2 is left alone. */
export const EC2_TTL_MS = 30_000;
// EC2 takes at most 200 values per filter (EC2 API reference, "Filter"); ELBv2 asks for fewer.
const FILTER_VALUES = 100;
// A refused connection fails at once; an upstream that accepts and hangs must not hold a call long.
const TIMEOUTS = { connectionTimeout: 2_000, requestTimeout: 5_000 };

/**
 * The list of a Describe* answer. EC2 always sends it, empty or not (`<subnetSet/>`); a 200 whose
 * body lacks it (an upstream answering every path with something else) is not EC2.
 */
function listOf<T>(list: T[] | undefined, operation: string): T[] {
  if (list === undefined) throw new Error(`the upstream's answer to ${operation} is not EC2's`);
  return list;
}

/** Every page of a `Describe*` call that pages by NextToken, its entries in order. */
async function allPages<T>(page: (nextToken: string | undefined) => Promise<{ found: Array<[string, T]>; next?: string }>): Promise<Array<[string, T]>> {
  const out: Array<[string, T]> = [];
  let next: string | undefined;
  do {
    const answer = await page(next);
    out.push(...answer.found);
    next = answer.next;
  } while (next);
  return out;
}

/**
 * EC2 facts read from the upstream (LocalStack, or moto in tests) with the AWS SDK: endpoint
 * KECS_UPSTREAM_URL, the caller's Region, and the caller's account as the access key id (which
 * LocalStack reads as the account). Lookups go by `*-id` filters, never by `SubnetIds`/`GroupIds`:
 * a filter answers only what exists and never fails for an unknown id, so
 *
 * - "EC2 says no such subnet" is an answer without that subnet, and
 * - any failed call (connection refused, a 501 or `UnsupportedOperation`, a timeout, a 200 whose
 *   body is not EC2's answer) means the upstream does not serve EC2.
 *
 * Then the lookup answers `undefined` (the caller keeps its behaviour without EC2), the first
 * failure is logged at warn, and the upstream is not asked again for {@link EC2_TTL_MS}. What EC2
 * answered is cached per account, Region and id for the same time; absences are not cached, so a
 * subnet created a moment ago is found at once.
 */
export class UpstreamEc2Facts implements Ec2Facts {
  readonly #clients = new Map<string, EC2Client>();
  readonly #cache: TtlCache<unknown>;
  #unavailableUntil = 0;
  #warned = false;

  constructor(private readonly endpoint: string, private readonly log: Logger, private readonly now: () => number = Date.now) {
    this.#cache = new TtlCache(EC2_TTL_MS, now);
  }

  subnets(scope: Ec2Scope, ids: readonly string[]): Promise<Found<SubnetFact>> {
    return this.#lookup<SubnetFact>('subnet', scope, ids, (client, filter) => allPages(async (NextToken) => {
      const page = await client.send(new DescribeSubnetsCommand({ Filters: [filter('subnet-id')], NextToken }));
      const found = listOf(page.Subnets, 'DescribeSubnets').flatMap((s): Array<[string, SubnetFact]> =>
        (s.SubnetId && s.VpcId && s.AvailabilityZone ? [[s.SubnetId, { vpcId: s.VpcId, zoneName: s.AvailabilityZone }]] : []));
      return { found, next: page.NextToken };
    }));
  }

  securityGroups(scope: Ec2Scope, ids: readonly string[]): Promise<Found<SecurityGroupFact>> {
    return this.#lookup<SecurityGroupFact>('security-group', scope, ids, (client, filter) => allPages(async (NextToken) => {
      const page = await client.send(new DescribeSecurityGroupsCommand({ Filters: [filter('group-id')], NextToken }));
      const found = listOf(page.SecurityGroups, 'DescribeSecurityGroups').flatMap((g): Array<[string, SecurityGroupFact]> =>
        (g.GroupId ? [[g.GroupId, { vpcId: g.VpcId }]] : []));
      return { found, next: page.NextToken };
    }));
  }

  vpcs(scope: Ec2Scope, ids: readonly string[]): Promise<Found<VpcFact>> {
    return this.#lookup<VpcFact>('vpc', scope, ids, (client, filter) => allPages(async (NextToken) => {
      const page = await client.send(new DescribeVpcsCommand({ Filters: [filter('vpc-id')], NextToken }));
      const found = listOf(page.Vpcs, 'DescribeVpcs').flatMap((v): Array<[string, VpcFact]> => (v.VpcId ? [[v.VpcId, {}]] : []));
      return { found, next: page.NextToken };
    }));
  }

  instances(scope: Ec2Scope, ids: readonly string[]): Promise<Found<InstanceFact>> {
    return this.#lookup<InstanceFact>('instance', scope, ids, (client, filter) => allPages(async (NextToken) => {
      const page = await client.send(new DescribeInstancesCommand({ Filters: [filter('instance-id')], NextToken }));
      const found = listOf(page.Reservations, 'DescribeInstances').flatMap((r) => r.Instances ?? []).flatMap((i): Array<[string, InstanceFact]> =>
        (i.InstanceId ? [[i.InstanceId, { vpcId: i.VpcId, state: i.State?.Name, privateIpAddress: i.PrivateIpAddress }]] : []));
      return { found, next: page.NextToken };
    }));
  }

  async defaultSecurityGroup(scope: Ec2Scope, vpcId: string): Promise<string | null | undefined> {
    const found = await this.#lookup<{ groupId: string | null }>('default-security-group', scope, [vpcId], async (client) => {
      const page = await client.send(new DescribeSecurityGroupsCommand({
        Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }],
      }));
      return [[vpcId, { groupId: listOf(page.SecurityGroups, 'DescribeSecurityGroups')[0]?.GroupId ?? null }]];
    });
    return found && (found.get(vpcId)?.groupId ?? null);
  }

  /** Cached entries, plus one call per {@link FILTER_VALUES} ids for the rest; `undefined` when EC2 is not served. */
  async #lookup<T>(
    kind: string,
    scope: Ec2Scope,
    ids: readonly string[],
    fetch: (client: EC2Client, filter: (name: string) => Filter) => Promise<Array<[string, T]>>,
  ): Promise<Found<T>> {
    if (this.now() < this.#unavailableUntil) return undefined;
    const key = (id: string) => `${scope.accountId}/${scope.region}/${kind}/${id}`;
    const found = new Map<string, T>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = this.#cache.get(key(id)) as T | undefined;
      if (cached === undefined) missing.push(id);
      else found.set(id, cached);
    }
    if (missing.length === 0) return found;
    const client = this.#client(scope);
    try {
      for (let i = 0; i < missing.length; i += FILTER_VALUES) {
        const values = missing.slice(i, i + FILTER_VALUES);
        for (const [id, fact] of await fetch(client, (name) => ({ Name: name, Values: values }))) {
          this.#cache.set(key(id), fact);
          found.set(id, fact);
        }
      }
    } catch (error) {
      this.#unavailable(error);
      return undefined;
    }
    if (this.#warned) {
      this.#warned = false;
      this.log.info({ upstream: this.endpoint }, 'the upstream serves EC2 again: subnets, security groups and instances are read from it');
    }
    return found;
  }

  #unavailable(error: unknown): void {
    this.#unavailableUntil = this.now() + EC2_TTL_MS;
    if (this.#warned) return;
    this.#warned = true;
    const { name, message } = error as Error;
    this.log.warn({ upstream: this.endpoint, error: `${name}: ${message}` },
      'the upstream does not serve EC2: subnets, security groups and instances are taken as given');
  }

  #client(scope: Ec2Scope): EC2Client {
    const key = `${scope.accountId}/${scope.region}`;
    let client = this.#clients.get(key);
    if (!client) {
      client = new EC2Client({
        endpoint: this.endpoint,
        region: scope.region,
        credentials: { accessKeyId: scope.accountId, secretAccessKey: 'test' },
        maxAttempts: 1,
        requestHandler: TIMEOUTS,
      });
      this.#clients.set(key, client);
    }
    return client;
  }

  /** Closes the SDK clients' sockets. */
  close(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }
}
