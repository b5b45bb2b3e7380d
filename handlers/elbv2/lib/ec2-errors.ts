import { ServiceError, validationError } from '../../../gateway/api/errors.js';
import { invalidConfigurationRequest } from './errors.js';

// ELBv2's errors for EC2 resources that do not fit, raised only when the upstream serves EC2
// (ec2-network.ts, instance-targets.ts). Codes from the API reference's "Errors" of each
// operation; messages as AWS users have quoted them, where found.

const quoted = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(', ');

/**
 * CreateLoadBalancer/SetSubnets `SubnetNotFound`. ELBv2's message is EC2's error code alone, as
 * users have quoted it (`InvalidSubnetID.NotFound (Service: AmazonElasticLoadBalancingV2; Status
 * Code: 400; Error Code: SubnetNotFound …)`, mozilla/fxa-dev#449; aws/aws-cdk#3676): it does not
 * name the subnet, so neither does this.
 */
export const subnetNotFound = () => new ServiceError('SubnetNotFound', 'InvalidSubnetID.NotFound');

/** Quoted by users from CreateLoadBalancer (robertdebock/terraform-aws-vault#5, aws-samples/aws-scalable-big-blue-button-example#51). */
export const subnetsInOneZone = () => invalidConfigurationRequest('A load balancer cannot be attached to multiple subnets in the same Availability Zone');

/** AWS rejects subnets of several VPCs with `InvalidConfigurationRequest`; its exact text is not documented. */
export const subnetsInSeveralVpcs = (vpcIds: readonly string[]) =>
  invalidConfigurationRequest(`The subnets must all belong to the same VPC, not to ${quoted(vpcIds)}`);

/** SetSubnets: the load balancer's VPC cannot change; the exact text is not documented. */
export const subnetsOutsideVpc = (vpcId: string) =>
  invalidConfigurationRequest(`The subnets must belong to the load balancer's VPC '${vpcId}'`);

/** `InvalidSecurityGroup` with EC2's text, as quoted from ELBv2 (kubernetes-sigs/aws-load-balancer-controller#2371). */
export const securityGroupNotFound = (groupId: string) => new ServiceError('InvalidSecurityGroup', `The security group '${groupId}' does not exist`);

/** Classic ELB's wording (chef-boneyard/chef-provisioning-aws#24); ELBv2's own is not documented. */
export const securityGroupOutsideVpc = (groupId: string, vpcId: string) =>
  invalidConfigurationRequest(`Security group "${groupId}" does not belong to VPC "${vpcId}"`);

/** CreateTargetGroup with a VpcId EC2 does not know (quoted from AWS in ansible/ansible#31919). */
export const vpcNotFound = (vpcId: string) => validationError(`The VPC ID '${vpcId}' is not found`);

/** RegisterTargets, instance ids EC2 does not know (quoted in kubernetes-sigs/aws-load-balancer-controller#272). */
export const instancesNotFound = (ids: readonly string[]) => new ServiceError('InvalidTarget', `The following instances do not exist: ${quoted(ids)}`);

/** RegisterTargets, instances of another VPC than the group's (as ECS service events quote ELBv2's error). */
export const instancesOutsideVpc = (vpcId: string, ids: readonly string[]) =>
  new ServiceError('InvalidTarget', `The following targets are not in the target group VPC '${vpcId}': ${quoted(ids)}`);

/**
 * RegisterTargets API reference: "If the target is an EC2 instance, it must be in the running
 * state when you register it." The text is moto's, which follows AWS's; not checked against AWS.
 */
export const instancesNotRunning = (ids: readonly string[]) =>
  new ServiceError('InvalidTarget', `The following targets are not in a running state and cannot be registered: ${quoted(ids)}`);
