import type { DescribeSSLPoliciesInput, DescribeSSLPoliciesOutput, SslPolicy } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import { list, string } from '../../gateway/api/schema.js';
import { sslPolicyNotFound } from './lib/errors.js';
import { paginate } from './lib/pagination.js';
import { marker, pageSize } from './lib/schemas.js';
import { findSslPolicy, SSL_POLICIES, supportsLoadBalancerType } from './lib/ssl-policies.js';

export const input = {
  Names: list(string()),
  Marker: marker(),
  PageSize: pageSize(),
  // API reference, DescribeSSLPolicies: "application | network | gateway".
  LoadBalancerType: string({ enum: ['application', 'network', 'gateway'] }),
};

/**
 * AWS's predefined security policies (lib/ssl-policies.ts): all of them, or those named (an
 * unknown name is SSLPolicyNotFound), narrowed to the ones a load balancer type supports, paged
 * by Marker/PageSize. The answer is the same in every account and Region; no database is read.
 */
export async function handler(req: InputOf<typeof input, DescribeSSLPoliciesInput>): Promise<DescribeSSLPoliciesOutput> {
  let policies: readonly SslPolicy[] = SSL_POLICIES;
  if (req.Names?.length) {
    policies = req.Names.map((name) => findSslPolicy(name) ?? (() => { throw sslPolicyNotFound(name); })());
  }
  const type = req.LoadBalancerType;
  if (type !== undefined) policies = policies.filter((policy) => supportsLoadBalancerType(policy, type));
  const { page, NextMarker } = paginate(policies, req.Marker, req.PageSize);
  return { SslPolicies: page, NextMarker };
}
