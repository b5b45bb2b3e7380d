import './reflect-metadata.js';
import { X509Certificate, X509Crl } from '@peculiar/x509';
import { pemBlocks } from './trust-store-bundle.js';
import { invalidRevocationContent, revocationContentNotFound } from './errors.js';
import { s3Uri, type S3ObjectRef, type S3Objects } from './s3-objects.js';

/** Quotas for Application Load Balancers, "Certificates": revocation list file size 50 MB. */
export const MAX_REVOCATION_FILE_BYTES = 50 * 1024 * 1024;

/** The DER of a CRL file: one PEM `X509 CRL` (or `CRL`) block, or DER as is. */
function crlDer(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1');
  if (!text.includes('-----BEGIN')) return bytes;
  const label = /-----BEGIN (X509 CRL|CRL)-----/.exec(text)?.[1] ?? 'X509 CRL';
  const blocks = pemBlocks(text, label, (found) => invalidRevocationContent(`it contains a PEM block '${found}'; a revocation file holds one CRL`));
  if (blocks.length !== 1) throw invalidRevocationContent(`it contains ${blocks.length} CRLs; a revocation file holds one`);
  return Buffer.from(blocks[0].replace(/-----[A-Z0-9 ]+-----/g, ''), 'base64');
}

/** What a trust store keeps of a revocation list: its issuer's name and the serials it revokes. */
export interface RevocationList {
  /** The issuer's distinguished name as @peculiar/x509 writes it (the data plane compares it with a CA's subject). */
  issuer: string;
  /** Revoked serial numbers, hexadecimal. */
  serials: string[];
}

/**
 * Reads a certificate revocation list and checks it as a trust store does: a CRL in PEM or DER,
 * issued by one of the trust store's CA certificates and signed with its key. Answers its issuer
 * and revoked serial numbers; anything else is `InvalidRevocationContent`.
 */
export async function parseCrl(bytes: Buffer, caBundlePem: string): Promise<RevocationList> {
  const der = crlDer(bytes);
  let crl: X509Crl;
  try {
    crl = new X509Crl(new Uint8Array(der));
  } catch {
    throw invalidRevocationContent('it is not a certificate revocation list in PEM or DER');
  }
  const issuers = pemBlocks(caBundlePem, 'CERTIFICATE', () => new Error('unreachable: the bundle was checked'))
    .map((pem) => new X509Certificate(pem))
    .filter((ca) => ca.subject === crl.issuer);
  if (issuers.length === 0) throw invalidRevocationContent(`its issuer '${crl.issuer}' is not a CA certificate of the trust store`);
  for (const issuer of issuers) {
    // An algorithm WebCrypto cannot verify with counts as a signature that does not verify.
    if (await crl.verify({ publicKey: issuer }).catch(() => false)) {
      return { issuer: crl.issuer, serials: crl.entries.map((entry) => entry.serialNumber) };
    }
  }
  throw invalidRevocationContent(`its signature does not verify with the key of its issuer '${crl.issuer}'`);
}

/** Reads the revocation file one `RevocationContents` member names; `parseCrl` checks it. */
export async function readRevocationFile(objects: S3Objects, ref: S3ObjectRef): Promise<Buffer> {
  const object = await objects.read(ref, MAX_REVOCATION_FILE_BYTES);
  if (object.kind === 'missing') throw revocationContentNotFound(s3Uri(ref));
  if (object.kind === 'too-large') throw invalidRevocationContent(`it is larger than ${MAX_REVOCATION_FILE_BYTES} bytes`);
  return object.bytes;
}
