import * as model from '@aws-sdk/client-elastic-load-balancing-v2';
import { queryProtocol } from '../../gateway/api/protocols/query.js';
import { sdkOutputShapes } from '../../gateway/api/protocols/sdk-model.js';
import type { ServiceDescriptor } from '../../gateway/api/service.js';

const operations = [
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
] as const;

/**
 * Elastic Load Balancing v2 (ALB, NLB, GWLB): AWS query protocol, API version 2015-12-01.
 * Responses follow the output model of the AWS SDK's ELBv2 client (see `protocols/query.ts`).
 */
export const service: ServiceDescriptor = {
  name: 'elbv2',
  signingName: 'elasticloadbalancing',
  protocol: queryProtocol({
    xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
    outputs: sdkOutputShapes(model, operations),
  }),
  apiVersion: '2015-12-01',
  operations,
  // Classic ELB (2012-06-01) has these names too (Elastic Load Balancing API Reference, version
  // 2012-06-01, "Actions"); every other operation above is ELBv2's alone.
  sharedOperations: [
    'AddTags', 'CreateLoadBalancer', 'DeleteLoadBalancer', 'DescribeAccountLimits', 'DescribeLoadBalancerAttributes',
    'DescribeLoadBalancers', 'DescribeTags', 'ModifyLoadBalancerAttributes', 'RemoveTags',
  ],
};
