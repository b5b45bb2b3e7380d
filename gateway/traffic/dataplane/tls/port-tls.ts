import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';
import type { ServedListener } from '../served-table.js';
import type { ListenerCertificates, ServedCertificate } from './listener-certificates.js';
import { listenerSecureOptions } from './secure-options.js';
import { namesHost, pickCertificate } from './sni.js';

interface Candidate {
  listener: ServedListener;
  certificates: Array<ServedCertificate & { context: SecureContext }>;
}

/** What one TLS-terminating port presents now: the contexts of its listeners' certificates. */
export interface PortTls {
  /** The server options for a client that sends no SNI: the first listener's default certificate. */
  defaultOptions: SecureContextOptions;
  /** The same as a context, for connections terminated one by one (TLS ports). */
  defaultContext: SecureContext;
  /** The first listener: the one a TLS port serves, and the default of an HTTPS port. */
  listener: ServedListener;
  /** The context for an SNI host name. */
  contextFor(servername: string): SecureContext;
  /**
   * The listener SNI chose for a host name: an HTTPS port shared by load balancers answers a
   * request whose Host is none of their DNS names (a custom domain) with it.
   */
  listenerFor(servername: string | undefined): ServedListener;
}

/**
 * Builds a port's TLS from its listeners (several ALBs may share an HTTPS port). SNI picks the
 * load balancer whose DNS name is the host name, else the first whose certificates name it, else
 * the first; then that listener's certificate for the name (sni.ts). Node settles protocol
 * versions and ciphers with the context the connection starts with (the default one): a load
 * balancer sharing a port with an older one gets that one's SslPolicy (README, "TLS").
 */
export async function portTls(listeners: readonly ServedListener[], certificates: ListenerCertificates): Promise<PortTls> {
  const candidates: Candidate[] = await Promise.all(listeners.map(async (listener) => ({
    listener,
    certificates: (await certificates.of(listener)).map((served) => ({ ...served, context: createSecureContext(listenerSecureOptions(listener, served)) })),
  })));
  const first = candidates[0];
  const candidateFor = (name: string) => candidates.find((c) => c.listener.loadBalancer.dnsName === name)
    ?? candidates.find((c) => namesHost(c.certificates, name))
    ?? first;
  return {
    defaultOptions: listenerSecureOptions(first.listener, first.certificates[0]),
    defaultContext: first.certificates[0].context,
    listener: first.listener,
    contextFor(servername) {
      const name = servername.toLowerCase();
      return pickCertificate(candidateFor(name).certificates, name)!.context;
    },
    listenerFor: (servername) => (servername ? candidateFor(servername.toLowerCase()) : first).listener,
  };
}
