import { ServiceError, validationError } from '../../../gateway/api/errors.js';

// ELBv2's errors for EC2 resources that do not fit, raised only when the upstream serves EC2
// (ec2-network.ts, instance-targets.ts). Codes from the API reference's "Errors" of each
// operation; messages as AWS users have quoted them, where found.

const quoted = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(', ');

/**
 * CreateLoadBalancer/SetSubnets `SubnetNotFound`. ELB's own wording is not documented; users have
 * seen EC2's (code InvalidSubnetID.NotFound), which is this one.
 */
export const subnetNotFound = (subnetId: string) => new ServiceError('SubnetNotFound', `The subnet ID '${subnetId}' does not exist`);

/** Quoted by users from CreateLoadBalancer (AWS::ElasticLoadBalancingV2::LoadBalancer, Terraform's aws_lb). */
export const subnetsInOneZone = () => new ServiceError('InvalidConfigurationRequest', 'A load balancer cannot be attached to multiple subnets in the same Availability Zone');

/** AWS rejects subnets of several VPCs with `InvalidConfigurationRequest`; its exact text is not documented. */
export const subnetsInSeveralVpcs = (vpcIds: readonly string[]) =>
  new ServiceError('InvalidConfigurationRequest', `The subnets must all belong to the same VPC, not to ${quoted(vpcIds)}`);

/** SetSubnets: the load balancer's VPC cannot change; the exact text is not documented. */
export const subnetsOutsideVpc = (vpcId: string) =>
  new ServiceError('InvalidConfigurationRequest', `The subnets must belong to the load balancer's VPC '${vpcId}'`);

/** `InvalidSecurityGroup` with EC2's text, as the AWS Load Balancer Controller's users quote it. */
export const securityGroupNotFound = (groupId: string) => new ServiceError('InvalidSecurityGroup', `The security group '${groupId}' does not exist`);

/** Quoted from Elastic Load Balancing (`Security group "sg-…" does not belong to VPC "vpc-…"`). */
export const securityGroupOutsideVpc = (groupId: string, vpcId: string) =>
  new ServiceError('InvalidConfigurationRequest', `Security group "${groupId}" does not belong to VPC "${vpcId}"`);

/** CreateTargetGroup with a VpcId EC2 does not know (quoted from boto3 users). */
export const vpcNotFound = (vpcId: string) => validationError(`The VPC ID '${vpcId}' is not found`);

/** RegisterTargets, instance ids EC2 does not know (quoted from the AWS Load Balancer Controller's users). */
export const instancesNotFound = (ids: readonly string[]) => new ServiceError('InvalidTarget', `The following instances do not exist: ${quoted(ids)}`);

/** RegisterTargets, instances of another VPC than the group's (quoted from the AWS Load Balancer Controller's users). */
export const instancesOutsideVpc = (vpcId: string, ids: readonly string[]) =>
  new ServiceError('InvalidTarget', `The following targets are not in the target group VPC '${vpcId}': ${quoted(ids)}`);

/**
 * RegisterTargets API reference: "If the target is an EC2 instance, it must be in the running
 * state when you register it." The text is moto's, which follows AWS's; not checked against AWS.
 */
export const instancesNotRunning = (ids: readonly string[]) =>
  new ServiceError('InvalidTarget', `The following targets are not in a running state and cannot be registered: ${quoted(ids)}`);
