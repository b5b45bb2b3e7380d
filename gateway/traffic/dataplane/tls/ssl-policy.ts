import type { SecureVersion } from 'node:tls';
import { DEFAULT_SSL_POLICY } from '../../../../handlers/elbv2/lib/listener-settings.js';
import { findSslPolicy } from '../../../../handlers/elbv2/lib/ssl-policies.js';

/** What node:tls takes of a security policy. */
export interface PolicyOptions {
  minVersion: SecureVersion;
  maxVersion: SecureVersion;
  /** OpenSSL's cipher list: TLS 1.2-and-older ciphers and TLS 1.3 suites together (node splits them). */
  ciphers: string;
  /** The server picks by the policy's priority order, as ELB does ("Security policies": Priority). */
  honorCipherOrder: true;
}

const ORDER: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/**
 * A listener's `SslPolicy` as node:tls options: its lowest and highest protocol, and its ciphers
 * in priority order. What node (OpenSSL 3) cannot honour is listed in the README ("TLS"):
 * TLS 1.0 and 1.1 need OpenSSL's security level 0, set here, and clients may still refuse them;
 * the post-quantum (`-PQ-`) policies' hybrid key exchange is not offered (node 20's OpenSSL has no
 * ML-KEM), so they behave as their classical twins. An unknown name (a policy this table leaves
 * out) gets the default policy's settings.
 */
export function policyOptions(name: string | undefined): PolicyOptions {
  const policy = findSslPolicy(name ?? DEFAULT_SSL_POLICY) ?? findSslPolicy(DEFAULT_SSL_POLICY)!;
  const versions = ORDER.filter((version) => policy.SslProtocols?.includes(version));
  const ciphers = (policy.Ciphers ?? []).map((cipher) => cipher.Name!);
  const legacy = versions[0] === 'TLSv1' || versions[0] === 'TLSv1.1';
  return {
    minVersion: versions[0] ?? 'TLSv1.2',
    maxVersion: versions.at(-1) ?? 'TLSv1.3',
    ciphers: ciphers.join(':') + (legacy ? ':@SECLEVEL=0' : ''),
    honorCipherOrder: true,
  };
}
