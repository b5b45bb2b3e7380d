import type { AddListenerCertificatesInput, AddListenerCertificatesOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../gateway/api/errors.js';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { tooManyCertificates } from './lib/errors.js';
import {
  addCertificates,
  certificateArnsOf,
  certificatesInput,
  countCertificatesOf,
  MAX_CERTIFICATES_PER_LOAD_BALANCER,
} from './lib/listener-certificates.js';
import { isSecure } from './lib/listener-settings.js';
import { getListener, lockLoadBalancerOf } from './lib/listeners.js';
import { arn } from './lib/schemas.js';

export const input = {
  ListenerArn: arn(true),
  Certificates: certificatesInput(),
};

/**
 * Adds certificates to the certificate list of an HTTPS or TLS listener (API reference,
 * AddListenerCertificates). "If the certificate is already in the certificate list, the call is
 * successful but the certificate is not added again." There is no ACM here, so ARNs are stored
 * as given (no CertificateNotFound). The data plane serves the list by SNI: the routing version is bumped.
 */
export async function handler(req: InputOf<typeof input, AddListenerCertificatesInput>, ctx: Context): Promise<AddListenerCertificatesOutput> {
  const arns = certificateArnsOf(req.Certificates);
  const { arn: listenerArn } = await getListener(ctx.db, ctx, req.ListenerArn);
  await changeRouting(ctx.db, async (trx) => {
    // The quota is per load balancer: its lock serialises certificate adds across its listeners.
    await lockLoadBalancerOf(trx, listenerArn);
    const listener = await getListener(trx, ctx, listenerArn, { forUpdate: true });
    if (!isSecure(listener.protocol)) {
      throw validationError(`Certificates cannot be added to ${listener.protocol ?? 'GENEVE'} listeners`);
    }
    await addCertificates(trx, listenerArn, arns, ctx.now());
    // Counted after the insert, so certificates already there (here or on a sibling listener) cost nothing.
    if (await countCertificatesOf(trx, listener.load_balancer_arn) > MAX_CERTIFICATES_PER_LOAD_BALANCER) throw tooManyCertificates();
  });
  // As in the AWS CLI's add-listener-certificates example: the certificates of the call, not default.
  return { Certificates: arns.map((certificateArn) => ({ CertificateArn: certificateArn, IsDefault: false })) };
}
