import type { ServedListener } from '../served-table.js';
import type { AcmCertificates } from './acm-certificates.js';
import { certificateNames, type KeyedCertificate, type LocalCa } from './local-ca.js';

/** A certificate a listener serves, and the names SNI picks it by. */
export interface ServedCertificate {
  /** The certificate ARN it stands for; undefined for a listener without one. */
  arn: string | undefined;
  names: string[];
  certificate: KeyedCertificate;
  source: 'acm' | 'local-ca';
}

/** Local CA certificates are read from Postgres again after this, so a renewal reaches every replica. */
const LOCAL_TTL_MS = 60 * 60_000;

/**
 * The certificates HTTPS and TLS listeners serve, in their order (the default certificate first):
 * an ARN the upstream's ACM gives with its key is served as it is; one ACM knows without its key
 * gets a local CA certificate for its names; any other (no upstream, an IAM server certificate,
 * an ARN nobody knows) gets a local CA certificate for the load balancer's DNS name and the host
 * names the listener's rules match, so browsers and curl can trust it with the CA certificate.
 */
export class ListenerCertificates {
  private readonly issued = new Map<string, { until: number; certificate: Promise<KeyedCertificate> }>();

  constructor(private readonly ca: LocalCa, private readonly acm: AcmCertificates | undefined) {}

  async of(listener: ServedListener): Promise<ServedCertificate[]> {
    const fallbackNames = certificateNames([listener.loadBalancer.dnsName, ...(listener.tls?.hostNames ?? [])]);
    const arns = listener.tls?.certificateArns ?? [];
    if (arns.length === 0) return [await this.local(undefined, fallbackNames)];
    return Promise.all(arns.map(async (arn): Promise<ServedCertificate> => {
      const answer = this.acm ? await this.acm.lookup(arn) : { kind: 'unknown' as const };
      if (answer.kind === 'keyed') return { arn, names: answer.names.map((name) => name.toLowerCase()), certificate: answer.certificate, source: 'acm' };
      const names = answer.kind === 'names' ? certificateNames(answer.names) : [];
      return this.local(arn, names.length > 0 ? names : fallbackNames);
    }));
  }

  private async local(arn: string | undefined, names: string[]): Promise<ServedCertificate> {
    const key = names.join(',');
    const now = Date.now();
    let entry = this.issued.get(key);
    if (!entry || entry.until <= now) {
      entry = { until: now + LOCAL_TTL_MS, certificate: this.ca.certificateFor(names) };
      this.issued.set(key, entry);
      // A failure (the database away) is not kept: the next reload asks again.
      entry.certificate.catch(() => this.issued.delete(key));
    }
    return { arn, names, certificate: await entry.certificate, source: 'local-ca' };
  }
}
