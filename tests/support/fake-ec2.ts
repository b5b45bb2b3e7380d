import type { Ec2Facts, InstanceFact, SecurityGroupFact, SubnetFact } from '../../gateway/upstream-ec2/facts.js';

/** The EC2 resources a {@link fakeEc2} knows. */
export interface FakeEc2World {
  subnets?: Record<string, SubnetFact>;
  securityGroups?: Record<string, SecurityGroupFact & { name?: string }>;
  vpcs?: string[];
  instances?: Record<string, InstanceFact>;
}

/**
 * EC2 facts from a fixed world, for direct handler tests (`kit.ctx({ ec2: fakeEc2(world) })`):
 * answers what the world holds, as the upstream's EC2 would. `calls` counts the lookups.
 */
export function fakeEc2(world: FakeEc2World): Ec2Facts & { calls: number } {
  const pick = <T>(table: Record<string, T> | undefined, ids: readonly string[]) =>
    new Map(ids.filter((id) => table?.[id] !== undefined).map((id) => [id, table![id]] as const));
  const facts = {
    calls: 0,
    async subnets(_: unknown, ids: readonly string[]) { facts.calls++; return pick(world.subnets, ids); },
    async securityGroups(_: unknown, ids: readonly string[]) { facts.calls++; return pick(world.securityGroups, ids); },
    async vpcs(_: unknown, ids: readonly string[]) {
      facts.calls++;
      return new Map(ids.filter((id) => world.vpcs?.includes(id)).map((id) => [id, {}] as const));
    },
    async instances(_: unknown, ids: readonly string[]) { facts.calls++; return pick(world.instances, ids); },
    async defaultSecurityGroup(_: unknown, vpcId: string) {
      facts.calls++;
      const entry = Object.entries(world.securityGroups ?? {}).find(([, group]) => group.vpcId === vpcId && group.name === 'default');
      return entry ? entry[0] : null;
    },
  };
  return facts;
}
