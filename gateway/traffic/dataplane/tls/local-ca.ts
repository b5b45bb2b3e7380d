import '../../../../handlers/elbv2/lib/reflect-metadata.js';
import { randomBytes, webcrypto } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';
import type { Db } from '../../../database/tables.js';

// kecs-lb's local certificate authority: it issues the certificates HTTPS and TLS listeners serve
// when the upstream's ACM cannot give a certificate with its key. Certificates are made with
// @peculiar/x509 on WebCrypto keys, and kept in Postgres (migration
// 2026_12_03_0702_certificates) so every replica and every restart serves the same ones.

/** The authority's key: ECDSA P-256. */
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
/**
 * Leaf keys: RSA 2048, ACM's default key type. A listener's certificates then share one key type
 * with the ACM certificates they sit beside: node (OpenSSL) keeps the default certificate's key
 * type slot when SNI switches certificates, so a TLS 1.3 handshake offered an RSA and an ECDSA
 * certificate may get the ECDSA one whatever SNI chose (README, "TLS").
 */
const LEAF_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;
const DAY_MS = 24 * 3600 * 1000;
const CA_DAYS = 3650;
/** Within the 398 days browsers accept for a server certificate. */
const LEAF_DAYS = 397;
/** A stored leaf this close to expiry is replaced by a new one. */
const RENEW_BEFORE_MS = 30 * DAY_MS;

/** A certificate chain and its private key, in PEM, as node:tls takes them. */
export interface KeyedCertificate {
  /** The leaf first, then the certificates that issued it. */
  certificatePem: string;
  privateKeyPem: string;
}

interface Authority {
  certificate: X509Certificate;
  pem: string;
  privateKey: webcrypto.CryptoKey;
}

function pem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

function derOf(text: string): Buffer {
  return Buffer.from(text.replace(/-----[A-Z0-9 ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** A positive 128-bit serial number in hex (RFC 5280 §4.1.2.2: at most 20 octets, positive). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return bytes.toString('hex');
}

async function newKeys(algorithm: typeof ALGORITHM | typeof LEAF_ALGORITHM): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', key));
}

async function createAuthority(now: Date): Promise<{ certificatePem: string; privateKeyPem: string }> {
  const keys = await newKeys(ALGORITHM);
  // A random suffix tells two installations' authorities apart in a trust store.
  const name = `CN=kecs-lb local CA ${randomBytes(4).toString('hex')}, O=kecs-lb`;
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + CA_DAYS * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificatePem: certificate.toString('pem') + '\n', privateKeyPem: await exportKey(keys.privateKey) };
}

/**
 * The installation's authority: one for every account and region, so users trust one
 * certificate. Created by the first replica that needs it; a concurrent creator's insert is
 * dropped by the primary key and both read the row that won.
 */
async function loadAuthority(db: Db, now: Date): Promise<Authority> {
  let row = await db.selectFrom('local_certificate_authority').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) {
    const created = await createAuthority(now);
    await db.insertInto('local_certificate_authority')
      .values({ id: 1, certificate_pem: created.certificatePem, private_key_pem: created.privateKeyPem, created_at: now })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    row = await db.selectFrom('local_certificate_authority').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  }
  const privateKey = await webcrypto.subtle.importKey('pkcs8', derOf(row.private_key_pem), ALGORITHM, false, ['sign']);
  return { certificate: new X509Certificate(row.certificate_pem), pem: row.certificate_pem, privateKey };
}

/** RFC 1035 host names, and a wildcard in the left-most label only (RFC 6125 §6.4.3). */
const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The names a certificate can carry, lower case, sorted, once each; others (`api-?.example.com`) are dropped. */
export function certificateNames(names: Iterable<string>): string[] {
  return [...new Set([...names].map((name) => name.toLowerCase()).filter((name) => name.length <= 253 && DNS_NAME.test(name)))].sort();
}

async function issue(authority: Authority, names: readonly string[], now: Date): Promise<KeyedCertificate & { notAfter: Date }> {
  const keys = await newKeys(LEAF_ALGORITHM);
  const notAfter = new Date(now.getTime() + LEAF_DAYS * DAY_MS);
  const certificate = await X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${names[0]}`,
    issuer: authority.certificate.subject,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter,
    publicKey: keys.publicKey,
    signingKey: authority.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true),
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
      new SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns' as const, value }))),
      await AuthorityKeyIdentifierExtension.create(authority.certificate),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificatePem: certificate.toString('pem') + '\n' + authority.pem, privateKeyPem: await exportKey(keys.privateKey), notAfter };
}

/** The local certificate authority of an installation, reading and writing through `db`. */
export class LocalCa {
  private authority: Promise<Authority> | undefined;

  constructor(private readonly db: Db, private readonly now: () => Date = () => new Date()) {}

  /** The CA certificate in PEM, for users to trust (GET /_kecs/ca.pem). */
  async certificatePem(): Promise<string> {
    return (await this.load()).pem;
  }

  /**
   * The certificate for `names` (certificateNames' form, at least one), issued once for the
   * installation: the first replica to need it inserts it, a concurrent insert is dropped by the
   * primary key, and every replica serves the stored row. Renewed 30 days before it expires.
   */
  async certificateFor(names: readonly string[]): Promise<KeyedCertificate> {
    if (names.length === 0) throw new Error('a certificate needs at least one name');
    const key = names.join(',');
    const now = this.now();
    const stored = await this.db.selectFrom('local_certificates').selectAll().where('names', '=', key).executeTakeFirst();
    if (stored && stored.not_after.getTime() - now.getTime() > RENEW_BEFORE_MS) {
      return { certificatePem: stored.certificate_pem, privateKeyPem: stored.private_key_pem };
    }
    const issued = await issue(await this.load(), names, now);
    const row = { names: key, certificate_pem: issued.certificatePem, private_key_pem: issued.privateKeyPem, not_after: issued.notAfter, created_at: now };
    if (stored) {
      // Renewal: only the replica that still sees the old row replaces it.
      await this.db.updateTable('local_certificates').set(row).where('names', '=', key).where('not_after', '=', stored.not_after).execute();
    } else {
      await this.db.insertInto('local_certificates').values(row).onConflict((oc) => oc.column('names').doNothing()).execute();
    }
    const winner = await this.db.selectFrom('local_certificates').selectAll().where('names', '=', key).executeTakeFirstOrThrow();
    return { certificatePem: winner.certificate_pem, privateKeyPem: winner.private_key_pem };
  }

  private load(): Promise<Authority> {
    this.authority ??= loadAuthority(this.db, this.now()).catch((error: unknown) => {
      this.authority = undefined;
      throw error;
    });
    return this.authority;
  }
}
