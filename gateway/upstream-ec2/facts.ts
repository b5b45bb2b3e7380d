/**
 * What kecs-lb reads from EC2: the few facts about subnets, security groups, VPCs and instances
 * that ELBv2 checks and reports. Handlers reach them through `ctx.ec2`; the gateway gives either
 * {@link NO_EC2} (no KECS_UPSTREAM_URL) or the upstream's EC2 (upstream-facts.ts).
 *
 * Every lookup answers `undefined` when there is no EC2 to ask (none configured, or the upstream
 * does not serve it): the caller then keeps kecs-lb's behaviour without EC2. Otherwise it answers
 * the resources EC2 knows, by id; an id missing from the answer does not exist.
 */
export interface Ec2Facts {
  subnets(scope: Ec2Scope, ids: readonly string[]): Promise<Found<SubnetFact>>;
  securityGroups(scope: Ec2Scope, ids: readonly string[]): Promise<Found<SecurityGroupFact>>;
  vpcs(scope: Ec2Scope, ids: readonly string[]): Promise<Found<VpcFact>>;
  instances(scope: Ec2Scope, ids: readonly string[]): Promise<Found<InstanceFact>>;
  /** The VPC's security group named `default` (`null` when it has none). */
  defaultSecurityGroup(scope: Ec2Scope, vpcId: string): Promise<string | null | undefined>;
}

/** The caller's account and Region: EC2 resources belong to both. */
export interface Ec2Scope {
  accountId: string;
  region: string;
}

export type Found<T> = ReadonlyMap<string, T> | undefined;

export interface SubnetFact {
  vpcId: string;
  zoneName: string;
}

export interface SecurityGroupFact {
  vpcId?: string;
}

export type VpcFact = Record<string, never>;

export interface InstanceFact {
  vpcId?: string;
  /** `running`, `stopped`, … (EC2 InstanceState.Name). */
  state?: string;
  privateIpAddress?: string;
}

/** No upstream configured: every lookup answers "no EC2". */
export const NO_EC2: Ec2Facts = {
  subnets: async () => undefined,
  securityGroups: async () => undefined,
  vpcs: async () => undefined,
  instances: async () => undefined,
  defaultSecurityGroup: async () => undefined,
};
