import type { SslPolicy } from '@aws-sdk/client-elastic-load-balancing-v2';

// AWS's predefined security policies, as DescribeSSLPolicies lists them.
//
// Sources (read 2026-12-03): the ELB user guides, "Security policies for your Application Load
// Balancer" and "Security policies for your Network Load Balancer" (which policies exist, and
// that ELBSecurityPolicy-2015-05 is in the NLB table only); the cipher tables as moto transcribed
// them from those pages: moto 5.2.1 `elbv2/ssl_policies.py` for the TLS 1.3, PQ and 2016/2017/2018
// policies, an earlier moto release's `elbv2/responses.py` for the FS-* and 2015-05 policies. A cipher's priority
// is its place in the list, 1 first.
//
// Left out: the FIPS policies (`*-FIPS-2023-04`, `*-FIPS-PQ-2025-09`) and the RFC 9151 ones
// (`*-RFC9151-*-2023-07`). The guides name them, but their cipher tables could not be checked
// here, and an invented table is worse than none; a listener naming one gets SSLPolicyNotFound
// (README, "Differences from AWS").

type LoadBalancerKind = 'application' | 'network';

const ALB_AND_NLB: readonly LoadBalancerKind[] = ['application', 'network'];
const NLB_ONLY: readonly LoadBalancerKind[] = ['network'];

const TLS13_ONLY = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
];

// The TLS 1.2 lists, from the strictest up; the TLS 1.3 policies put TLS13_ONLY in front of one.

const FS_RES_2020 = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
];

const FS_RES_2019 = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES256-SHA384',
];

/** Without forward secrecy (RSA key exchange), with and without the SHA-1 CBC suites. */
const RSA_KEY_EXCHANGE_SHA2 = ['AES128-GCM-SHA256', 'AES128-SHA256', 'AES256-GCM-SHA384', 'AES256-SHA256'];
const RSA_KEY_EXCHANGE = ['AES128-GCM-SHA256', 'AES128-SHA256', 'AES128-SHA', 'AES256-GCM-SHA384', 'AES256-SHA256', 'AES256-SHA'];

const TLS_1_2_2017 = [...FS_RES_2019, ...RSA_KEY_EXCHANGE_SHA2];

/** ECDHE suites with SHA-2, and the 128-bit SHA-1 CBC pair; the lists below add the 256-bit pair. */
const ECDHE = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-RSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES256-SHA384',
  'ECDHE-RSA-AES256-SHA384',
];

/** The 256-bit SHA-1 pair is RSA first here, ECDSA first in CLASSIC, as the sources above list them. */
const FORWARD_SECRECY = [...ECDHE, 'ECDHE-RSA-AES256-SHA', 'ECDHE-ECDSA-AES256-SHA'];

const CLASSIC = [...ECDHE, 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA', ...RSA_KEY_EXCHANGE];

const POLICY_2015_05 = [...FORWARD_SECRECY, ...RSA_KEY_EXCHANGE];

const TLS13_1_2 = [...TLS13_ONLY, ...FS_RES_2019];
const TLS13_1_2_RES = [...TLS13_ONLY, ...FS_RES_2020];
const TLS13_EXT1 = [...TLS13_ONLY, ...TLS_1_2_2017];
const TLS13_EXT2 = [...TLS13_ONLY, ...CLASSIC];

function policy(name: string, protocols: string[], ciphers: readonly string[], types: readonly LoadBalancerKind[]): SslPolicy {
  return {
    SslProtocols: protocols,
    Ciphers: ciphers.map((Name, index) => ({ Name, Priority: index + 1 })),
    Name: name,
    SupportedLoadBalancerTypes: [...types],
  };
}

/** Every policy, newest family first, in the order DescribeSSLPolicies pages through them. */
export const SSL_POLICIES: readonly SslPolicy[] = [
  policy('ELBSecurityPolicy-TLS13-1-3-2021-06', ['TLSv1.3'], TLS13_ONLY, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-3-PQ-2025-09', ['TLSv1.3'], TLS13_ONLY, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-2-2021-06', ['TLSv1.3', 'TLSv1.2'], TLS13_1_2, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-2-PQ-2025-09', ['TLSv1.3', 'TLSv1.2'], TLS13_1_2, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-2-Res-2021-06', ['TLSv1.3', 'TLSv1.2'], TLS13_1_2_RES, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', ['TLSv1.3', 'TLSv1.2'], TLS13_1_2_RES, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', ['TLSv1.3', 'TLSv1.2'], TLS13_EXT2, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09', ['TLSv1.3', 'TLSv1.2'], TLS13_EXT2, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', ['TLSv1.3', 'TLSv1.2'], TLS13_EXT1, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09', ['TLSv1.3', 'TLSv1.2'], TLS13_EXT2, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-1-2021-06', ['TLSv1.3', 'TLSv1.2', 'TLSv1.1'], TLS13_EXT2, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-0-2021-06', ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1'], TLS13_EXT2, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS13-1-0-PQ-2025-09', ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1'], TLS13_EXT2, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS-1-2-Ext-2018-06', ['TLSv1.2'], CLASSIC, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS-1-2-2017-01', ['TLSv1.2'], TLS_1_2_2017, ALB_AND_NLB),
  policy('ELBSecurityPolicy-TLS-1-1-2017-01', ['TLSv1.2', 'TLSv1.1'], CLASSIC, ALB_AND_NLB),
  policy('ELBSecurityPolicy-2016-08', ['TLSv1.2', 'TLSv1.1', 'TLSv1'], CLASSIC, ALB_AND_NLB),
  policy('ELBSecurityPolicy-FS-2018-06', ['TLSv1.2', 'TLSv1.1', 'TLSv1'], FORWARD_SECRECY, ALB_AND_NLB),
  policy('ELBSecurityPolicy-FS-1-1-2019-08', ['TLSv1.2', 'TLSv1.1'], FORWARD_SECRECY, ALB_AND_NLB),
  policy('ELBSecurityPolicy-FS-1-2-2019-08', ['TLSv1.2'], FORWARD_SECRECY, ALB_AND_NLB),
  policy('ELBSecurityPolicy-FS-1-2-Res-2019-08', ['TLSv1.2'], FS_RES_2019, ALB_AND_NLB),
  policy('ELBSecurityPolicy-FS-1-2-Res-2020-10', ['TLSv1.2'], FS_RES_2020, ALB_AND_NLB),
  policy('ELBSecurityPolicy-2015-05', ['TLSv1.2', 'TLSv1.1', 'TLSv1'], POLICY_2015_05, NLB_ONLY),
];

const BY_NAME = new Map(SSL_POLICIES.map((p) => [p.Name!, p]));

/** The policy of this name, or undefined. */
export function findSslPolicy(name: string): SslPolicy | undefined {
  return BY_NAME.get(name);
}

/** Whether a listener of this load balancer type may use the policy. */
export function supportsLoadBalancerType(policy: SslPolicy, type: string): boolean {
  return policy.SupportedLoadBalancerTypes!.includes(type);
}
