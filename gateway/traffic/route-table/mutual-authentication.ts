import type { MutualAuthenticationAttributes } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { RoutingState } from './compile.js';
import type { RoutedListener, RoutedTrustStore } from './route-table.js';

/**
 * A listener's mutual TLS for the route table: nothing when it is off (or unset, or the listener
 * is not HTTPS, where CreateListener refuses it anyway). `AdvertiseTrustStoreCaNames` is `on` or
 * `off`, off by default; `IgnoreClientCertificateExpiry` false by default (API reference,
 * MutualAuthenticationAttributes).
 */
export function mutualAuthentication(listener: RoutingState['listeners'][number]): Pick<RoutedListener, 'mutualAuthentication'> {
  const mutual = listener.mutual_authentication as MutualAuthenticationAttributes | null | undefined;
  if (listener.protocol !== 'HTTPS' || !mutual) return {};
  if (mutual.Mode === 'passthrough') return { mutualAuthentication: { mode: 'passthrough' } };
  if (mutual.Mode !== 'verify' || !mutual.TrustStoreArn) return {};
  return {
    mutualAuthentication: {
      mode: 'verify',
      trustStoreArn: mutual.TrustStoreArn,
      ignoreClientCertificateExpiry: mutual.IgnoreClientCertificateExpiry === true,
      advertiseTrustStoreCaNames: mutual.AdvertiseTrustStoreCaNames === 'on',
    },
  };
}

/** The trust stores with their revocation lists, by revocation id, keyed by ARN. */
export function routedTrustStores(stores: NonNullable<RoutingState['trustStores']>, revocations: NonNullable<RoutingState['revocations']>): Record<string, RoutedTrustStore> {
  const routed: Record<string, RoutedTrustStore> = {};
  for (const store of [...stores].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))) {
    routed[store.arn] = { caCertificatesBundle: store.ca_certificates_bundle, revocations: [] };
  }
  for (const list of [...revocations].sort((a, b) => Number(a.revocation_id) - Number(b.revocation_id))) {
    routed[list.trust_store_arn]?.revocations.push({ issuer: list.issuer, serials: list.revoked_serials });
  }
  return routed;
}
