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
 * answers what the world holds, as the upstream's EC2 would.
 */
export function fakeEc2(world: FakeEc2World): Ec2Facts {
  const pick = <T>(table: Record<string, T> | undefined, ids: readonly string[]) =>
    new Map(ids.filter((id) => table?.[id] !== undefined).map((id) => [id, table![id]] as const));
  return {
    async subnets(_, ids) { return pick(world.subnets, ids); },
    async securityGroups(_, ids) { return pick(world.securityGroups, ids); },
    async vpcs(_, ids) { return new Map(ids.filter((id) => world.vpcs?.includes(id)).map((id) => [id, {}] as const)); },
    async instances(_, ids) { return pick(world.instances, ids); },
    async defaultSecurityGroup(_, vpcId) {
      const entry = Object.entries(world.securityGroups ?? {}).find(([, group]) => group.vpcId === vpcId && group.name === 'default');
      return entry ? entry[0] : null;
    },
  };
}
