import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import type { OutgoingHttpHeaders } from 'node:http';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import * as tls from 'node:tls';
import { parseCrl } from '../../../../../handlers/elbv2/lib/trust-store-crl.js';
import type { MutualAuthPolicy } from '../../../../../gateway/traffic/dataplane/tls/mutual-auth.js';
import { admitClient, mtlsHeaders, mutualTlsOptions, setMtlsHeaders, type ConnectionVerdict } from '../../../../../gateway/traffic/dataplane/tls/mutual-tls-server.js';
import { trustMaterial } from '../../../../../gateway/traffic/dataplane/tls/trust-material.js';
import { makeCa, makeClientCredentials, makeCrl, makeIntermediateCa, type TestCa } from '../../../../support/pki.js';

// Real TLS handshakes on loopback: a node:tls server set up with `mutualTlsOptions` decides on
// each connection with `admitClient`, as an HTTPS listener does, and answers an accepted client
// with the X-Amzn-Mtls headers its requests would carry.

interface Served { close(): Promise<void>; port: number; verdicts: ConnectionVerdict[] }

async function serve(policy: MutualAuthPolicy, identity: { pem: string; keyPem: string }): Promise<Served> {
  const verdicts: ConnectionVerdict[] = [];
  const server = tls.createServer({ cert: identity.pem, key: identity.keyPem, ...mutualTlsOptions(policy) });
  server.on('secureConnection', (socket) => {
    const verdict = admitClient(socket, policy, 443);
    verdicts.push(verdict);
    if (verdict.outcome.accepted) socket.end(JSON.stringify(Object.fromEntries(mtlsHeaders(socket))));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, verdicts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** What a client with this certificate (and chain) reads from the server: its answer, or the error that ended it. */
async function connect(port: number, client?: { pem: string; keyPem: string }, chain = ''): Promise<{ body: string; error?: string }> {
  const socket = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false, ...(client ? { cert: chain ? `${client.pem}\n${chain}` : client.pem, key: client.keyPem } : {}) });
  let body = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
  return new Promise((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ body, error: error.code ?? error.message }));
    socket.on('close', () => resolve({ body }));
  });
}

describe('mutual TLS over real handshakes', () => {
  let ca: TestCa;
  let serverIdentity: { pem: string; keyPem: string };
  let verifyServer: Served;
  let passthroughServer: Served;
  before(async () => {
    ca = await makeCa('Handshake CA');
    serverIdentity = await makeClientCredentials(await makeCa('Server CA'), '5e', { subject: 'CN=localhost' });
    const revocations = [await parseCrl(await makeCrl(ca, ['dead']), ca.pem)];
    verifyServer = await serve({
      mode: 'verify',
      trust: trustMaterial({ caCertificatesBundle: ca.pem, revocations }),
      ignoreClientCertificateExpiry: false,
      advertiseTrustStoreCaNames: true,
    }, serverIdentity);
    passthroughServer = await serve({ mode: 'passthrough' }, serverIdentity);
  });
  after(async () => {
    await verifyServer?.close();
    await passthroughServer?.close();
  });

  it('verify accepts a client certificate from the store and hands its facts on', async () => {
    const client = await makeClientCredentials(ca, '2a');
    const answer = await connect(verifyServer.port, client);
    const headers = JSON.parse(answer.body);
    assert.equal(headers['x-amzn-mtls-clientcert-serial-number'], '2A');
    assert.equal(headers['x-amzn-mtls-clientcert-subject'], 'CN=client-2a');
    assert.equal(verifyServer.verdicts.at(-1)!.status, 'Success');
  });

  it('verify refuses a revoked certificate and an unknown one: the connection ends with nothing served', async () => {
    const revoked = await makeClientCredentials(ca, 'dead');
    const revokedAnswer = await connect(verifyServer.port, revoked);
    assert.equal(revokedAnswer.body, '');
    assert.equal(verifyServer.verdicts.at(-1)!.status, 'Failed:ClientCertCrlHit');
    assert.equal(verifyServer.verdicts.at(-1)!.leaf?.serial, 'DEAD');
    assert.equal(verifyServer.verdicts.at(-1)!.log.tls_verify_status, 'Failed:ClientCertCrlHit');
    assert.equal(verifyServer.verdicts.at(-1)!.log.client_ip, '127.0.0.1');
    assert.match(String(verifyServer.verdicts.at(-1)!.log.tls_protocol), /^TLSv1\.[23]$/);

    const stranger = await makeClientCredentials(await makeCa('Stranger CA'), '2b');
    const strangerAnswer = await connect(verifyServer.port, stranger);
    assert.equal(strangerAnswer.body, '');
    assert.equal(verifyServer.verdicts.at(-1)!.status, 'Failed:ClientCertUntrusted');

    const none = await connect(verifyServer.port);
    assert.equal(none.body, '');
    assert.equal(verifyServer.verdicts.at(-1)!.status, 'Failed:UnmappedConnectionError');
  });

  it('verify takes the intermediate a client sends with its certificate', async () => {
    const intermediate = await makeIntermediateCa(ca, 'Handshake Intermediate');
    const client = await makeClientCredentials(intermediate, '2c');
    const answer = await connect(verifyServer.port, client, intermediate.pem);
    assert.equal(JSON.parse(answer.body)['x-amzn-mtls-clientcert-issuer'], 'CN=Handshake Intermediate');
  });

  it('passthrough accepts any certificate and hands the whole chain on', async () => {
    const otherCa = await makeCa('Passthrough CA');
    const intermediate = await makeIntermediateCa(otherCa, 'Passthrough Intermediate');
    const client = await makeClientCredentials(intermediate, '2d');
    const answer = await connect(passthroughServer.port, client, intermediate.pem);
    const pems = decodeURIComponent(JSON.parse(answer.body)['x-amzn-mtls-clientcert']);
    assert.equal(pems.match(/-----BEGIN CERTIFICATE-----/g)?.length, 2);
    assert.equal(passthroughServer.verdicts.at(-1)!.status, 'Success');
    assert.deepEqual(JSON.parse((await connect(passthroughServer.port)).body), {});
  });

  it('an HTTP/2 request reads its connection\'s headers through node\'s proxy socket; a forged copy is replaced', async () => {
    const policy: MutualAuthPolicy = { mode: 'verify', trust: trustMaterial({ caCertificatesBundle: ca.pem, revocations: [] }), ignoreClientCertificateExpiry: false, advertiseTrustStoreCaNames: false };
    const server = http2.createSecureServer({ cert: serverIdentity.pem, key: serverIdentity.keyPem, allowHTTP1: true, ...mutualTlsOptions(policy) }, (req, res) => {
      const headers: OutgoingHttpHeaders = { 'x-amzn-mtls-clientcert-subject': req.headers['x-amzn-mtls-clientcert-subject'], 'x-amzn-mtls-clientcert': 'forged' };
      setMtlsHeaders(headers, req.socket);
      res.end(JSON.stringify(headers));
    });
    server.on('secureConnection', (socket: tls.TLSSocket) => admitClient(socket, policy, 443));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const client = await makeClientCredentials(ca, '2e');
      const session = http2.connect(`https://127.0.0.1:${(server.address() as AddressInfo).port}`, { rejectUnauthorized: false, cert: client.pem, key: client.keyPem });
      const stream = session.request({ ':path': '/', 'x-amzn-mtls-clientcert-subject': 'CN=forged' });
      let body = '';
      stream.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
      await once(stream, 'end');
      session.close();
      const headers = JSON.parse(body);
      assert.equal(headers['x-amzn-mtls-clientcert-subject'], 'CN=client-2e');
      assert.equal(headers['x-amzn-mtls-clientcert'], undefined);
      assert.equal(headers['x-amzn-mtls-clientcert-serial-number'], '2E');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('advertises the trust store CA names only when the listener says so', async (t) => {
    const names = (port: number) => new Promise<string>((resolve) => {
      const child = execFile('openssl', ['s_client', '-connect', `127.0.0.1:${port}`], { timeout: 10_000 }, (_error, stdout) => resolve(stdout));
      child.stdin?.end();
    });
    const advertised = await names(verifyServer.port).catch(() => null);
    if (advertised === null || advertised === '') return t.skip('openssl is not available');
    assert.match(advertised, /Acceptable client certificate CA names\s+CN\s*=\s*Handshake CA/);
    assert.match(await names(passthroughServer.port), /No client certificate CA names sent/);
  });
});
