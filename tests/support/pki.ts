import '../../handlers/elbv2/lib/reflect-metadata.js';
import {
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509CertificateGenerator,
  X509CrlGenerator,
  type X509Certificate,
} from '@peculiar/x509';

// Test certificates made on the fly with @peculiar/x509: CAs, client certificates and CRLs, so
// the trust store tests need no binary fixtures.

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 24 * 3600 * 1000;

export interface TestCa {
  name: string;
  certificate: X509Certificate;
  keys: CryptoKeyPair;
  /** The CA certificate in PEM. */
  pem: string;
}

function newKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

/** A self-signed CA certificate (basic constraints CA:TRUE) named `CN=<cn>`. */
export async function makeCa(cn = 'Test CA'): Promise<TestCa> {
  const keys = await newKeys();
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${cn}`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
    ],
  });
  return { name: `CN=${cn}`, certificate, keys, pem: certificate.toString('pem') };
}

/** A client certificate `serial` (hex) issued by `ca`: not a CA, so no trust store takes it as one. */
export async function makeClientCertificate(ca: TestCa, serial: string): Promise<string> {
  return (await makeClientCredentials(ca, serial)).pem;
}

export interface ClientCertificateOptions {
  subject?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** extendedKeyUsage purposes (OIDs); none by default. */
  purposes?: string[];
  /** Key parameters other than ECDSA P-256, e.g. a small RSA key. */
  algorithm?: RsaHashedKeyGenParams | EcKeyGenParams;
}

/** A client certificate issued by `ca` with its private key (PKCS #8 PEM), for a TLS client. */
export async function makeClientCredentials(ca: TestCa, serial: string, options: ClientCertificateOptions = {}): Promise<{ pem: string; keyPem: string }> {
  const keys = (options.algorithm
    ? await crypto.subtle.generateKey(options.algorithm, true, ['sign', 'verify'])
    : await newKeys()) as CryptoKeyPair;
  const certificate = await X509CertificateGenerator.create({
    serialNumber: serial,
    subject: options.subject ?? `CN=client-${serial}`,
    issuer: ca.certificate.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 30 * DAY),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      ...(options.purposes ? [new ExtendedKeyUsageExtension(options.purposes)] : []),
    ],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64').replace(/.{64}/g, '$&\n');
  return { pem: certificate.toString('pem'), keyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n` };
}

/** An intermediate CA named `CN=<cn>` issued by `ca`. */
export async function makeIntermediateCa(ca: TestCa, cn: string, serial = '02'): Promise<TestCa> {
  const keys = await newKeys();
  const certificate = await X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${cn}`,
    issuer: ca.certificate.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new BasicConstraintsExtension(true, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
    ],
  });
  return { name: `CN=${cn}`, certificate, keys, pem: certificate.toString('pem') };
}

/**
 * A CRL issued by `ca` revoking `serials`, in PEM (`X509 CRL`) or DER. `signedBy` signs it with
 * another CA's key while still naming `ca` as issuer, for the bad-signature cases.
 */
export async function makeCrl(ca: TestCa, serials: readonly string[], options: { format?: 'pem' | 'der'; signedBy?: TestCa } = {}): Promise<Buffer> {
  const crl = await X509CrlGenerator.create({
    issuer: ca.certificate.subject,
    thisUpdate: new Date(Date.now() - DAY),
    nextUpdate: new Date(Date.now() + 7 * DAY),
    entries: serials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(Date.now() - DAY) })),
    signingKey: (options.signedBy ?? ca).keys.privateKey,
    signingAlgorithm: ALGORITHM,
  });
  if (options.format === 'der') return Buffer.from(crl.rawData);
  const base64 = Buffer.from(crl.rawData).toString('base64').replace(/.{64}/g, '$&\n');
  return Buffer.from(`-----BEGIN X509 CRL-----\n${base64}\n-----END X509 CRL-----\n`);
}
