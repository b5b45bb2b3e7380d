import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ACMClient, ExportCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm';
import { AddListenerCertificatesCommand, CreateListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { freePort } from '../../../support/server.js';
import { startLab, type Lab, type LoadBalancer } from './lib/lab.js';
import { waitFor } from './lib/http.js';
import { httpsGet } from './lib/tls.js';

const MOTO_MISSING = spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status !== 0;

describe('HTTPS listener certificates from the upstream ACM (moto)', { skip: MOTO_MISSING && 'python3 cannot import moto.server: install moto[server] to run this suite' }, () => {
  let moto: ChildProcess | undefined;
  let lab: Lab;
  let acm: ACMClient;
  let alb: LoadBalancer;
  let port: number;
  let ca: string;
  let exported: { arn: string; certificate: string; chain: string };
  let namedArn: string;

  before(async () => {
    const motoPort = await freePort();
    moto = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(motoPort)], { stdio: 'ignore' });
    const upstream = `http://127.0.0.1:${motoPort}`;
    await waitFor(() => fetch(`${upstream}/moto-api/`).then((r) => r.ok), 30_000);
    acm = new ACMClient({ endpoint: upstream, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    // A private CA certificate: ACM lets it be exported with its key, so it is served as it is.
    const privateArn = (await acm.send(new RequestCertificateCommand({
      DomainName: 'private.example.com', CertificateAuthorityArn: 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012',
    }))).CertificateArn!;
    const out = await acm.send(new ExportCertificateCommand({ CertificateArn: privateArn, Passphrase: Buffer.from('test-passphrase') }));
    exported = { arn: privateArn, certificate: out.Certificate!, chain: out.CertificateChain! };
    // A public certificate: no key to be had, so the local CA issues one for its names.
    namedArn = (await acm.send(new RequestCertificateCommand({ DomainName: 'named.example.com', SubjectAlternativeNames: ['named.example.com', '*.named.example.com'] }))).CertificateArn!;

    lab = await startLab({ KECS_UPSTREAM_URL: upstream });
    ca = await (await fetch(`${lab.server.url}/_kecs/ca.pem`)).text();
    alb = await lab.loadBalancer('acm-alb');
    port = await freePort();
    const listener = (await lab.elb.send(new CreateListenerCommand({
      LoadBalancerArn: alb.arn, Protocol: 'HTTPS', Port: port,
      Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000' }],
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody: 'acm' } }],
    }))).Listeners![0].ListenerArn!;
    await lab.elb.send(new AddListenerCertificatesCommand({ ListenerArn: listener, Certificates: [{ CertificateArn: exported.arn }, { CertificateArn: namedArn }] }));
    // The list is served once the reload that AddListenerCertificates caused has asked ACM.
    await waitFor(async () => (await httpsGet(port, { servername: 'named.example.com', ca })).certificate.subjectaltname?.includes('named.example.com') === true, 15_000);
  });

  after(async () => {
    acm?.destroy();
    await lab?.close();
    moto?.kill();
  });

  it('serves an exportable ACM certificate with its own key', async () => {
    // moto's chain does not really sign its certificates: the certificate is compared, not verified.
    const answer = await httpsGet(port, { servername: 'private.example.com', ca: exported.chain, verify: false });
    assert.equal(answer.status, 200);
    assert.equal(answer.certificate.fingerprint256, new X509Certificate(exported.certificate).fingerprint256);
  });

  it('SNI picks the certificate list entry naming the host, wildcards included', async () => {
    const exact = await httpsGet(port, { servername: 'named.example.com', ca });
    assert.deepEqual((exact.certificate.subjectaltname ?? '').split(', ').sort(), ['DNS:*.named.example.com', 'DNS:named.example.com']);
    const wildcard = await httpsGet(port, { servername: 'www.named.example.com', ca });
    assert.equal(wildcard.certificate.fingerprint256, exact.certificate.fingerprint256);
  });

  it('a host no certificate names gets the default certificate: unknown to ACM, issued by the local CA for the DNS name', async () => {
    const answer = await httpsGet(port, { servername: alb.dnsName, ca });
    assert.equal(answer.status, 200);
    assert.equal(answer.certificate.subjectaltname, `DNS:${alb.dnsName}`);
  });
});
