import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AddListenerCertificatesCommand,
  DeleteListenerCommand,
  DescribeListenerCertificatesCommand,
  RemoveListenerCertificatesCommand,
  type Certificate,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { albWithListener, createListener, createLoadBalancer, forward } from './listener-fixtures.js';
import { createTargetGroup } from './target-group-fixtures.js';

const cert = (n: number | string) => `arn:aws:acm:us-east-1:000000000000:certificate/cert-${n}`;
const certs = (...ns: Array<number | string>): Certificate[] => ns.map((n) => ({ CertificateArn: cert(n) }));
const listed = (...ns: Array<number | string>): Certificate[] => ns.map((n) => ({ CertificateArn: cert(n), IsDefault: false }));

describe('listener certificates through the SDK', () => {
  const { gw, elb } = useTestGateway();

  /** An ALB with an HTTPS:443 listener whose default certificate is cert('default'). */
  async function httpsListener(name = 'secure'): Promise<{ lbArn: string; tgArn: string; listenerArn: string }> {
    const lbArn = await createLoadBalancer(gw, name);
    const tgArn = await createTargetGroup(gw, `${name}-tg`);
    const listener = await createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: 443, Certificates: certs('default'), DefaultActions: [forward(tgArn)] });
    return { lbArn, tgArn, listenerArn: listener.ListenerArn! };
  }
  const describeAll = async (ListenerArn: string) => (await elb.send(new DescribeListenerCertificatesCommand({ ListenerArn }))).Certificates;
  const add = (ListenerArn: string, Certificates: Certificate[]) => elb.send(new AddListenerCertificatesCommand({ ListenerArn, Certificates }));
  const remove = (ListenerArn: string, Certificates: Certificate[]) => elb.send(new RemoveListenerCertificatesCommand({ ListenerArn, Certificates }));

  it('adds, describes (list first, default last) and removes certificates', async () => {
    const { listenerArn } = await httpsListener();
    assert.deepEqual(await describeAll(listenerArn), [{ CertificateArn: cert('default'), IsDefault: true }]);
    assert.deepEqual((await add(listenerArn, certs(1))).Certificates, listed(1));
    gw.clock.advance(1000);
    assert.deepEqual((await add(listenerArn, certs(2))).Certificates, listed(2));
    // The order of the AWS CLI's describe-listener-certificates example: the list, then the default.
    assert.deepEqual(await describeAll(listenerArn), [...listed(1, 2), { CertificateArn: cert('default'), IsDefault: true }]);
    await remove(listenerArn, certs(1));
    assert.deepEqual(await describeAll(listenerArn), [...listed(2), { CertificateArn: cert('default'), IsDefault: true }]);
  });

  it('adds a certificate already listed as a no-op, and the default one as a second entry', async () => {
    const { listenerArn } = await httpsListener();
    await add(listenerArn, certs(1, 1));
    await add(listenerArn, certs(1));
    await add(listenerArn, certs('default'));
    const rows = await gw.database.db.selectFrom('listener_certificates').select('certificate_arn').where('listener_arn', '=', listenerArn).execute();
    assert.equal(rows.length, 2);
    // API reference: a default certificate also in the list appears twice.
    assert.deepEqual((await describeAll(listenerArn))!.filter((c) => c.CertificateArn === cert('default')).map((c) => c.IsDefault).sort(), [false, true]);
  });

  it('refuses to remove the default certificate, and reports certificates not in the list', async () => {
    const { listenerArn } = await httpsListener();
    await add(listenerArn, certs(1, 'default'));
    await assert.rejects(remove(listenerArn, certs('default')), { name: 'OperationNotPermittedException', message: 'Default certificate cannot be removed' });
    await assert.rejects(remove(listenerArn, certs(1, 9)), { name: 'CertificateNotFoundException', message: `Certificate '${cert(9)}' not found` });
    // All or nothing: cert 1 is still listed.
    assert.deepEqual((await describeAll(listenerArn))!.map((c) => c.CertificateArn), [cert(1), cert('default'), cert('default')]);
    await assert.rejects(add(listenerArn, [{ CertificateArn: cert(3), IsDefault: true }]), { name: 'ValidationError', message: /isDefault/ });
    await assert.rejects(add(listenerArn, [{ IsDefault: false }]), { name: 'ValidationError', message: /certificate ARN must be specified/ });
  });

  it('counts 25 certificates per load balancer across its listeners, default ones excluded', async () => {
    const { lbArn, tgArn, listenerArn } = await httpsListener();
    const other = await createListener(gw, { LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: 8443, Certificates: certs('other'), DefaultActions: [forward(tgArn)] });
    await add(listenerArn, certs(...Array.from({ length: 24 }, (_, i) => i + 1)));
    await add(other.ListenerArn!, certs(1, 2, 25));
    await assert.rejects(add(listenerArn, certs(26)), { name: 'TooManyCertificatesException', message: 'The maximum number of certificates has been reached' });
    await assert.rejects(add(other.ListenerArn!, certs(26, 3)), { name: 'TooManyCertificatesException' });
    assert.equal((await describeAll(other.ListenerArn!))!.length, 4);
    // Certificates already on the load balancer cost nothing.
    await add(listenerArn, certs(25));
    // Removing a certificate still listed on the other listener frees nothing; removing the last use does.
    await remove(other.ListenerArn!, certs(1));
    await assert.rejects(add(other.ListenerArn!, certs(26)), { name: 'TooManyCertificatesException' });
    await remove(listenerArn, certs(3));
    await add(other.ListenerArn!, certs(26));
  });

  it('takes HTTPS and TLS listeners only, and answers ListenerNotFound for unknown ones', async () => {
    const { listener } = await albWithListener(gw, 'plain');
    await assert.rejects(add(listener.ListenerArn!, certs(1)), { name: 'ValidationError', message: 'Certificates cannot be added to HTTP listeners' });
    assert.deepEqual(await describeAll(listener.ListenerArn!), []);
    const nlb = await createLoadBalancer(gw, 'nlb', 'network');
    const tcpTg = await createTargetGroup(gw, 'tcp-tg', { Protocol: 'TCP' });
    const tls = await createListener(gw, { LoadBalancerArn: nlb, Protocol: 'TLS', Port: 443, Certificates: certs('default'), DefaultActions: [forward(tcpTg)] });
    assert.deepEqual((await add(tls.ListenerArn!, certs(1))).Certificates, listed(1));
    const unknown = `${listener.ListenerArn!.slice(0, -16)}0123456789abcdef`;
    await assert.rejects(add(unknown, certs(1)), { name: 'ListenerNotFoundException' });
    await assert.rejects(remove(unknown, certs(1)), { name: 'ListenerNotFoundException' });
    await assert.rejects(describeAll(unknown), { name: 'ListenerNotFoundException' });
    await assert.rejects(describeAll('not-an-arn'), { name: 'ValidationError' });
  });

  it('drops the certificate list with its listener', async () => {
    const { listenerArn } = await httpsListener();
    await add(listenerArn, certs(1, 2));
    await elb.send(new DeleteListenerCommand({ ListenerArn: listenerArn }));
    assert.deepEqual(await gw.database.db.selectFrom('listener_certificates').selectAll().execute(), []);
    await assert.rejects(describeAll(listenerArn), { name: 'ListenerNotFoundException' });
  });

  it('pages with Marker and PageSize', async () => {
    const { listenerArn } = await httpsListener();
    await add(listenerArn, certs(1, 2, 3, 4));
    const seen: Certificate[] = [];
    let Marker: string | undefined;
    do {
      const page = await elb.send(new DescribeListenerCertificatesCommand({ ListenerArn: listenerArn, PageSize: 2, Marker }));
      assert.ok(page.Certificates!.length <= 2);
      seen.push(...page.Certificates!);
      Marker = page.NextMarker;
    } while (Marker);
    assert.deepEqual(seen, [...listed(1, 2, 3, 4), { CertificateArn: cert('default'), IsDefault: true }]);
    await assert.rejects(elb.send(new DescribeListenerCertificatesCommand({ ListenerArn: listenerArn, Marker: 'bogus' })), { name: 'ValidationError' });
  });
});
