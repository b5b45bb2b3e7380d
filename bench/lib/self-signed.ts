import '../../handlers/elbv2/lib/reflect-metadata.js';
import { X509CertificateGenerator } from '@peculiar/x509';

/**
 * A self-signed RSA 2048 certificate and key (PEM) for `name`, valid for a day: what nginx
 * terminates TLS with in the HTTPS cell (the listener's certificate comes from the local CA, also
 * RSA 2048, so both sides do the same handshake work).
 */
export async function selfSigned(name: string): Promise<{ cert: string; key: string }> {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']) as CryptoKeyPair;
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: `CN=${name}`, notBefore: new Date(Date.now() - 3_600_000), notAfter: new Date(Date.now() + 86_400_000), keys, signingAlgorithm: algorithm,
  });
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { cert: certificate.toString('pem'), key: `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n` };
}
