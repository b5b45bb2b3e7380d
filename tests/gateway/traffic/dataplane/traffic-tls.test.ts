import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CreateListenerCommand, CreateTargetGroupCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startInProcessGateway } from '../../../support/in-process-gateway.js';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab, type LoadBalancer } from './lib/lab.js';
import { waitFor } from './lib/http.js';
import { startTarget, type Target } from './lib/targets.js';
import { h2Get, httpsGet, startHttpsTarget, startTlsEchoTarget, tlsConverse, type TlsTarget } from './lib/tls.js';

const CERT = (id: string) => `arn:aws:acm:us-east-1:000000000000:certificate/${id}`;
const host = (value: string) => [{ Field: 'host-header', HostHeaderConfig: { Values: [value] } }];

describe('TLS termination on HTTPS and TLS listener ports', () => {
  let lab: Lab;
  let ca: string;
  let web: Target;
  let secureWeb: TlsTarget;
  let tlsEcho: TlsTarget;
  let alb: LoadBalancer;
  let other: LoadBalancer;
  let nlb: LoadBalancer;
  let httpsPort: number;
  let nlbPort: number;
  let httpsListener: string;

  before(async () => {
    lab = await startLab();
    web = await startTarget('web');
    secureWeb = await startHttpsTarget('secure-web');
    tlsEcho = await startTlsEchoTarget('echo');

    alb = await lab.loadBalancer('tls-alb');
    const plain = await lab.targetGroup('tls-plain', alb.vpcId);
    await lab.register(plain, [web]);
    const secure = (await lab.elb.send(new CreateTargetGroupCommand({ Name: 'tls-secure', Protocol: 'HTTPS', Port: 443, VpcId: alb.vpcId, TargetType: 'ip' }))).TargetGroups![0].TargetGroupArn!;
    await lab.elb.send(new RegisterTargetsCommand({ TargetGroupArn: secure, Targets: [{ Id: '127.0.0.1', Port: secureWeb.port }] }));
    httpsPort = await freePort();
    httpsListener = (await lab.elb.send(new CreateListenerCommand({
      LoadBalancerArn: alb.arn, Protocol: 'HTTPS', Port: httpsPort, Certificates: [{ CertificateArn: CERT('default') }], DefaultActions: forward(plain),
    }))).Listeners![0].ListenerArn!;
    await lab.rule(httpsListener, 1, host('secure.example.com'), forward(secure));

    // A second ALB on the same HTTPS port: SNI (then Host) tells the two apart.
    other = await lab.loadBalancer('tls-other');
    await lab.elb.send(new CreateListenerCommand({
      LoadBalancerArn: other.arn, Protocol: 'HTTPS', Port: httpsPort, Certificates: [{ CertificateArn: CERT('other') }],
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', ContentType: 'text/plain', MessageBody: 'other' } }],
    }));

    nlb = await lab.loadBalancer('tls-nlb', 'network');
    const echoGroup = (await lab.elb.send(new CreateTargetGroupCommand({ Name: 'tls-echo', Protocol: 'TLS', Port: 443, VpcId: nlb.vpcId, TargetType: 'ip' }))).TargetGroups![0].TargetGroupArn!;
    await lab.elb.send(new RegisterTargetsCommand({ TargetGroupArn: echoGroup, Targets: [{ Id: '127.0.0.1', Port: tlsEcho.port }] }));
    nlbPort = await freePort();
    await lab.elb.send(new CreateListenerCommand({
      LoadBalancerArn: nlb.arn, Protocol: 'TLS', Port: nlbPort, Certificates: [{ CertificateArn: CERT('nlb') }], AlpnPolicy: ['HTTP2Preferred'],
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', DefaultActions: forward(echoGroup),
    }));

    const answer = await fetch(`${lab.server.url}/_kecs/ca.pem`);
    assert.equal(answer.status, 200);
    ca = await answer.text();
    // Every listener served with its final certificate (the rule's host name included).
    await waitFor(async () => (await httpsGet(httpsPort, { servername: alb.dnsName, ca })).certificate.subjectaltname?.includes('secure.example.com') === true
      && (await httpsGet(httpsPort, { servername: other.dnsName, ca })).body === 'other'
      && (await tlsConverse(nlbPort, { servername: nlb.dnsName, ca })).received !== '', 20_000);
  });

  after(async () => {
    await lab?.close();
    await Promise.all([web?.close(), secureWeb?.close(), tlsEcho?.close()]);
  });

  it('serves the CA certificate at /_kecs/ca.pem', () => {
    assert.match(ca, /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
  });

  it('answers HTTPS on the listener port with a certificate for the DNS name and rule hosts, issued by the CA', async () => {
    const answer = await httpsGet(httpsPort, { servername: alb.dnsName, ca, path: '/hello' });
    assert.equal(answer.status, 200);
    const seen = JSON.parse(answer.body) as { target: string; headers: Record<string, string> };
    assert.equal(seen.target, 'web');
    assert.equal(seen.headers['x-forwarded-proto'], 'https');
    assert.equal(seen.headers['x-forwarded-port'], String(httpsPort));
    assert.equal(seen.headers.host, alb.dnsName);
    const names = (answer.certificate.subjectaltname ?? '').split(', ').sort();
    assert.deepEqual(names, [`DNS:${alb.dnsName}`, 'DNS:secure.example.com'].sort());
  });

  it('SNI picks the load balancer sharing the port, and its certificate', async () => {
    const answer = await httpsGet(httpsPort, { servername: other.dnsName, ca });
    assert.equal(answer.status, 200);
    assert.equal(answer.body, 'other');
    assert.equal(answer.certificate.subjectaltname, `DNS:${other.dnsName}`);
  });

  it('speaks HTTP/2 when the client offers h2, and HTTP/1.1 when it does not', async () => {
    const h2 = await h2Get(httpsPort, { servername: alb.dnsName, ca, path: '/over-h2?x=1' });
    assert.equal(h2.alpn, 'h2');
    assert.equal(h2.status, 200);
    const seen = JSON.parse(h2.body) as { target: string; headers: Record<string, string> };
    assert.equal(seen.target, 'web');
    // :authority becomes Host, as the client sent it (with the port).
    assert.equal(seen.headers.host, `${alb.dnsName}:${httpsPort}`);
    assert.equal(seen.headers['x-forwarded-proto'], 'https');
    assert.ok(!Object.keys(seen.headers).some((name) => name.startsWith(':')), 'no pseudo-header reaches the target');
    assert.ok(web.seen.some((s) => s.url === '/over-h2?x=1'));
    const h1 = await httpsGet(httpsPort, { servername: alb.dnsName, ca });
    assert.notEqual(h1.alpn, 'h2');
  });

  it('reaches an HTTPS target group over TLS, whatever its certificate', async () => {
    const answer = await httpsGet(httpsPort, { servername: 'secure.example.com', ca, path: '/secure' });
    assert.equal(answer.status, 200);
    const seen = JSON.parse(answer.body) as { target: string; encrypted: boolean };
    assert.deepEqual([seen.target, seen.encrypted], ['secure-web', true]);
    // The listener's certificate names the rule's host, so the client verified it.
    assert.match(answer.certificate.subjectaltname ?? '', /DNS:secure\.example\.com/);
  });

  it('terminates TLS on an NLB TLS listener with its ALPN policy and relays to a TLS target group over TLS', async () => {
    const answer = await tlsConverse(nlbPort, { servername: nlb.dnsName, ca, alpn: ['http/1.1', 'h2'] });
    assert.equal(answer.received, 'echo:tls:hello');
    assert.equal(answer.alpn, 'h2');
    assert.equal(answer.certificate.subjectaltname, `DNS:${nlb.dnsName}`);
  });

  it('curl trusts the listener with --cacert', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'kecs-ca-'));
    try {
      await writeFile(join(dir, 'ca.pem'), ca);
      const run = promisify(execFile);
      const { stdout } = await run('curl', ['-sS', '--http2', '--cacert', join(dir, 'ca.pem'), '--resolve', `${alb.dnsName}:${httpsPort}:127.0.0.1`,
        '-o', '/dev/null', '-w', '%{http_code} %{http_version}', `https://${alb.dnsName}:${httpsPort}/curl`]);
      assert.equal(stdout, '200 2');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') t.skip('curl is not installed');
      else throw error;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a restarted gateway serves the same certificate, kept in Postgres', async () => {
    const before = (await httpsGet(httpsPort, { servername: alb.dnsName, ca })).certificate.fingerprint256;
    await lab.server.stop();
    const restarted = await startInProcessGateway(lab.database);
    try {
      let after = '';
      await waitFor(async () => {
        after = (await httpsGet(httpsPort, { servername: alb.dnsName, ca })).certificate.fingerprint256;
        return true;
      }, 10_000);
      assert.equal(after, before);
      assert.equal(await (await fetch(`${restarted.url}/_kecs/ca.pem`)).text(), ca);
    } finally {
      await restarted.stop();
    }
  });
});
