import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { ACMClient, DescribeCertificateCommand, ExportCertificateCommand } from '@aws-sdk/client-acm';
import type { Logger } from '../../../logger.js';
import type { KeyedCertificate } from './local-ca.js';

/**
 * What the upstream's ACM says about a certificate ARN: the certificate with its key (served as
 * is), or only the names it covers (the local CA issues one for them), or nothing.
 */
export type AcmAnswer =
  | { kind: 'keyed'; certificate: KeyedCertificate; names: string[] }
  | { kind: 'names'; names: string[] }
  | { kind: 'unknown' };

export interface AcmCertificates {
  lookup(arn: string): Promise<AcmAnswer>;
}

const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate\/[\w-]+$/;
/** Answers are kept this long: a certificate imported or issued later is picked up after it. */
const FOUND_TTL_MS = 5 * 60_000;
const MISSING_TTL_MS = 30_000;

/** The DNS names of a PEM certificate: its subject alternative names, else its common name. */
function namesOf(certificatePem: string): string[] {
  const certificate = new X509Certificate(certificatePem);
  const alternatives = (certificate.subjectAltName ?? '').split(', ').filter((entry) => entry.startsWith('DNS:')).map((entry) => entry.slice(4));
  if (alternatives.length > 0) return alternatives;
  const commonName = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
  return commonName ? [commonName] : [];
}

/**
 * ACM as the upstream (KECS_UPSTREAM_URL: LocalStack, moto) serves it, in the certificate's own
 * region and account (LocalStack and moto take a 12-digit access key as the account id; neither
 * checks the secret). GetCertificate gives no key: ExportCertificate does, encrypted with a
 * passphrase of ours, for certificates ACM allows exporting (private CA certificates, and on AWS
 * public ones issued as exportable); the key is decrypted here. When the export is refused,
 * DescribeCertificate's DomainName and SubjectAlternativeNames still tell which names the
 * listener should answer for. Answers are cached per ARN; failures are logged once per lookup.
 */
export function upstreamAcm(upstreamUrl: string, log: Logger): AcmCertificates {
  const cache = new Map<string, { until: number; answer: Promise<AcmAnswer> }>();

  async function ask(arn: string): Promise<AcmAnswer> {
    const match = ACM_ARN.exec(arn);
    if (!match) return { kind: 'unknown' };
    const [, region, account] = match;
    const client = new ACMClient({
      endpoint: upstreamUrl,
      region,
      credentials: { accessKeyId: account, secretAccessKey: 'test' },
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 },
    });
    try {
      const passphrase = randomBytes(24).toString('base64url');
      try {
        const exported = await client.send(new ExportCertificateCommand({ CertificateArn: arn, Passphrase: Buffer.from(passphrase) }));
        if (exported.Certificate && exported.PrivateKey) {
          const key = createPrivateKey({ key: exported.PrivateKey, format: 'pem', passphrase });
          const certificatePem = `${exported.Certificate.trim()}\n${(exported.CertificateChain ?? '').trim()}\n`;
          return { kind: 'keyed', certificate: { certificatePem, privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }) as string }, names: namesOf(exported.Certificate) };
        }
      } catch (error) {
        log.debug({ err: error, certificate: arn }, 'ACM certificate not exportable from the upstream');
      }
      const described = await client.send(new DescribeCertificateCommand({ CertificateArn: arn }));
      const detail = described.Certificate;
      const names = [...new Set([detail?.DomainName, ...(detail?.SubjectAlternativeNames ?? [])].filter((name): name is string => !!name))];
      return names.length > 0 ? { kind: 'names', names } : { kind: 'unknown' };
    } catch (error) {
      log.warn({ err: error, certificate: arn }, 'ACM certificate not found in the upstream: the local CA issues the listener certificate');
      return { kind: 'unknown' };
    } finally {
      client.destroy();
    }
  }

  return {
    lookup(arn) {
      const now = Date.now();
      const cached = cache.get(arn);
      if (cached && cached.until > now) return cached.answer;
      const answer = ask(arn);
      const entry = { until: now + FOUND_TTL_MS, answer };
      cache.set(arn, entry);
      void answer.then((result) => {
        if (result.kind !== 'keyed') entry.until = Date.now() + MISSING_TTL_MS;
      });
      return answer;
    },
  };
}
