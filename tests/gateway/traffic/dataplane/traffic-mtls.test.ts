import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { AddTrustStoreRevocationsCommand, CreateListenerCommand, CreateTrustStoreCommand, ModifyListenerCommand, type MutualAuthenticationAttributes } from '@aws-sdk/client-elastic-load-balancing-v2';
import { FakeS3 } from '../../../support/fake-s3.js';
import { makeCa, makeClientCredentials, makeCrl, makeIntermediateCa, type TestCa } from '../../../support/pki.js';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab } from './lib/lab.js';
import { waitFor } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';

// Mutual TLS end to end: HTTPS listeners of the embedded data plane, a trust store made through
// the API (its bundle and CRL served by a fake S3 upstream), real client certificates.

type Credentials = { pem: string; keyPem: string };
type Reply = { status: number; headers: Record<string, string> } | { error: string };

/** GET /headers over TLS with this client certificate (or none): the headers the target saw, or how the connection ended. */
function get(port: number, client?: Credentials, extraHeaders: Record<string, string> = {}, chain = ''): Promise<Reply> {
  return new Promise((resolve) => {
    const req = request({
      host: '127.0.0.1', port, path: '/headers', rejectUnauthorized: false, agent: false, headers: extraHeaders,
      ...(client ? { cert: chain ? `${client.pem}\n${chain}` : client.pem, key: client.keyPem } : {}),
    }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode!, headers: (JSON.parse(body) as { headers: Record<string, string> }).headers }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

const headersOf = (reply: Reply) => {
  assert.ok('status' in reply, `expected an answer, got ${JSON.stringify(reply)}`);
  assert.equal(reply.status, 200);
  return reply.headers;
};

describe('mutual TLS on HTTPS listeners of the embedded data plane', () => {
  const s3 = new FakeS3();
  let lab: Lab;
  let web: Target;
  let ca: TestCa;
  let storeArn: string;
  let verifyPort: number;
  let passthroughPort: number;
  let https: (port: number, mutual?: MutualAuthenticationAttributes) => Promise<string>;

  before(async () => {
    const upstream = await s3.listen();
    lab = await startLab({ KECS_UPSTREAM_URL: upstream });
    web = await startTarget('web');
    ca = await makeCa('Traffic mTLS CA');
    s3.put('pki', 'ca.pem', ca.pem);
    const store = await lab.elb.send(new CreateTrustStoreCommand({ Name: 'traffic', CaCertificatesBundleS3Bucket: 'pki', CaCertificatesBundleS3Key: 'ca.pem' }));
    storeArn = store.TrustStores![0].TrustStoreArn!;

    const lb = await lab.loadBalancer('mtls');
    const group = await lab.targetGroup('mtls-web', lb.vpcId);
    await lab.register(group, [web]);
    https = async (port, mutual) => (await lab.elb.send(new CreateListenerCommand({
      LoadBalancerArn: lb.arn, Protocol: 'HTTPS', Port: port, DefaultActions: forward(group), MutualAuthentication: mutual,
      Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-0000-0000-000000000000' }],
    }))).Listeners![0].ListenerArn!;
    verifyPort = await freePort();
    passthroughPort = await freePort();
    await https(verifyPort, { Mode: 'verify', TrustStoreArn: storeArn });
    await https(passthroughPort, { Mode: 'passthrough' });
    const client = await makeClientCredentials(ca, '01');
    await waitFor(async () => 'status' in await get(verifyPort, client) && 'status' in await get(passthroughPort, client), 10_000);
  });

  after(async () => {
    await lab?.close();
    await web?.close();
    await s3.close();
  });

  it('verify: a certificate from the trust store gets through, its facts in X-Amzn-Mtls headers; forged ones are replaced', async () => {
    const client = await makeClientCredentials(ca, '0a1b', { subject: 'O=Example, CN=alice' });
    const seen = headersOf(await get(verifyPort, client, { 'x-amzn-mtls-clientcert-subject': 'CN=mallory', 'x-amzn-mtls-clientcert': 'forged' }));
    assert.equal(seen['x-amzn-mtls-clientcert-serial-number'], '0A1B');
    assert.equal(seen['x-amzn-mtls-clientcert-subject'], 'CN=alice,O=Example');
    assert.equal(seen['x-amzn-mtls-clientcert-issuer'], 'CN=Traffic mTLS CA');
    assert.match(seen['x-amzn-mtls-clientcert-validity'], /^NotBefore=.+Z;NotAfter=.+Z$/);
    assert.match(seen['x-amzn-mtls-clientcert-leaf'], /^-----BEGIN%20CERTIFICATE-----%0A/);
    assert.equal(seen['x-amzn-mtls-clientcert'], undefined);
    assert.equal(seen['x-forwarded-proto'], 'https');
  });

  it('verify: an unknown certificate, or none, never reaches the target', async () => {
    const stranger = await makeClientCredentials(await makeCa('Stranger CA'), '0c');
    const before = web.seen.length;
    assert.ok('error' in await get(verifyPort, stranger));
    assert.ok('error' in await get(verifyPort));
    assert.equal(web.seen.length, before);
  });

  it('verify: a certificate is refused once AddTrustStoreRevocations lists it', async () => {
    const client = await makeClientCredentials(ca, '0bad');
    headersOf(await get(verifyPort, client));
    s3.put('pki', 'crl.pem', await makeCrl(ca, ['0bad']));
    await lab.elb.send(new AddTrustStoreRevocationsCommand({ TrustStoreArn: storeArn, RevocationContents: [{ S3Bucket: 'pki', S3Key: 'crl.pem' }] }));
    await waitFor(async () => 'error' in await get(verifyPort, client));
    // Another certificate of the same CA still gets through.
    headersOf(await get(verifyPort, await makeClientCredentials(ca, '0d')));
  });

  it('passthrough: any certificate chain gets through and reaches the target whole', async () => {
    const otherCa = await makeCa('Passthrough traffic CA');
    const intermediate = await makeIntermediateCa(otherCa, 'Passthrough traffic intermediate');
    const client = await makeClientCredentials(intermediate, '0e');
    const seen = headersOf(await get(passthroughPort, client, {}, intermediate.pem));
    const chain = decodeURIComponent(seen['x-amzn-mtls-clientcert']);
    assert.equal(chain.match(/-----BEGIN CERTIFICATE-----/g)?.length, 2);
    assert.equal(seen['x-amzn-mtls-clientcert-serial-number'], undefined);
    assert.equal(headersOf(await get(passthroughPort))['x-amzn-mtls-clientcert'], undefined);
  });

  it('ModifyListener turns verify on and off on a port already serving', async () => {
    const port = await freePort();
    const listenerArn = await https(port);
    await waitFor(async () => 'status' in await get(port), 10_000);
    const stranger = await makeClientCredentials(await makeCa('Late stranger CA'), '0f');
    await lab.elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, MutualAuthentication: { Mode: 'verify', TrustStoreArn: storeArn } }));
    await waitFor(async () => 'error' in await get(port, stranger));
    assert.equal(headersOf(await get(port, await makeClientCredentials(ca, '10')))['x-amzn-mtls-clientcert-serial-number'], '10');
    await lab.elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, MutualAuthentication: { Mode: 'off' } }));
    await waitFor(async () => 'status' in await get(port, stranger));
    assert.equal(headersOf(await get(port, stranger))['x-amzn-mtls-clientcert-serial-number'], undefined);
  });
});
