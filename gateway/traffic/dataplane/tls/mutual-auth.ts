import type { X509Certificate } from 'node:crypto';
import { passthroughHeaders, verifyModeHeaders, type ForwardedHeader } from './client-cert-headers.js';
import type { TrustAnchor, TrustMaterial } from './trust-material.js';
import { serialKey } from './trust-material.js';

/**
 * Why a load balancer refused a client certificate: the error reason codes of ALB connection
 * logs ("Connection logs for your Application Load Balancer", Error reason codes), those a check
 * here can give. `UnmappedConnectionError` is AWS's catch-all; it is also what a verify-mode
 * listener logs here when the client sends no certificate, for which AWS documents no code.
 */
export type ClientCertReason =
  | 'ClientCertMaxChainDepthExceeded'
  | 'ClientCertMaxSizeExceeded'
  | 'ClientCertCrlHit'
  | 'ClientCertUntrusted'
  | 'ClientCertNotYetValid'
  | 'ClientCertExpired'
  | 'ClientCertTypeUnsupported'
  | 'ClientCertPurposeInvalid'
  | 'ClientCertInvalid'
  | 'UnmappedConnectionError';

/** A listener's mutual TLS, as the data plane applies it (mode `off` needs nothing). */
export type MutualAuthPolicy =
  | { mode: 'passthrough' }
  | {
    mode: 'verify';
    /** null when the trust store could not be read: every certificate is then untrusted. */
    trust: TrustMaterial | null;
    ignoreClientCertificateExpiry: boolean;
    advertiseTrustStoreCaNames: boolean;
  };

export type ClientCertOutcome =
  | { accepted: true; headers: ForwardedHeader[] }
  | { accepted: false; reason: ClientCertReason };

// Quotas for your Application Load Balancers, Certificates: maximum certificate chain depth 4,
// TLS message size 64K. Which certificates AWS counts in the depth is not documented: here the
// verified path, leaf to trust-store CA, both included.
const MAX_CHAIN_DEPTH = 4;
const MAX_CHAIN_BYTES = 64 * 1024;

/** extendedKeyUsage id-kp-clientAuth and anyExtendedKeyUsage (RFC 5280, 4.2.1.12). */
const CLIENT_AUTH_PURPOSES = ['1.3.6.1.5.5.7.3.2', '2.5.29.37.0'];

/**
 * "Supported public keys: RSA 2K – 8K or ECDSA secp256r1, secp384r1, secp521r1" (Mutual
 * authentication with TLS in Application Load Balancer, Requirements for certificates).
 */
function supportedKey(certificate: X509Certificate): boolean {
  const key = certificate.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
    return (details.modulusLength ?? 0) >= 2048 && (details.modulusLength ?? 0) <= 8192;
  }
  return key.asymmetricKeyType === 'ec' && ['prime256v1', 'secp384r1', 'secp521r1'].includes(details.namedCurve ?? '');
}

function signedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
}

type Path = { certificates: X509Certificate[]; anchor: TrustAnchor };

/**
 * The path from the leaf to a CA of the trust store through the CA certificates the client sent
 * (each used once), every link's signature checked; null when there is none.
 */
function trustedPath(chain: readonly X509Certificate[], anchors: readonly TrustAnchor[]): Path | null {
  const certificates = [chain[0]];
  const unused = new Set(chain.slice(1));
  for (;;) {
    const current = certificates.at(-1)!;
    const anchor = anchors.find((candidate) => signedBy(current, candidate.certificate));
    if (anchor) return { certificates, anchor };
    const next = [...unused].find((candidate) => candidate.ca && signedBy(current, candidate));
    if (!next) return null;
    unused.delete(next);
    certificates.push(next);
  }
}

/**
 * Verify mode: the certificate chain the client sent, leaf first, checked against the trust store
 * in this order — size, key types, a signed path to one of the store's CAs (`ClientCertUntrusted`
 * when none), its depth, validity (expiry ignored if the listener says so), the leaf's purpose,
 * then the CA's revocation lists (`ClientCertCrlHit`).
 */
function verify(policy: Extract<MutualAuthPolicy, { mode: 'verify' }>, chain: readonly X509Certificate[], now: Date): ClientCertOutcome {
  const refuse = (reason: ClientCertReason): ClientCertOutcome => ({ accepted: false, reason });
  if (chain.length === 0) return refuse('UnmappedConnectionError');
  if (chain.reduce((bytes, certificate) => bytes + certificate.raw.length, 0) > MAX_CHAIN_BYTES) return refuse('ClientCertMaxSizeExceeded');
  if (!chain.every(supportedKey)) return refuse('ClientCertTypeUnsupported');
  const path = policy.trust ? trustedPath(chain, policy.trust.anchors) : null;
  if (!path) return refuse('ClientCertUntrusted');
  if (path.certificates.length + 1 > MAX_CHAIN_DEPTH) return refuse('ClientCertMaxChainDepthExceeded');
  for (const certificate of path.certificates) {
    if (now.getTime() < Date.parse(certificate.validFrom)) return refuse('ClientCertNotYetValid');
    if (now.getTime() > Date.parse(certificate.validTo) && !policy.ignoreClientCertificateExpiry) return refuse('ClientCertExpired');
  }
  const purposes = path.certificates[0].keyUsage;
  if (purposes && !purposes.some((oid) => CLIENT_AUTH_PURPOSES.includes(oid))) return refuse('ClientCertPurposeInvalid');
  // The store's lists are issued by its CAs, so they can revoke only the certificate the anchor signed.
  const anchored = path.certificates.at(-1)!;
  if (path.anchor.revoked.has(serialKey(anchored.serialNumber))) return refuse('ClientCertCrlHit');
  return { accepted: true, headers: verifyModeHeaders(path.certificates[0]) };
}

/**
 * Decides on the client certificate chain of a new TLS connection to a listener with mutual TLS
 * (chain as the client sent it, leaf first; empty when it sent none). Passthrough accepts any
 * chain, or none, and forwards it whole; verify accepts only a chain the trust store vouches for.
 */
export function checkClientCertificate(policy: MutualAuthPolicy, chain: readonly X509Certificate[], now = new Date()): ClientCertOutcome {
  if (policy.mode === 'passthrough') return { accepted: true, headers: passthroughHeaders(chain) };
  try {
    return verify(policy, chain, now);
  } catch {
    // A certificate node parsed that a check or the header writer cannot read (an odd name, say).
    return { accepted: false, reason: 'ClientCertInvalid' };
  }
}

/** The connection log's tls_verify_status: `Success` or `Failed:<reason>`. */
export function verifyStatus(outcome: ClientCertOutcome): string {
  return outcome.accepted ? 'Success' : `Failed:${outcome.reason}`;
}
