import type { Certificate, MutualAuthenticationAttributes } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import type { LoadBalancerType } from './arn.js';
import { alpnPolicyNotFound, sslPolicyNotFound } from './errors.js';
import { findSslPolicy, supportsLoadBalancerType } from './ssl-policies.js';

/** A listener's own settings, as CreateListener/ModifyListener take them. */
export interface ListenerSettings {
  Protocol?: string;
  Port?: number;
  SslPolicy?: string;
  Certificates?: Certificate[];
  AlpnPolicy?: string[];
  MutualAuthentication?: MutualAuthenticationAttributes;
}

/** The same settings checked and completed, as the `listeners` columns hold them. */
export interface ListenerColumns {
  protocol: string | null;
  port: number | null;
  ssl_policy: string | null;
  certificates: Certificate[] | null;
  alpn_policy: string[] | null;
  mutual_authentication: MutualAuthenticationAttributes | null;
}

/**
 * Listener protocols per load balancer type (CreateListener API reference, `Protocol`; QUIC and
 * TCP_QUIC as the current API model has them, for Network Load Balancers). A Gateway Load
 * Balancer listener takes neither a protocol nor a port.
 */
const PROTOCOLS: Record<LoadBalancerType, readonly string[]> = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'TLS', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC'],
  gateway: ['GENEVE'],
};

/** CreateListener API reference: the security policy HTTPS and TLS listeners get when none is named. */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

const ALPN_POLICIES = ['HTTP1Only', 'HTTP2Only', 'HTTP2Optional', 'HTTP2Preferred', 'None'];

export const isSecure = (protocol: string | null | undefined) => protocol === 'HTTPS' || protocol === 'TLS';

/**
 * Checks a listener's settings against its load balancer's type and fills the defaults. There is
 * no ACM here, so certificate ARNs are stored as given (no CertificateNotFound); security
 * policies are those DescribeSSLPolicies lists (lib/ssl-policies.ts).
 */
export function checkListenerSettings(lbType: LoadBalancerType, s: ListenerSettings): ListenerColumns {
  if (lbType === 'gateway') {
    if (s.Port !== undefined) throw validationError('A port cannot be specified for gateway listeners');
    if (s.Protocol !== undefined) throw validationError('A protocol cannot be specified for gateway listeners');
  } else {
    if (s.Protocol === undefined) throw validationError('A listener protocol must be specified');
    if (s.Port === undefined) throw validationError('A listener port must be specified');
    if (!PROTOCOLS[lbType].includes(s.Protocol)) throw validationError(`Listener protocol '${s.Protocol}' must be one of '${PROTOCOLS[lbType].join(', ')}'`);
  }
  const protocol = s.Protocol ?? null;
  if (isSecure(protocol)) {
    if (!s.Certificates?.length) throw validationError(`A certificate must be specified for ${protocol} listeners`);
    if (s.Certificates.length > 1) throw validationError('Only one default certificate can be specified for a listener');
    if (!s.Certificates[0].CertificateArn) throw validationError('A certificate ARN must be specified');
    if (s.SslPolicy !== undefined) checkSslPolicy(s.SslPolicy, lbType);
  } else {
    if (s.Certificates?.length) throw validationError(`Certificates cannot be specified for ${protocol ?? 'GENEVE'} listeners`);
    if (s.SslPolicy !== undefined) throw validationError(`An SSL policy cannot be specified for ${protocol ?? 'GENEVE'} listeners`);
  }
  const alpn = s.AlpnPolicy?.length ? s.AlpnPolicy : null;
  if (alpn) {
    if (protocol !== 'TLS') throw validationError('An ALPN policy can be specified only for TLS listeners');
    if (alpn.length > 1 || !ALPN_POLICIES.includes(alpn[0])) throw alpnPolicyNotFound(alpn);
  }
  const mutual = s.MutualAuthentication ?? null;
  if (mutual) {
    if (protocol !== 'HTTPS') throw validationError('Mutual authentication can be specified only for HTTPS listeners');
    if (mutual.Mode === 'verify' && !mutual.TrustStoreArn) throw validationError("A trust store must be specified for mutual authentication mode 'verify'");
  }
  return {
    protocol,
    port: s.Port ?? null,
    ssl_policy: isSecure(protocol) ? s.SslPolicy ?? DEFAULT_SSL_POLICY : null,
    certificates: isSecure(protocol) ? [{ CertificateArn: s.Certificates![0].CertificateArn }] : null,
    alpn_policy: alpn,
    mutual_authentication: mutual,
  };
}

/** A security policy DescribeSSLPolicies lists for this type of load balancer, else SSLPolicyNotFound. */
function checkSslPolicy(name: string, lbType: LoadBalancerType): void {
  const policy = findSslPolicy(name);
  if (!policy || !supportsLoadBalancerType(policy, lbType)) throw sslPolicyNotFound(name);
}
