import type { Certificate } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Transaction } from 'kysely';
import type { Database, Db, ListenerRow } from '../../../gateway/database/tables.js';
import { validationError } from '../../../gateway/api/errors.js';
import { boolean, list, string, structure } from '../../../gateway/api/schema.js';
import { columnsOf } from './listeners.js';

/** ALB and NLB quotas "Certificates per load balancer (excluding default certificates)". */
export const MAX_CERTIFICATES_PER_LOAD_BALANCER = 25;

/** The `Certificates` member of AddListenerCertificates and RemoveListenerCertificates. */
export const certificatesInput = () => list(structure({ CertificateArn: string({ min: 1 }), IsDefault: boolean() }), { required: true, min: 1 });

/**
 * The ARNs a call names, once each. API reference: "Set CertificateArn to the certificate ARN but
 * do not set IsDefault" — AWS answers IsDefault=true with this ValidationError (boto3 #3727).
 * Several certificates per call are accepted, as AWS does despite "one certificate per call".
 */
export function certificateArnsOf(certificates: readonly Certificate[]): string[] {
  for (const certificate of certificates) {
    if (certificate.IsDefault) throw validationError('You cannot set the isDefault parameter for a certificate');
    if (!certificate.CertificateArn) throw validationError('A certificate ARN must be specified');
  }
  return [...new Set(certificates.map((certificate) => certificate.CertificateArn!))];
}

/** The listener's default certificate (CreateListener/ModifyListener keep exactly one). */
export function defaultCertificateOf(row: ListenerRow): string | undefined {
  return columnsOf(row).certificates?.[0]?.CertificateArn;
}

/** Adds ARNs to a listener's list; one already there stays as it is (AddListenerCertificates). */
export async function addCertificates(trx: Transaction<Database>, listenerArn: string, arns: readonly string[], now: Date): Promise<void> {
  await trx.insertInto('listener_certificates')
    .values(arns.map((arn) => ({ listener_arn: listenerArn, certificate_arn: arn, created_at: now })))
    .onConflict((oc) => oc.columns(['listener_arn', 'certificate_arn']).doNothing())
    .execute();
}

/** Removes ARNs from a listener's list; returns the ones that were there. */
export async function removeCertificates(trx: Transaction<Database>, listenerArn: string, arns: readonly string[]): Promise<string[]> {
  const rows = await trx.deleteFrom('listener_certificates')
    .where('listener_arn', '=', listenerArn).where('certificate_arn', 'in', arns)
    .returning('certificate_arn').execute();
  return rows.map((row) => row.certificate_arn);
}

/**
 * The certificates counted against a load balancer's quota: the distinct ARNs in its listeners'
 * lists (default certificates excluded, as the quota says; a certificate on two listeners of the
 * same load balancer counts once).
 */
export async function countCertificatesOf(db: Db, loadBalancerArn: string): Promise<number> {
  const { count } = await db.selectFrom('listener_certificates')
    .innerJoin('listeners', 'listeners.arn', 'listener_certificates.listener_arn')
    .where('listeners.load_balancer_arn', '=', loadBalancerArn)
    .select((eb) => eb.fn.count<string>('listener_certificates.certificate_arn').distinct().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/**
 * DescribeListenerCertificates: the list, oldest first, with IsDefault false, then the default
 * certificate with IsDefault true — the order of the AWS CLI's describe-listener-certificates
 * example. A default certificate also in the list appears twice, as the API reference says.
 */
export async function describeCertificates(db: Db, row: ListenerRow): Promise<Certificate[]> {
  const rows = await db.selectFrom('listener_certificates').select('certificate_arn')
    .where('listener_arn', '=', row.arn).orderBy('created_at').orderBy('certificate_arn').execute();
  const listed = rows.map((r): Certificate => ({ CertificateArn: r.certificate_arn, IsDefault: false }));
  const defaultArn = defaultCertificateOf(row);
  return defaultArn === undefined ? listed : [...listed, { CertificateArn: defaultArn, IsDefault: true }];
}
