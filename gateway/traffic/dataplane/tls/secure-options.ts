import type { SecureContextOptions } from 'node:tls';
import type { ServedListener } from '../served-table.js';
import type { ServedCertificate } from './listener-certificates.js';
import { policyOptions } from './ssl-policy.js';

/**
 * The TLS settings a listener serves one of its certificates with: its SslPolicy's protocol
 * versions and ciphers, and the certificate chain and key. Every TLS-terminating server and SNI
 * context of the data plane is built from this one function, so settings that belong to a
 * listener (client certificate verification for mutual TLS, say) are added here once.
 */
export function listenerSecureOptions(listener: ServedListener, served: ServedCertificate): SecureContextOptions {
  return {
    ...policyOptions(listener.tls?.sslPolicy),
    cert: served.certificate.certificatePem,
    key: served.certificate.privateKeyPem,
  };
}

/**
 * The ALPN protocols a TLS (NLB) listener offers, in the server's order of preference, by its
 * AlpnPolicy ("TLS listeners for your Network Load Balancer", ALPN policies): HTTP1Only,
 * HTTP2Only, HTTP2Optional (HTTP/1.1 preferred), HTTP2Preferred (HTTP/2 preferred); None or no
 * policy, no ALPN at all. A client offering none of them fails the handshake
 * (no_application_protocol), as node does.
 */
export function alpnProtocols(policy: string | undefined): string[] | undefined {
  switch (policy) {
    case 'HTTP1Only': return ['http/1.1'];
    case 'HTTP2Only': return ['h2'];
    case 'HTTP2Optional': return ['http/1.1', 'h2'];
    case 'HTTP2Preferred': return ['h2', 'http/1.1'];
    default: return undefined;
  }
}
