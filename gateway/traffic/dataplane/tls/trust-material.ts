import '../../../../handlers/elbv2/lib/reflect-metadata.js';
import { X509Certificate } from 'node:crypto';
import { X509Certificate as ParsedCertificate } from '@peculiar/x509';
import type { RoutedTrustStore } from '../../route-table/route-table.js';

/** A CA certificate of a trust store and the serials its revocation lists revoke. */
export interface TrustAnchor {
  certificate: X509Certificate;
  /** Serial numbers as `serialKey` writes them. */
  revoked: ReadonlySet<string>;
}

/** What verify mode checks client certificates against: a trust store, ready to use. */
export interface TrustMaterial {
  anchors: TrustAnchor[];
  /** The CA bundle as uploaded, for the TLS server's `ca` (the CA names it advertises). */
  caBundle: string;
}

/**
 * A serial number as one key whatever its source: upper-case hex without leading zeros (a CRL
 * reader and node disagree on case, and on the zero byte DER puts before a high first byte).
 */
export function serialKey(hex: string): string {
  return hex.toUpperCase().replace(/^0+(?=.)/, '');
}

/**
 * Reads a trust store's bundle and revocation lists. A list revokes serials of the CA that issued
 * it (AddTrustStoreRevocations checks the CRL's issuer is one of the store's CAs and the list
 * records its name); a list recorded without an issuer counts for every CA of the store.
 */
export function trustMaterial(store: RoutedTrustStore): TrustMaterial {
  const blocks = store.caCertificatesBundle.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const anchors = blocks.map((pem): TrustAnchor => {
    const subject = new ParsedCertificate(pem).subject;
    const revoked = new Set<string>();
    for (const list of store.revocations) {
      if (list.issuer === null || list.issuer === subject) for (const serial of list.serials) revoked.add(serialKey(serial));
    }
    return { certificate: new X509Certificate(pem), revoked };
  });
  return { anchors, caBundle: store.caCertificatesBundle };
}
