import { ServiceError, validationError } from '../../../gateway/api/errors.js';

// The ELBv2 errors, one function per AWS error code and named after it, worded as ELBv2 words
// them (API reference, "Errors" of each operation; quoted messages where AWS's are known). Where
// a code comes with several messages, the caller words it. Generic input errors are
// `validationError(message)` from gateway/api/errors.ts.

/** Ids as the messages list them: 'a', 'b'. */
const quoted = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(', ');

// Not found: "One or more … not found" answers one ARN or many alike.
export const loadBalancerNotFound = () => new ServiceError('LoadBalancerNotFound', 'One or more load balancers not found');
export const targetGroupNotFound = () => new ServiceError('TargetGroupNotFound', 'One or more target groups not found');
export const listenerNotFound = () => new ServiceError('ListenerNotFound', 'One or more listeners not found');
export const ruleNotFound = () => new ServiceError('RuleNotFound', 'One or more rules not found');
export const trustStoreNotFound = () => new ServiceError('TrustStoreNotFound', 'One or more trust stores not found');
export const certificateNotFound = (certificateArn: string) => new ServiceError('CertificateNotFound', `Certificate '${certificateArn}' not found`);
export const sslPolicyNotFound = (policy: string) => new ServiceError('SSLPolicyNotFound', `SSL policy '${policy}' not found`);
export const alpnPolicyNotFound = (policies: readonly string[]) => new ServiceError('ALPNPolicyNotFound', `ALPN policy '${policies.join(', ')}' not found`);

// Quotas (ALB and NLB user guides, "Quotas").
export const tooManyLoadBalancers = (limit: number) =>
  new ServiceError('TooManyLoadBalancers', `The quota of ${limit} load balancers per Region has been reached`);
export const tooManyTargetGroups = (limit: number) =>
  new ServiceError('TooManyTargetGroups', `The quota of ${limit} target groups per Region has been reached`);
export const tooManyListeners = (limit: number) =>
  new ServiceError('TooManyListeners', `You've reached the limit of ${limit} listeners per load balancer`);
export const tooManyRules = (limit: number) =>
  new ServiceError('TooManyRules', `You've reached the limit of ${limit} rules per load balancer`);
export const tooManyCertificates = () => new ServiceError('TooManyCertificates', 'The maximum number of certificates has been reached');
export const tooManyTags = (limit: number, resourceArn: string) =>
  new ServiceError('TooManyTags', `The quota of ${limit} tags per resource would be exceeded for '${resourceArn}'`);
export const tooManyTargets = (limit: number) =>
  new ServiceError('TooManyTargets', `You've reached the limit on the number of targets per target group (${limit})`);
export const tooManyUniqueTargetGroupsPerLoadBalancer = (limit: number) =>
  new ServiceError('TooManyUniqueTargetGroupsPerLoadBalancer', `You've reached the limit of ${limit} unique target groups per load balancer`);

// Conflicts with what exists.
export const duplicateLoadBalancerName = (name: string) =>
  new ServiceError('DuplicateLoadBalancerName', `A load balancer with the same name '${name}' exists, but with different settings`);
export const duplicateTargetGroupName = (name: string) =>
  new ServiceError('DuplicateTargetGroupName', `A target group with the same name '${name}' exists, but with different settings`);
export const duplicateListener = () => new ServiceError('DuplicateListener', 'A listener already exists on this port for this load balancer');
export const duplicateTagKeys = (key: string) => new ServiceError('DuplicateTagKeys', `Tag key '${key}' is duplicated`);
export const priorityInUse = (priority: number) => new ServiceError('PriorityInUse', `Priority '${priority}' is currently in use`);
/**
 * AWS's wording, which Terraform matches to retry a target group delete while a listener or rule
 * is being changed (terraform-provider-aws internal/service/elbv2/target_group.go).
 */
export const resourceInUse = (targetGroupArn: string) =>
  new ServiceError('ResourceInUse', `Target group '${targetGroupArn}' is currently in use by a listener or a rule`);
/** AWS's text, as quoted from CreateRule in kubernetes-sigs/aws-load-balancer-controller#1045. */
export const targetGroupInOtherVpc = (targetGroupArn: string, loadBalancerArn: string) =>
  new ServiceError('InvalidConfigurationRequest', `Target group '${targetGroupArn}' is in a different VPC than load balancer '${loadBalancerArn}'`);
export const targetGroupAssociationLimit = (targetGroupArn: string) =>
  new ServiceError('TargetGroupAssociationLimit', `The following target groups cannot be associated with more than one load balancer: ${targetGroupArn}`);

// Requests the resource's state or kind refuses; the caller says what and why.
export const operationNotPermitted = (message: string) => new ServiceError('OperationNotPermitted', message);
export const invalidConfigurationRequest = (message: string) => new ServiceError('InvalidConfigurationRequest', message);
export const invalidLoadBalancerAction = (message: string) => new ServiceError('InvalidLoadBalancerAction', message);
/** `targetGroup` says what does not fit: "the protocol 'TCP'", "the target type 'lambda'". */
export const incompatibleProtocols = (listenerProtocol: string, targetGroup: string) =>
  new ServiceError('IncompatibleProtocols', `Listener protocol '${listenerProtocol}' is not supported with a target group with ${targetGroup}`);
/** `kind` names what the ids should have been: "instances", "Application Load Balancers", … */
export const invalidTarget = (kind: string, ids: readonly string[]) =>
  new ServiceError('InvalidTarget', `The following targets are not valid ${kind}: ${quoted(ids)}`);

/** A ValidationError: an IpAddressType the load balancer's type does not take (IP_ADDRESS_TYPES in schemas.ts). */
export const ipAddressTypeNotSupported = (ipType: string, type: string) =>
  validationError(`IP address type '${ipType}' is not supported by load balancers of type '${type}'`);

// Capacity reservations: the API reference's descriptions of the errors (ModifyCapacityReservation).
export const capacityUnitsLimitExceeded = () => new ServiceError('CapacityUnitsLimitExceeded', "You've exceeded the capacity units limit.");
export const capacityReservationPending = () => new ServiceError('CapacityReservationPending', 'There is a pending capacity reservation.');
/** The wire code is singular ("Request"), unlike the SDK's exception name. */
export const capacityDecreaseRequestsLimitExceeded = () =>
  new ServiceError('CapacityDecreaseRequestLimitExceeded', "You've exceeded the daily capacity decrease limit for this reservation.");

/** OperationNotPermitted for a load balancer type or configuration that has no LCU reservation (AWS's text unknown). */
export const capacityReservationNotPermitted = (why: string) => new ServiceError('OperationNotPermitted', why);

/** GetResourcePolicy on an ARN that names nothing shareable: the API reference's description. */
export const resourceNotFound = () => new ServiceError('ResourceNotFound', 'The specified resource does not exist.');

/** A stickiness type of the right family on the wrong protocol (AWS's text). */
export const stickinessTypeNotSupported = (type: string, protocol: string) =>
  new ServiceError('InvalidConfigurationRequest', `Stickiness type '${type}' is not supported for target groups with the ${protocol} protocol`);

/** Stickiness on a TLS target group (AWS's text). */
export const stickinessNotOnTls = () => new ServiceError('InvalidConfigurationRequest', 'You cannot enable stickiness on target groups with the TLS protocol');

// Trust stores: codes as ELBv2 returns them (API reference, "Errors" of CreateTrustStore,
// ModifyTrustStore, DeleteTrustStore, AddTrustStoreRevocations, DeleteSharedTrustStoreAssociation
// and the Describe*/Get* trust store operations). AWS's own message texts for these are not
// published; the not-found messages follow ELBv2's "One or more … not found" pattern, the others
// the API reference's descriptions, completed with what was wrong.

export const duplicateTrustStoreName = (name: string) => new ServiceError('DuplicateTrustStoreName', `A trust store with the name '${name}' already exists`);
export const tooManyTrustStores = (max: number) => new ServiceError('TooManyTrustStores', `You've reached the limit of ${max} trust stores per Region for your account`);
export const trustStoreInUse = (arn: string) => new ServiceError('TrustStoreInUse', `Trust store '${arn}' is currently in use by a listener`);

/** The bundle or revocation object could not be read: no such bucket, key or version, or no S3 to read it from. */
export const caCertificatesBundleNotFound = (s3Uri: string) =>
  new ServiceError('CaCertificatesBundleNotFound', `The CA certificates bundle '${s3Uri}' does not exist or could not be read`);
export const invalidCaCertificatesBundle = (reason: string) =>
  new ServiceError('InvalidCaCertificatesBundle', `The CA certificates bundle is in an invalid format, or corrupt: ${reason}`);

export const revocationContentNotFound = (s3Uri: string) =>
  new ServiceError('RevocationContentNotFound', `The revocation file '${s3Uri}' does not exist or could not be read`);
export const invalidRevocationContent = (reason: string) =>
  new ServiceError('InvalidRevocationContent', `The revocation file is an invalid format, or uses an incorrect algorithm: ${reason}`);
export const tooManyRevocationEntries = (message: string) => new ServiceError('TooManyTrustStoreRevocationEntries', message);
export const revocationIdNotFound = (id: number) => new ServiceError('RevocationIdNotFound', `Revocation ID '${id}' not found`);

// The SDK calls this one TrustStoreAssociationNotFoundException; its code on the wire is AssociationNotFound.
export const associationNotFound = (resourceArn: string) => new ServiceError('AssociationNotFound', `The association of resource '${resourceArn}' with the trust store does not exist`);
export const deleteAssociationSameAccount = () => new ServiceError('DeleteAssociationSameAccount', "The specified association can't be within the same account");

// EC2 resources that do not fit, raised only when the upstream serves EC2
// (ec2-network.ts, instance-targets.ts). Codes from the API reference's "Errors" of each
// operation; messages as AWS users have quoted them, where found.

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
