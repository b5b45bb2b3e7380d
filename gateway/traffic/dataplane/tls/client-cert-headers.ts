import '../../../../handlers/elbv2/lib/reflect-metadata.js';
import type { X509Certificate } from 'node:crypto';
import { X509Certificate as ParsedCertificate, type JsonName } from '@peculiar/x509';

// The X-Amzn-Mtls headers an ALB adds to requests it forwards ("Mutual authentication with TLS
// in Application Load Balancer", HTTP headers and mutual TLS).

/**
 * PEM URL-encoded "with +=/ as safe characters": only letters, digits, `-_.~` and `+=/` stay
 * as they are (so base64 is kept and the spaces and newlines of the PEM armour become %20 and
 * %0A), everything else is %XX. Targets must therefore not decode `+` as a space.
 */
export function urlEncodePem(pem: string): string {
  return encodeURIComponent(pem)
    .replace(/%(2B|3D|2F)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A certificate in PEM, 64 base64 characters a line, ending in a newline as in AWS's examples. */
export function certificatePem(certificate: X509Certificate): string {
  const base64 = certificate.raw.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

/** An attribute value escaped as RFC 2253 section 2.4 asks. */
function escapeValue(value: string): string {
  return value
    .replace(/[,+"\\<>;]/g, '\\$&')
    .replace(/^[ #]/, '\\$&')
    .replace(/ $/, '\\ ');
}

/**
 * A distinguished name as RFC 2253 writes it: the RDNs in reverse order of the certificate's
 * (so `CN=...` first and `C=...` last, as in AWS's examples), `,` between them, `+` between the
 * attributes of a multi-valued RDN.
 */
export function rfc2253(name: JsonName): string {
  return [...name].reverse()
    .map((rdn) => Object.entries(rdn).flatMap(([type, values]) => values.map((value) => `${type}=${escapeValue(value)}`)).join('+'))
    .join(',');
}

/** ISO 8601 to the second, as in `NotBefore=2023-09-21T01:50:17Z`. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `NotBefore=<ISO 8601>;NotAfter=<ISO 8601>`, the validity header's and connection log's form. */
function validityText(certificate: X509Certificate): string {
  return `NotBefore=${isoSeconds(new Date(certificate.validFrom))};NotAfter=${isoSeconds(new Date(certificate.validTo))}`;
}

/** A header as forwarded: lower-case name (how node hands the target's request its headers) and value. */
export type ForwardedHeader = readonly [name: string, value: string];

/** A leaf certificate as the verify-mode headers and the connection log write it. */
export interface LeafFacts {
  /** Hexadecimal as the certificate encodes it, upper case: `03A5B1`. */
  serial: string;
  /** RFC 2253. */
  issuer: string;
  subject: string;
  validity: string;
}

export function leafFacts(leaf: X509Certificate): LeafFacts {
  const parsed = new ParsedCertificate(leaf.raw);
  return {
    serial: leaf.serialNumber.toUpperCase(),
    issuer: rfc2253(parsed.issuerName.toJSON()),
    subject: rfc2253(parsed.subjectName.toJSON()),
    validity: validityText(leaf),
  };
}

/** Verify mode: the leaf's serial number, issuer, subject, validity, and the leaf itself URL-encoded. */
export function verifyModeHeaders(leaf: X509Certificate): ForwardedHeader[] {
  const facts = leafFacts(leaf);
  return [
    ['x-amzn-mtls-clientcert-serial-number', facts.serial],
    ['x-amzn-mtls-clientcert-issuer', facts.issuer],
    ['x-amzn-mtls-clientcert-subject', facts.subject],
    ['x-amzn-mtls-clientcert-validity', facts.validity],
    ['x-amzn-mtls-clientcert-leaf', urlEncodePem(certificatePem(leaf))],
  ];
}

/**
 * Passthrough mode: the whole chain the client presented, leaf first ("The order of presentation
 * starts with the leaf certificates and finishes with the root certificate"), URL-encoded PEM.
 * No certificate, no header.
 */
export function passthroughHeaders(chain: readonly X509Certificate[]): ForwardedHeader[] {
  if (chain.length === 0) return [];
  return [['x-amzn-mtls-clientcert', urlEncodePem(chain.map(certificatePem).join(''))]];
}

/** How every X-Amzn-Mtls header name starts, lower case (a client's own copies are dropped). */
export const MTLS_HEADER_PREFIX = 'x-amzn-mtls-';
