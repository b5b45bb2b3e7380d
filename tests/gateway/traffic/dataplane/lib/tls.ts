import '../../../../../handlers/elbv2/lib/reflect-metadata.js';
import { once } from 'node:events';
import { connect as connectHttp2 } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect as connectTls, createServer as createTlsServer, type PeerCertificate } from 'node:tls';
import { createServer as createHttpsServer } from 'node:https';
import { X509CertificateGenerator } from '@peculiar/x509';

// Clients and targets for TLS traffic tests: requests over real TLS on loopback that trust only
// the CA the test names, and targets with self-signed certificates (which ALB does not verify).

export interface TlsAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  certificate: PeerCertificate;
  alpn: string | false | null;
}

export interface TlsClientOptions {
  /** The SNI host name, also the Host header; the client checks the certificate against it. */
  servername: string;
  /** PEM of the CA to trust, and nothing else. */
  ca: string;
  path?: string;
  /** false: accept any certificate (one whose chain is not really signed, as moto's are). */
  verify?: false;
}

/** One HTTPS request over HTTP/1.1 to 127.0.0.1:`port`, verifying the certificate against `ca`. */
export function httpsGet(port: number, options: TlsClientOptions): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: '127.0.0.1', port, path: options.path ?? '/', servername: options.servername, ca: options.ca, rejectUnauthorized: options.verify ?? true,
      headers: { host: options.servername }, agent: false, timeout: 10_000,
    }, (res) => {
      const socket = res.socket as import('node:tls').TLSSocket;
      const certificate = socket.getPeerCertificate();
      const alpn = socket.alpnProtocol;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers, certificate, alpn }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('HTTPS request timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** One request over HTTP/2 (offering only h2 by ALPN) to 127.0.0.1:`port`. */
export function h2Get(port: number, options: TlsClientOptions): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const session = connectHttp2(`https://${options.servername}:${port}`, {
      ca: options.ca, servername: options.servername, ALPNProtocols: ['h2'],
      createConnection: () => connectTls({ host: '127.0.0.1', port, servername: options.servername, ca: options.ca, ALPNProtocols: ['h2'] }),
    });
    session.on('error', reject);
    const stream = session.request({ ':path': options.path ?? '/' });
    const chunks: Buffer[] = [];
    let headers: Record<string, string | string[] | undefined> = {};
    stream.on('response', (h) => { headers = h as typeof headers; });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => {
      const socket = session.socket as import('node:tls').TLSSocket;
      const answer = { status: Number(headers[':status']), body: Buffer.concat(chunks).toString('utf8'), headers, certificate: socket.getPeerCertificate(), alpn: socket.alpnProtocol };
      session.close();
      resolve(answer);
    });
    stream.end();
  });
}

/** A TLS connection to 127.0.0.1:`port`: says `hello`, and answers what came back before the far end closed. */
export function tlsConverse(port: number, options: TlsClientOptions & { alpn?: string[] }): Promise<{ received: string; alpn: string | false | null; certificate: PeerCertificate }> {
  return new Promise((resolve, reject) => {
    const socket = connectTls({ host: '127.0.0.1', port, servername: options.servername, ca: options.ca, ALPNProtocols: options.alpn }, () => {
      socket.write('hello');
    });
    let received = '';
    socket.on('data', (chunk: Buffer) => { received += chunk.toString('utf8'); });
    socket.on('error', reject);
    socket.on('end', () => {
      resolve({ received, alpn: socket.alpnProtocol, certificate: socket.getPeerCertificate() });
      socket.end();
    });
  });
}

/** A self-signed certificate and key (PEM) for `name`, valid for a day. */
export async function selfSigned(name: string): Promise<{ cert: string; key: string }> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']) as CryptoKeyPair;
  const certificate = await X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: `CN=${name}`, notBefore: new Date(Date.now() - 3_600_000), notAfter: new Date(Date.now() + 86_400_000), keys, signingAlgorithm: algorithm,
  });
  const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { cert: certificate.toString('pem'), key: `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----\n` };
}

export interface TlsTarget {
  port: number;
  /** What the target saw: the protocol of each request or connection. */
  seen: string[];
  close(): Promise<void>;
}

/** An HTTPS target with a self-signed certificate: answers JSON `{ target, encrypted, headers }`. */
export async function startHttpsTarget(name: string): Promise<TlsTarget> {
  const seen: string[] = [];
  const server = createHttpsServer(await selfSigned('target.invalid'), (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ target: name, encrypted: (req.socket as { encrypted?: boolean }).encrypted === true, headers: req.headers }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A TLS target with a self-signed certificate: greets with `name:tls:` and ends the connection. */
export async function startTlsEchoTarget(name: string): Promise<TlsTarget> {
  const seen: string[] = [];
  const server = createTlsServer(await selfSigned('target.invalid'), (socket) => {
    socket.on('error', () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      seen.push(chunk.toString('utf8'));
      socket.end(`${name}:tls:${chunk.toString('utf8')}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
