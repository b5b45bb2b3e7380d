import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import type { MutualAuthenticationAttributes } from '@aws-sdk/client-elastic-load-balancing-v2';
import { X509Certificate } from 'node:crypto';
import { handler as addRevocations } from '../../../../handlers/elbv2/AddTrustStoreRevocations.js';
import { handler as createListener } from '../../../../handlers/elbv2/CreateListener.js';
import { handler as createTrustStore } from '../../../../handlers/elbv2/CreateTrustStore.js';
import { handler as modifyListener } from '../../../../handlers/elbv2/ModifyListener.js';
import { handler as modifyTrustStore } from '../../../../handlers/elbv2/ModifyTrustStore.js';
import { handler as removeRevocations } from '../../../../handlers/elbv2/RemoveTrustStoreRevocations.js';
import { serveTable } from '../../../../gateway/traffic/dataplane/served-table.js';
import { checkClientCertificate } from '../../../../gateway/traffic/dataplane/tls/mutual-auth.js';
import { compileRouteTable } from '../../../../gateway/traffic/route-table/compile.js';
import { loadRoutingState } from '../../../../gateway/traffic/route-table/load-state.js';
import { testContext } from '../../../support/context.js';
import { FakeS3 } from '../../../support/fake-s3.js';
import { makeCa, makeClientCertificate, makeCrl, type TestCa } from '../../../support/pki.js';
import { fixedResponse, makeLoadBalancer, routingVersion } from './fixtures.js';

const BUCKET = 'pki';

// Mutual TLS reaches the data plane through the route table: a listener's mode and its trust
// store's CAs and revocation lists, reloaded whenever a store a listener uses changes.
describe('trust stores in the route table', () => {
  const kit = testContext();
  const s3 = new FakeS3();
  let ca: TestCa;
  let otherCa: TestCa;
  before(async () => {
    [ca, otherCa] = await Promise.all([makeCa('Routing CA'), makeCa('Routing Other CA')]);
  });
  beforeEach(() => {
    s3.clear();
    s3.put(BUCKET, 'ca.pem', ca.pem);
    s3.put(BUCKET, 'other.pem', otherCa.pem);
  });

  async function makeStore(name: string): Promise<string> {
    const { TrustStores = [] } = await createTrustStore({ Name: name, CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'ca.pem' }, kit.ctx(), s3);
    return TrustStores[0].TrustStoreArn!;
  }

  async function httpsListener(lbArn: string, port: number, mutual?: MutualAuthenticationAttributes): Promise<string> {
    const { Listeners = [] } = await createListener({
      LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: port, Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/c' }],
      DefaultActions: [fixedResponse()], MutualAuthentication: mutual as never,
    }, kit.ctx());
    return Listeners[0].ListenerArn!;
  }

  const table = async () => compileRouteTable(await loadRoutingState(kit.database.db));

  it('carries each listener\'s mode and the verified trust store, with its lists and their issuers', async () => {
    const storeArn = await makeStore('verified');
    await makeStore('unused');
    s3.put(BUCKET, 'crl.pem', await makeCrl(ca, ['0bad']));
    await addRevocations({ TrustStoreArn: storeArn, RevocationContents: [{ S3Bucket: BUCKET, S3Key: 'crl.pem', RevocationType: 'CRL' }] }, kit.ctx(), s3);
    const lbArn = await makeLoadBalancer(kit.ctx(), 'mtls');
    const verifyArn = await httpsListener(lbArn, 443, { Mode: 'verify', TrustStoreArn: storeArn, IgnoreClientCertificateExpiry: true, AdvertiseTrustStoreCaNames: 'on' });
    const passArn = await httpsListener(lbArn, 8443, { Mode: 'passthrough' });
    const offArn = await httpsListener(lbArn, 9443, { Mode: 'off' });

    const routed = await table();
    const listeners = Object.fromEntries(routed.loadBalancers[0].listeners.map((listener) => [listener.arn, listener.mutualAuthentication]));
    assert.deepEqual(listeners[verifyArn], { mode: 'verify', trustStoreArn: storeArn, ignoreClientCertificateExpiry: true, advertiseTrustStoreCaNames: true });
    assert.deepEqual(listeners[passArn], { mode: 'passthrough' });
    assert.equal(listeners[offArn], undefined);
    // Only the store a listener verifies against is read.
    assert.deepEqual(Object.keys(routed.trustStores ?? {}), [storeArn]);
    assert.deepEqual(routed.trustStores![storeArn], { caCertificatesBundle: ca.pem, revocations: [{ issuer: 'CN=Routing CA', serials: ['0bad'] }] });

    const served = serveTable(routed).listeners.find((listener) => listener.arn === verifyArn)!;
    assert.equal(served.mutualAuth?.mode, 'verify');
    const check = (pem: string) => checkClientCertificate(served.mutualAuth!, [new X509Certificate(pem)]);
    assert.equal(check(await makeClientCertificate(ca, '0c')).accepted, true);
    assert.deepEqual(check(await makeClientCertificate(ca, '0bad')), { accepted: false, reason: 'ClientCertCrlHit' });
  });

  it('changes to a store a listener verifies against bump the routing version; to an unused store they do not', async () => {
    const usedArn = await makeStore('used');
    const unusedArn = await makeStore('idle');
    const lbArn = await makeLoadBalancer(kit.ctx(), 'bumps');
    await httpsListener(lbArn, 443, { Mode: 'verify', TrustStoreArn: usedArn });
    s3.put(BUCKET, 'crl.pem', await makeCrl(ca, ['01']));
    const add = (arn: string) => addRevocations({ TrustStoreArn: arn, RevocationContents: [{ S3Bucket: BUCKET, S3Key: 'crl.pem' }] }, kit.ctx(), s3);

    let version = await routingVersion(kit.database);
    const [added] = (await add(usedArn)).TrustStoreRevocations!;
    assert.equal(await routingVersion(kit.database), ++version, 'AddTrustStoreRevocations');
    await removeRevocations({ TrustStoreArn: usedArn, RevocationIds: [added.RevocationId!] }, kit.ctx());
    assert.equal(await routingVersion(kit.database), ++version, 'RemoveTrustStoreRevocations');
    await modifyTrustStore({ TrustStoreArn: usedArn, CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'other.pem' }, kit.ctx(), s3);
    assert.equal(await routingVersion(kit.database), ++version, 'ModifyTrustStore');
    assert.equal((await table()).trustStores![usedArn].caCertificatesBundle, otherCa.pem);

    await add(unusedArn);
    await modifyTrustStore({ TrustStoreArn: unusedArn, CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'other.pem' }, kit.ctx(), s3);
    assert.equal(await routingVersion(kit.database), version, 'an unused store changes nothing served');
  });

  it('a listener switched from verify to passthrough drops the store from the table', async () => {
    const storeArn = await makeStore('switch');
    const lbArn = await makeLoadBalancer(kit.ctx(), 'switch');
    const listenerArn = await httpsListener(lbArn, 443, { Mode: 'verify', TrustStoreArn: storeArn });
    assert.ok((await table()).trustStores?.[storeArn]);
    await modifyListener({ ListenerArn: listenerArn, MutualAuthentication: { Mode: 'passthrough' } }, kit.ctx());
    const routed = await table();
    assert.equal(routed.trustStores, undefined);
    assert.deepEqual(routed.loadBalancers[0].listeners[0].mutualAuthentication, { mode: 'passthrough' });
  });
});
