import type { X509Certificate } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { TlsOptions, TLSSocket } from 'node:tls';
import { leafFacts, MTLS_HEADER_PREFIX, type ForwardedHeader, type LeafFacts } from './client-cert-headers.js';
import { checkClientCertificate, verifyStatus, type ClientCertOutcome, type MutualAuthPolicy } from './mutual-auth.js';
import { presentedChain } from './peer-chain.js';

/**
 * The TLS server options mutual TLS adds for a listener. The server asks for a client certificate
 * but lets every handshake finish (`rejectUnauthorized: false`): the listener's own check
 * (`checkClientCertificate`) then decides, which is what gives AWS's reason codes and honours
 * IgnoreClientCertificateExpiry. `ca` is set only to advertise the trust store's CA names in the
 * certificate request (AdvertiseTrustStoreCaNames `on`); it takes no part in the decision.
 */
export function mutualTlsOptions(policy: MutualAuthPolicy | undefined): Pick<TlsOptions, 'requestCert' | 'rejectUnauthorized' | 'ca'> {
  if (!policy) return {};
  const advertise = policy.mode === 'verify' && policy.advertiseTrustStoreCaNames && policy.trust;
  return { requestCert: true, rejectUnauthorized: false, ...(advertise ? { ca: policy.trust!.caBundle } : {}) };
}

/** What a connection-log line records of a client certificate decision. */
export interface ConnectionVerdict {
  outcome: ClientCertOutcome;
  /** `Success` or `Failed:<reason code>` (tls_verify_status). */
  status: string;
  /** The leaf's subject, validity and serial (fields 8–10), when the client sent one. */
  leaf?: LeafFacts;
  /** The connection-log entry's fields, read before a refused socket is destroyed. */
  log: Record<string, string | number>;
}

/**
 * Where an admitted connection keeps its headers: a symbol property of the TLS socket itself, so
 * it reads the same through the proxy socket node's HTTP/2 compatibility API hands out.
 */
const MTLS_HEADERS = Symbol('kecs.mtlsHeaders');
type AdmittedSocket = { [MTLS_HEADERS]?: readonly ForwardedHeader[] };

/**
 * Decides on a new TLS connection of a listener with mutual TLS, once its handshake is done. A
 * refused one is destroyed (the client sees its connection reset, as with AWS); an accepted
 * one's X-Amzn-Mtls headers are kept for every request it carries (`mtlsHeaders`).
 */
export function admitClient(socket: TLSSocket, policy: MutualAuthPolicy, port: number): ConnectionVerdict {
  const chain = presentedChain(socket);
  const outcome = checkClientCertificate(policy, chain);
  const leaf = chain[0] ? readableLeaf(chain[0]) : undefined;
  const status = verifyStatus(outcome);
  const verdict: ConnectionVerdict = { outcome, status, ...(leaf ? { leaf } : {}), log: connectionLogFields(socket, port, status, leaf) };
  if (outcome.accepted) (socket as AdmittedSocket)[MTLS_HEADERS] = outcome.headers;
  else socket.destroy();
  return verdict;
}

/** The leaf's facts for the log; none when its names cannot be read (passthrough takes any certificate). */
function readableLeaf(leaf: X509Certificate): LeafFacts | undefined {
  try {
    return leafFacts(leaf);
  } catch {
    return undefined;
  }
}

/** The X-Amzn-Mtls headers of a connection `admitClient` accepted; none otherwise. */
export function mtlsHeaders(socket: object): readonly ForwardedHeader[] {
  return (socket as AdmittedSocket)[MTLS_HEADERS] ?? [];
}

/**
 * Puts the load balancer's X-Amzn-Mtls headers into the headers of a request for the target, on
 * a listener with mutual TLS, after dropping the client's own copies: a target must be able to
 * trust them.
 */
export function setMtlsHeaders(headers: OutgoingHttpHeaders, socket: object): void {
  for (const name of Object.keys(headers)) if (name.startsWith(MTLS_HEADER_PREFIX)) delete headers[name];
  for (const [name, value] of mtlsHeaders(socket)) headers[name] = value;
}

/**
 * A decision as the fields of an ALB connection-log entry ("Connection logs for your Application
 * Load Balancer", Syntax), `-` where there is nothing, for the gateway's log.
 */
function connectionLogFields(socket: TLSSocket, port: number, status: string, leaf: LeafFacts | undefined): Record<string, string | number> {
  const cipher = socket.getCipher();
  return {
    client_ip: socket.remoteAddress ?? '-',
    client_port: socket.remotePort ?? '-',
    listener_port: port,
    tls_protocol: socket.getProtocol() ?? '-',
    tls_cipher: cipher?.standardName ?? cipher?.name ?? '-',
    leaf_client_cert_subject: leaf?.subject ?? '-',
    leaf_client_cert_validity: leaf?.validity ?? '-',
    leaf_client_cert_serial_number: leaf?.serial ?? '-',
    tls_verify_status: status,
  };
}
