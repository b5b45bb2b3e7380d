import type { RemoveListenerCertificatesInput, RemoveListenerCertificatesOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { certificateNotFound, operationNotPermitted } from './lib/errors.js';
import { certificateArnsOf, certificatesInput, defaultCertificateOf, removeCertificates } from './lib/listener-certificates.js';
import { getListener } from './lib/listeners.js';
import { arn } from './lib/schemas.js';

export const input = {
  ListenerArn: arn(true),
  Certificates: certificatesInput(),
};

/**
 * Removes certificates from a listener's certificate list, all or none (API reference,
 * RemoveListenerCertificates). The default certificate is refused with OperationNotPermitted
 * even when it was also added to the list (terraform-provider-aws #19495); a certificate not in
 * the list is CertificateNotFound (#35403), which Terraform's delete treats as already gone.
 * The data plane serves the list by SNI: the routing version is bumped.
 */
export async function handler(req: InputOf<typeof input, RemoveListenerCertificatesInput>, ctx: Context): Promise<RemoveListenerCertificatesOutput> {
  const arns = certificateArnsOf(req.Certificates);
  await changeRouting(ctx.db, async (trx) => {
    // Locked so that a concurrent ModifyListener cannot change the default certificate under us.
    const listener = await getListener(trx, ctx, req.ListenerArn, { forUpdate: true });
    const defaultArn = defaultCertificateOf(listener);
    // AWS's wording: Terraform's aws_lb_listener_certificate matches it.
    if (defaultArn !== undefined && arns.includes(defaultArn)) throw operationNotPermitted('Default certificate cannot be removed');
    const removed = await removeCertificates(trx, listener.arn, arns);
    const missing = arns.find((certificateArn) => !removed.includes(certificateArn));
    if (missing !== undefined) throw certificateNotFound(missing);
  });
  return {};
}
