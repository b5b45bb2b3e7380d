import { X509Certificate } from 'node:crypto';
import { caCertificatesBundleNotFound, invalidCaCertificatesBundle } from './errors.js';
import { s3Uri, type S3ObjectRef, type S3Objects } from './s3-objects.js';

// Quotas for Application Load Balancers, "Certificates": CA certificates per trust store 25,
// CA certificate size 16 KB.
export const MAX_CA_CERTIFICATES = 25;
export const MAX_CA_CERTIFICATE_BYTES = 16 * 1024;
/** Room for the 25 certificates in PEM (base64 grows them by a third) and text between them. */
export const MAX_CA_BUNDLE_BYTES = 1024 * 1024;

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** A checked CA bundle: its text as uploaded, and its certificates. */
export interface CaBundle {
  pem: string;
  certificates: X509Certificate[];
}

/** The PEM blocks of `text` labelled `label`; any other PEM block (a key, a CRL) makes `onOther` throw. */
export function pemBlocks(text: string, label: string, onOther: (found: string) => Error): string[] {
  return [...text.matchAll(PEM_BLOCK)].map(([block, found]) => {
    if (found !== label) throw onOther(found);
    return block;
  });
}

/**
 * Reads a CA bundle as a trust store takes it: PEM `CERTIFICATE` blocks (text between them, such
 * as the subject lines some tools write, is ignored), each a valid X.509 certificate that is a CA
 * (basic constraints `CA:TRUE`), at most 25 of them and 16 KB each. Anything else is
 * `InvalidCaCertificatesBundle`, naming what is wrong.
 */
export function parseCaBundle(bytes: Buffer): CaBundle {
  const pem = bytes.toString('utf8');
  if (pem.includes('\uFFFD')) throw invalidCaCertificatesBundle('it is not PEM text');
  const blocks = pemBlocks(pem, 'CERTIFICATE', (found) => invalidCaCertificatesBundle(`it contains a PEM block '${found}'; only CERTIFICATE blocks are allowed`));
  if (blocks.length === 0) throw invalidCaCertificatesBundle('it contains no PEM certificate');
  if (blocks.length > MAX_CA_CERTIFICATES) {
    throw invalidCaCertificatesBundle(`it contains ${blocks.length} certificates; a trust store takes at most ${MAX_CA_CERTIFICATES}`);
  }
  const certificates = blocks.map((block, index) => {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch {
      throw invalidCaCertificatesBundle(`certificate ${index + 1} is not a valid X.509 certificate`);
    }
    if (certificate.raw.length > MAX_CA_CERTIFICATE_BYTES) {
      throw invalidCaCertificatesBundle(`certificate ${index + 1} is larger than ${MAX_CA_CERTIFICATE_BYTES} bytes`);
    }
    if (!certificate.ca) throw invalidCaCertificatesBundle(`certificate ${index + 1} ('${certificate.subject.replace(/\n/g, ', ')}') is not a CA certificate`);
    return certificate;
  });
  return { pem, certificates };
}

/** Reads and checks the bundle a CreateTrustStore/ModifyTrustStore request names. */
export async function loadCaBundle(objects: S3Objects, ref: S3ObjectRef): Promise<CaBundle> {
  const object = await objects.read(ref, MAX_CA_BUNDLE_BYTES);
  if (object.kind === 'missing') throw caCertificatesBundleNotFound(s3Uri(ref));
  if (object.kind === 'too-large') throw invalidCaCertificatesBundle(`it is larger than ${MAX_CA_BUNDLE_BYTES} bytes`);
  return parseCaBundle(object.bytes);
}
