import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { PortTls } from './port-tls.js';
import { alpnProtocols } from './secure-options.js';

/** A client that has not finished its handshake in this long is cut (NLB's TLS handshake timeout is not documented). */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Terminates TLS on a connection of a TLS (NLB) port, per connection so the listener's AlpnPolicy
 * in force now applies (a server-wide ALPN list could not change with ModifyListener), and hands
 * the decrypted stream on once the handshake is done. A failed handshake just closes.
 */
export function terminateTls(raw: Socket, tls: PortTls, secured: (socket: TLSSocket) => void): void {
  raw.on('error', () => raw.destroy());
  raw.setTimeout(HANDSHAKE_TIMEOUT_MS, () => raw.destroy());
  const socket = new TLSSocket(raw, {
    isServer: true,
    secureContext: tls.defaultContext,
    SNICallback: (servername, callback) => {
      try {
        callback(null, tls.contextFor(servername));
      } catch (error) {
        callback(error as Error, undefined);
      }
    },
    ALPNProtocols: alpnProtocols(tls.listener.tls?.alpnPolicy),
  });
  socket.on('error', () => socket.destroy());
  socket.once('secure', () => {
    raw.setTimeout(0);
    secured(socket);
  });
}
