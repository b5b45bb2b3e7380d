import type { ServiceDescriptor } from '../../gateway/api/service.js';

/** Elastic Load Balancing v2 (ALB, NLB, GWLB): AWS query protocol, API version 2015-12-01. */
export const service: ServiceDescriptor = {
  name: 'elbv2',
  signingName: 'elasticloadbalancing',
  protocol: 'query',
  apiVersion: '2015-12-01',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  operations: [
    'AddListenerCertificates', 'AddTags', 'AddTrustStoreRevocations', 'CreateListener',
    'CreateLoadBalancer', 'CreateRule', 'CreateTargetGroup', 'CreateTrustStore', 'DeleteListener',
    'DeleteLoadBalancer', 'DeleteRule', 'DeleteSharedTrustStoreAssociation', 'DeleteTargetGroup',
    'DeleteTrustStore', 'DeregisterTargets', 'DescribeAccountLimits', 'DescribeCapacityReservation',
    'DescribeListenerAttributes', 'DescribeListenerCertificates', 'DescribeListeners',
    'DescribeLoadBalancerAttributes', 'DescribeLoadBalancers', 'DescribeRules', 'DescribeSSLPolicies',
    'DescribeTags', 'DescribeTargetGroupAttributes', 'DescribeTargetGroups', 'DescribeTargetHealth',
    'DescribeTrustStoreAssociations', 'DescribeTrustStoreRevocations', 'DescribeTrustStores',
    'GetResourcePolicy', 'GetTrustStoreCaCertificatesBundle', 'GetTrustStoreRevocationContent',
    'ModifyCapacityReservation', 'ModifyIpPools', 'ModifyListener', 'ModifyListenerAttributes',
    'ModifyLoadBalancerAttributes', 'ModifyRule', 'ModifyTargetGroup', 'ModifyTargetGroupAttributes',
    'ModifyTrustStore', 'RegisterTargets', 'RemoveListenerCertificates', 'RemoveTags',
    'RemoveTrustStoreRevocations', 'SetIpAddressType', 'SetRulePriorities', 'SetSecurityGroups',
    'SetSubnets',
  ],
  // Classic ELB (2012-06-01) has these names too (Elastic Load Balancing API Reference, version
  // 2012-06-01, "Actions"); every other operation above is ELBv2's alone.
  sharedOperations: [
    'AddTags', 'CreateLoadBalancer', 'DeleteLoadBalancer', 'DescribeAccountLimits', 'DescribeLoadBalancerAttributes',
    'DescribeLoadBalancers', 'DescribeTags', 'ModifyLoadBalancerAttributes', 'RemoveTags',
  ],
};
