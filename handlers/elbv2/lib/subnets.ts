import { validationError } from '../../../gateway/api/errors.js';
import type { LoadBalancerType } from './arn.js';
import type { SubnetMappingInput } from './schemas.js';

/**
 * The subnet ids of a CreateLoadBalancer or SetSubnets request: `Subnets` or `SubnetMappings`,
 * not both, none twice (API reference, CreateLoadBalancer / SetSubnets).
 */
export function requestedSubnets(req: { Subnets?: string[]; SubnetMappings?: SubnetMappingInput[] }): string[] {
  if (req.Subnets?.length && req.SubnetMappings?.length) throw validationError('You can specify subnets or subnet mappings, not both');
  const subnets = req.Subnets?.length ? req.Subnets : req.SubnetMappings?.map((m) => m.SubnetId) ?? [];
  if (new Set(subnets).size !== subnets.length) throw validationError('A subnet cannot be specified more than once');
  return subnets;
}

/** Application Load Balancers span at least two Availability Zones (ALB user guide, "Availability Zones"). */
export function checkZoneCount(type: LoadBalancerType, subnets: readonly string[]): void {
  if (type === 'application' && subnets.length < 2) {
    throw validationError('At least two subnets in two different Availability Zones must be specified');
  }
}
