import type { RoutedListener, RoutedTrustStore } from '../../route-table/route-table.js';
import type { MutualAuthPolicy } from './mutual-auth.js';
import { trustMaterial, type TrustMaterial } from './trust-material.js';

/**
 * Builds the listeners' mutual TLS policies of one route table, reading each trust store once
 * however many listeners use it. A store that cannot be read (the API checked its bundle, so only
 * a damaged row) leaves its listeners refusing every certificate, with a problem for the log.
 */
export function mutualAuthPolicies(trustStores: Record<string, RoutedTrustStore>, problems: string[]): (listener: RoutedListener) => MutualAuthPolicy | undefined {
  const materials = new Map<string, TrustMaterial | null>();
  const material = (arn: string): TrustMaterial | null => {
    if (!materials.has(arn)) {
      let read: TrustMaterial | null = null;
      try {
        const store = trustStores[arn];
        if (store) read = trustMaterial(store);
        else problems.push(`trust store ${arn} is missing from the route table: its listeners refuse every client certificate`);
      } catch (error) {
        problems.push(`trust store ${arn} could not be read: ${(error as Error).message}`);
      }
      materials.set(arn, read);
    }
    return materials.get(arn)!;
  };
  return (listener) => {
    const mutual = listener.mutualAuthentication;
    if (!mutual) return undefined;
    if (mutual.mode === 'passthrough') return { mode: 'passthrough' };
    return {
      mode: 'verify',
      trust: material(mutual.trustStoreArn),
      ignoreClientCertificateExpiry: mutual.ignoreClientCertificateExpiry,
      advertiseTrustStoreCaNames: mutual.advertiseTrustStoreCaNames,
    };
  };
}
