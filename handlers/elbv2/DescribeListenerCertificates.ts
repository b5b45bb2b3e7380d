import type { DescribeListenerCertificatesInput, DescribeListenerCertificatesOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { describeCertificates } from './lib/listener-certificates.js';
import { getListener } from './lib/listeners.js';
import { paginate } from './lib/pagination.js';
import { arn, marker, pageSize } from './lib/schemas.js';

export const input = {
  ListenerArn: arn(true),
  Marker: marker(),
  PageSize: pageSize(),
};

/**
 * The default certificate and the certificate list of a listener, paged by Marker/PageSize (API
 * reference, DescribeListenerCertificates). Terraform's aws_lb_listener_certificate reads through
 * here and keeps only entries with IsDefault false. HTTP, TCP, UDP and GENEVE listeners have no
 * default certificate, so they list only what their certificate list holds (usually nothing).
 */
export async function handler(req: InputOf<typeof input, DescribeListenerCertificatesInput>, ctx: Context): Promise<DescribeListenerCertificatesOutput> {
  const listener = await getListener(ctx.db, ctx, req.ListenerArn);
  const { page, NextMarker } = paginate(await describeCertificates(ctx.db, listener), req.Marker, req.PageSize);
  return { Certificates: page, NextMarker };
}
