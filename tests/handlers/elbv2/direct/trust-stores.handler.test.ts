import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { HttpRequest } from '@smithy/protocol-http';
import type { Context } from '../../../../gateway/api/service.js';
import { createTrustStoreDownloads } from '../../../../gateway/api/trust-store-downloads.js';
import { handler as addTags } from '../../../../handlers/elbv2/AddTags.js';
import { handler as addRevocations } from '../../../../handlers/elbv2/AddTrustStoreRevocations.js';
import { handler as createListener } from '../../../../handlers/elbv2/CreateListener.js';
import { handler as createTrustStore } from '../../../../handlers/elbv2/CreateTrustStore.js';
import { handler as deleteListener } from '../../../../handlers/elbv2/DeleteListener.js';
import { handler as deleteLoadBalancer } from '../../../../handlers/elbv2/DeleteLoadBalancer.js';
import { handler as deleteShared } from '../../../../handlers/elbv2/DeleteSharedTrustStoreAssociation.js';
import { handler as deleteTrustStore } from '../../../../handlers/elbv2/DeleteTrustStore.js';
import { handler as describeTags } from '../../../../handlers/elbv2/DescribeTags.js';
import { handler as describeAssociations } from '../../../../handlers/elbv2/DescribeTrustStoreAssociations.js';
import { handler as describeRevocations } from '../../../../handlers/elbv2/DescribeTrustStoreRevocations.js';
import { handler as describeTrustStores } from '../../../../handlers/elbv2/DescribeTrustStores.js';
import { handler as getBundle } from '../../../../handlers/elbv2/GetTrustStoreCaCertificatesBundle.js';
import { handler as getRevocationContent } from '../../../../handlers/elbv2/GetTrustStoreRevocationContent.js';
import { handler as modifyListener } from '../../../../handlers/elbv2/ModifyListener.js';
import { handler as modifyTrustStore } from '../../../../handlers/elbv2/ModifyTrustStore.js';
import { handler as removeRevocations } from '../../../../handlers/elbv2/RemoveTrustStoreRevocations.js';
import { MAX_CA_CERTIFICATES } from '../../../../handlers/elbv2/lib/trust-store-bundle.js';
import { MAX_REVOCATION_ENTRIES, MAX_REVOCATION_LISTS } from '../../../../handlers/elbv2/lib/trust-store-revocations.js';
import { MAX_TRUST_STORES } from '../../../../handlers/elbv2/lib/trust-stores.js';
import { testContext } from '../../../support/context.js';
import { FakeS3 } from '../../../support/fake-s3.js';
import { makeCa, makeClientCertificate, makeCrl, type TestCa } from '../../../support/pki.js';
import { fixedResponse, makeLoadBalancer } from './fixtures.js';

const MISSING_STORE = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:truststore/gone/0123456789abcdef';
const BUCKET = 'pki';

describe('trust store handlers, called directly', () => {
  const kit = testContext();
  const s3 = new FakeS3();
  let ca: TestCa;
  let otherCa: TestCa;
  before(async () => {
    [ca, otherCa] = await Promise.all([makeCa('Test CA'), makeCa('Other CA')]);
  });
  beforeEach(() => {
    s3.clear();
    s3.put(BUCKET, 'ca.pem', ca.pem);
    s3.put(BUCKET, 'both.pem', `# two CAs\n${ca.pem}\n${otherCa.pem}`);
  });

  async function makeStore(name = 'store', key = 'ca.pem', ctx: Context = kit.ctx()): Promise<string> {
    const { TrustStores = [] } = await createTrustStore({ Name: name, CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: key }, ctx, s3);
    return TrustStores[0].TrustStoreArn!;
  }

  async function addCrl(storeArn: string, key: string, body: Buffer) {
    s3.put(BUCKET, key, body);
    return (await addRevocations({ TrustStoreArn: storeArn, RevocationContents: [{ S3Bucket: BUCKET, S3Key: key, RevocationType: 'CRL' }] }, kit.ctx(), s3)).TrustStoreRevocations!;
  }

  /** The listener's mutual-auth settings as the handler's schema types them (Mode is an enum there). */
  type MutualAuthentication = Parameters<typeof createListener>[0]['MutualAuthentication'];

  async function httpsListener(lbArn: string, mutual?: MutualAuthentication, port = 443): Promise<string> {
    const { Listeners = [] } = await createListener({
      LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: port, Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/c' }],
      DefaultActions: [fixedResponse()], MutualAuthentication: mutual,
    }, kit.ctx());
    return Listeners[0].ListenerArn!;
  }

  describe('CreateTrustStore', () => {
    it('reads the bundle, counts its CA certificates and is ACTIVE at once', async () => {
      const { TrustStores = [] } = await createTrustStore({
        Name: 'my-store', CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'both.pem', Tags: [{ Key: 'env', Value: 'dev' }],
      }, kit.ctx(), s3);
      const [store] = TrustStores;
      assert.match(store.TrustStoreArn!, /^arn:aws:elasticloadbalancing:us-east-1:000000000000:truststore\/my-store\/[0-9a-f]{16}$/);
      assert.deepEqual(store, { Name: 'my-store', TrustStoreArn: store.TrustStoreArn, Status: 'ACTIVE', NumberOfCaCertificates: 2, TotalRevokedEntries: 0 });
      const { TagDescriptions = [] } = await describeTags({ ResourceArns: [store.TrustStoreArn!] }, kit.ctx());
      assert.deepEqual(TagDescriptions[0].Tags, [{ Key: 'env', Value: 'dev' }]);
    });

    it('reads the object version asked for', async () => {
      s3.put(BUCKET, 'versioned.pem', ca.pem, 'v1');
      const arn = await makeStore('versioned', 'versioned.pem').catch((error: { code: string }) => error.code);
      assert.equal(arn, 'CaCertificatesBundleNotFound');
      const { TrustStores = [] } = await createTrustStore({
        Name: 'versioned', CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'versioned.pem', CaCertificatesBundleS3ObjectVersion: 'v1',
      }, kit.ctx(), s3);
      assert.equal(TrustStores[0].NumberOfCaCertificates, 1);
    });

    it('answers CaCertificatesBundleNotFound for a missing object, and without an upstream S3', async () => {
      await assert.rejects(makeStore('a', 'nothing.pem'), { code: 'CaCertificatesBundleNotFound', message: /s3:\/\/pki\/nothing\.pem/ });
      // The test gateway has no KECS_UPSTREAM_URL: the default reader finds nothing.
      await assert.rejects(createTrustStore({ Name: 'a', CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'ca.pem' }, kit.ctx()), {
        code: 'CaCertificatesBundleNotFound', message: /could not be read/,
      });
    });

    it('answers InvalidCaCertificatesBundle for what is not a bundle of CA certificates', async () => {
      const leaf = await makeClientCertificate(ca, '0a');
      const cases: Array<[string, string, RegExp]> = [
        ['empty.pem', '', /no PEM certificate/],
        ['text.pem', 'hello', /no PEM certificate/],
        ['leaf.pem', `${ca.pem}${leaf}`, /certificate 2 \('CN=client-0a'\) is not a CA certificate/],
        ['corrupt.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', /certificate 1 is not a valid X\.509 certificate/],
        ['key.pem', `${ca.pem}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`, /PEM block 'PRIVATE KEY'/],
        ['many.pem', ca.pem.repeat(MAX_CA_CERTIFICATES + 1), /contains 26 certificates; a trust store takes at most 25/],
      ];
      for (const [key, body, message] of cases) {
        s3.put(BUCKET, key, body);
        await assert.rejects(makeStore('bad', key), { code: 'InvalidCaCertificatesBundle', message }, key);
      }
      s3.put(BUCKET, 'binary.pem', Buffer.from([0xff, 0xfe, 0x00]));
      await assert.rejects(makeStore('bad', 'binary.pem'), { code: 'InvalidCaCertificatesBundle', message: /not PEM text/ });
      assert.deepEqual((await describeTrustStores({}, kit.ctx())).TrustStores, []);
    });

    it('answers DuplicateTrustStoreName for a name in use, in the same Region only', async () => {
      await makeStore('dup');
      await assert.rejects(makeStore('dup'), { code: 'DuplicateTrustStoreName' });
      await makeStore('dup', 'ca.pem', kit.ctx({ region: 'eu-west-1' }));
    });

    it(`allows ${MAX_TRUST_STORES} trust stores per Region, then TooManyTrustStores`, async () => {
      for (let i = 0; i < MAX_TRUST_STORES; i++) await makeStore(`s${i}`);
      await assert.rejects(makeStore('one-more'), { code: 'TooManyTrustStores' });
    });
  });

  describe('DescribeTrustStores', () => {
    it('finds stores by ARN and by name, pages them, and answers TrustStoreNotFound for unknown ones', async () => {
      const a = await makeStore('a');
      const b = await makeStore('b');
      const c = await makeStore('c');
      const byArn = await describeTrustStores({ TrustStoreArns: [c, a] }, kit.ctx());
      assert.deepEqual(byArn.TrustStores?.map((s) => s.Name), ['c', 'a']);
      assert.deepEqual((await describeTrustStores({ Names: ['b'] }, kit.ctx())).TrustStores?.map((s) => s.TrustStoreArn), [b]);
      const first = await describeTrustStores({ PageSize: 2 }, kit.ctx());
      assert.deepEqual(first.TrustStores?.map((s) => s.Name), ['a', 'b']);
      const second = await describeTrustStores({ PageSize: 2, Marker: first.NextMarker }, kit.ctx());
      assert.deepEqual(second.TrustStores?.map((s) => s.Name), ['c']);
      assert.equal(second.NextMarker, undefined);
      await assert.rejects(describeTrustStores({ TrustStoreArns: [MISSING_STORE] }, kit.ctx()), { code: 'TrustStoreNotFound' });
      await assert.rejects(describeTrustStores({ Names: ['a', 'nope'] }, kit.ctx()), { code: 'TrustStoreNotFound' });
      await assert.rejects(describeTrustStores({ TrustStoreArns: ['arn:aws:elasticloadbalancing:us-east-1:000000000000:truststore/bad'] }, kit.ctx()), { code: 'ValidationError' });
      // Another Region's store is not the caller's.
      await assert.rejects(describeTrustStores({ TrustStoreArns: [a] }, kit.ctx({ region: 'eu-west-1' })), { code: 'TrustStoreNotFound' });
    });
  });

  describe('ModifyTrustStore', () => {
    it('replaces the bundle and keeps the revocation lists', async () => {
      const arn = await makeStore();
      await addCrl(arn, 'crl.pem', await makeCrl(ca, ['0a', '0b']));
      const { TrustStores = [] } = await modifyTrustStore({ TrustStoreArn: arn, CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'both.pem' }, kit.ctx(), s3);
      assert.deepEqual(TrustStores[0], { Name: 'store', TrustStoreArn: arn, Status: 'ACTIVE', NumberOfCaCertificates: 2, TotalRevokedEntries: 2 });
    });

    it('answers TrustStoreNotFound before reading S3, and the bundle errors after', async () => {
      await assert.rejects(modifyTrustStore({ TrustStoreArn: MISSING_STORE, CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'nothing' }, kit.ctx(), s3), { code: 'TrustStoreNotFound' });
      const arn = await makeStore();
      await assert.rejects(modifyTrustStore({ TrustStoreArn: arn, CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'nothing' }, kit.ctx(), s3), { code: 'CaCertificatesBundleNotFound' });
      s3.put(BUCKET, 'leaf.pem', await makeClientCertificate(ca, '0c'));
      await assert.rejects(modifyTrustStore({ TrustStoreArn: arn, CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'leaf.pem' }, kit.ctx(), s3), { code: 'InvalidCaCertificatesBundle' });
      assert.equal((await describeTrustStores({ TrustStoreArns: [arn] }, kit.ctx())).TrustStores?.[0].NumberOfCaCertificates, 1);
    });
  });

  describe('revocations', () => {
    it('adds PEM and DER CRLs with ids 1, 2…, counts their entries, and never reuses an id', async () => {
      const arn = await makeStore();
      const added = await addCrl(arn, 'one.pem', await makeCrl(ca, ['0a', '0b', '0c']));
      assert.deepEqual(added, [{ TrustStoreArn: arn, RevocationId: 1, RevocationType: 'CRL', NumberOfRevokedEntries: 3 }]);
      const der = await addCrl(arn, 'two.der', await makeCrl(ca, ['1a'], { format: 'der' }));
      assert.equal(der[0].RevocationId, 2);
      assert.equal((await describeTrustStores({ TrustStoreArns: [arn] }, kit.ctx())).TrustStores?.[0].TotalRevokedEntries, 4);
      await removeRevocations({ TrustStoreArn: arn, RevocationIds: [2] }, kit.ctx());
      const again = await addCrl(arn, 'three.pem', await makeCrl(ca, []));
      assert.deepEqual(again.map((r) => [r.RevocationId, r.NumberOfRevokedEntries]), [[3, 0]]);
      const { TrustStoreRevocations = [] } = await describeRevocations({ TrustStoreArn: arn }, kit.ctx());
      assert.deepEqual(TrustStoreRevocations.map((r) => [r.RevocationId, r.NumberOfRevokedEntries]), [[1, 3], [3, 0]]);
    });

    it('adds several lists in one call, or none when one is wrong', async () => {
      const arn = await makeStore('store', 'both.pem');
      s3.put(BUCKET, 'a.pem', await makeCrl(ca, ['01']));
      s3.put(BUCKET, 'b.pem', await makeCrl(otherCa, ['02', '03']));
      s3.put(BUCKET, 'c.pem', 'not a crl');
      const contents = (...keys: string[]) => keys.map((S3Key) => ({ S3Bucket: BUCKET, S3Key }));
      await assert.rejects(addRevocations({ TrustStoreArn: arn, RevocationContents: contents('a.pem', 'c.pem') }, kit.ctx(), s3), { code: 'InvalidRevocationContent' });
      await assert.rejects(addRevocations({ TrustStoreArn: arn, RevocationContents: contents('a.pem', 'gone.pem') }, kit.ctx(), s3), { code: 'RevocationContentNotFound' });
      assert.deepEqual((await describeRevocations({ TrustStoreArn: arn }, kit.ctx())).TrustStoreRevocations, []);
      const { TrustStoreRevocations = [] } = await addRevocations({ TrustStoreArn: arn, RevocationContents: contents('a.pem', 'b.pem') }, kit.ctx(), s3);
      assert.deepEqual(TrustStoreRevocations.map((r) => [r.RevocationId, r.NumberOfRevokedEntries]), [[1, 1], [2, 2]]);
    });

    it('answers InvalidRevocationContent for a CRL the store\'s CAs did not issue or sign, or that is no CRL', async () => {
      const arn = await makeStore();
      await assert.rejects(addCrl(arn, 'other.pem', await makeCrl(otherCa, ['0a'])), { code: 'InvalidRevocationContent', message: /issuer 'CN=Other CA' is not a CA certificate of the trust store/ });
      await assert.rejects(addCrl(arn, 'forged.pem', await makeCrl(ca, ['0a'], { signedBy: otherCa })), { code: 'InvalidRevocationContent', message: /signature does not verify/ });
      await assert.rejects(addCrl(arn, 'junk.der', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])), { code: 'InvalidRevocationContent', message: /not a certificate revocation list/ });
      const crl = (await makeCrl(ca, ['0a'])).toString();
      await assert.rejects(addCrl(arn, 'two.pem', Buffer.from(crl + crl)), { code: 'InvalidRevocationContent', message: /contains 2 CRLs/ });
      await assert.rejects(addCrl(arn, 'cert.pem', Buffer.from(ca.pem)), { code: 'InvalidRevocationContent', message: /PEM block 'CERTIFICATE'/ });
    });

    it(`allows ${MAX_REVOCATION_LISTS} revocation lists per trust store`, async () => {
      const arn = await makeStore();
      s3.put(BUCKET, 'crl.pem', await makeCrl(ca, ['0a']));
      const contents = Array.from({ length: MAX_REVOCATION_LISTS }, () => ({ S3Bucket: BUCKET, S3Key: 'crl.pem' }));
      await addRevocations({ TrustStoreArn: arn, RevocationContents: contents }, kit.ctx(), s3);
      await assert.rejects(addCrl(arn, 'crl.pem', await makeCrl(ca, ['0a'])), { code: 'TooManyTrustStoreRevocationEntries' });
    });

    it(`allows ${MAX_REVOCATION_ENTRIES} revoked entries per trust store`, async () => {
      const arn = await makeStore();
      // A list that fills the quota, written directly: a CRL that size takes long to make.
      const full = Array.from({ length: MAX_REVOCATION_ENTRIES - 1 }, (_, i) => (i + 0x1000).toString(16));
      await kit.database.db.insertInto('trust_store_revocations').values({
        trust_store_arn: arn, revocation_id: 1, revocation_type: 'CRL', content: Buffer.alloc(0), revoked_serials: full, created_at: new Date(),
      }).execute();
      await kit.database.db.updateTable('trust_stores').set({ next_revocation_id: 2 }).where('arn', '=', arn).execute();
      await assert.rejects(addCrl(arn, 'two.pem', await makeCrl(ca, ['0a', '0b'])), { code: 'TooManyTrustStoreRevocationEntries', message: /500000 revoked entries; these lists would bring it to 500001/ });
      const [added] = await addCrl(arn, 'one.pem', await makeCrl(ca, ['0a']));
      assert.equal(added.RevocationId, 2);
      assert.equal((await describeTrustStores({ TrustStoreArns: [arn] }, kit.ctx())).TrustStores?.[0].TotalRevokedEntries, MAX_REVOCATION_ENTRIES);
    });

    it('answers RevocationIdNotFound and TrustStoreNotFound, and removes nothing on an unknown id', async () => {
      const arn = await makeStore();
      await addCrl(arn, 'crl.pem', await makeCrl(ca, ['0a']));
      await assert.rejects(removeRevocations({ TrustStoreArn: arn, RevocationIds: [1, 7] }, kit.ctx()), { code: 'RevocationIdNotFound', message: /'7'/ });
      await assert.rejects(describeRevocations({ TrustStoreArn: arn, RevocationIds: [7] }, kit.ctx()), { code: 'RevocationIdNotFound' });
      await assert.rejects(getRevocationContent({ TrustStoreArn: arn, RevocationId: 7 }, kit.ctx()), { code: 'RevocationIdNotFound' });
      assert.equal((await describeRevocations({ TrustStoreArn: arn, RevocationIds: [1] }, kit.ctx())).TrustStoreRevocations?.length, 1);
      for (const call of [
        () => addRevocations({ TrustStoreArn: MISSING_STORE, RevocationContents: [{ S3Bucket: BUCKET, S3Key: 'crl.pem' }] }, kit.ctx(), s3),
        () => removeRevocations({ TrustStoreArn: MISSING_STORE, RevocationIds: [1] }, kit.ctx()),
        () => describeRevocations({ TrustStoreArn: MISSING_STORE }, kit.ctx()),
      ]) await assert.rejects(call(), { code: 'TrustStoreNotFound' });
    });

    it('pages revocation lists', async () => {
      const arn = await makeStore();
      s3.put(BUCKET, 'crl.pem', await makeCrl(ca, ['0a']));
      await addRevocations({ TrustStoreArn: arn, RevocationContents: [1, 2, 3].map(() => ({ S3Bucket: BUCKET, S3Key: 'crl.pem' })) }, kit.ctx(), s3);
      const first = await describeRevocations({ TrustStoreArn: arn, PageSize: 2 }, kit.ctx());
      const second = await describeRevocations({ TrustStoreArn: arn, PageSize: 2, Marker: first.NextMarker }, kit.ctx());
      assert.deepEqual([...first.TrustStoreRevocations!, ...second.TrustStoreRevocations!].map((r) => r.RevocationId), [1, 2, 3]);
      assert.equal(second.NextMarker, undefined);
    });
  });

  describe('listeners in verify mode', () => {
    it('answer TrustStoreNotFound for a trust store that does not exist', async () => {
      const lbArn = await makeLoadBalancer(kit.ctx(), 'web');
      await assert.rejects(httpsListener(lbArn, { Mode: 'verify', TrustStoreArn: MISSING_STORE }), { code: 'TrustStoreNotFound' });
      const listenerArn = await httpsListener(lbArn);
      await assert.rejects(modifyListener({ ListenerArn: listenerArn, MutualAuthentication: { Mode: 'verify', TrustStoreArn: MISSING_STORE } }, kit.ctx()), { code: 'TrustStoreNotFound' });
      const otherRegion = await makeStore('elsewhere', 'ca.pem', kit.ctx({ region: 'eu-west-1' }));
      await assert.rejects(modifyListener({ ListenerArn: listenerArn, MutualAuthentication: { Mode: 'verify', TrustStoreArn: otherRegion } }, kit.ctx()), { code: 'TrustStoreNotFound' });
    });

    it('associate the store with their load balancer, which keeps it from being deleted until they stop', async () => {
      const store = await makeStore();
      const web = await makeLoadBalancer(kit.ctx(), 'web');
      const api = await makeLoadBalancer(kit.ctx(), 'api');
      const verify = { Mode: 'verify' as const, TrustStoreArn: store };
      const webA = await httpsListener(web, verify, 443);
      await httpsListener(web, verify, 8443);
      const apiListener = await httpsListener(api);
      await modifyListener({ ListenerArn: apiListener, MutualAuthentication: verify }, kit.ctx());
      const all = await describeAssociations({ TrustStoreArn: store }, kit.ctx());
      assert.deepEqual(all.TrustStoreAssociations, [api, web].sort().map((ResourceArn) => ({ ResourceArn })));
      const page = await describeAssociations({ TrustStoreArn: store, PageSize: 1 }, kit.ctx());
      assert.equal(page.TrustStoreAssociations?.length, 1);
      assert.ok(page.NextMarker);

      await assert.rejects(deleteTrustStore({ TrustStoreArn: store }, kit.ctx()), { code: 'TrustStoreInUse' });
      await modifyListener({ ListenerArn: apiListener, MutualAuthentication: { Mode: 'off' } }, kit.ctx());
      await deleteListener({ ListenerArn: webA }, kit.ctx());
      assert.deepEqual((await describeAssociations({ TrustStoreArn: store }, kit.ctx())).TrustStoreAssociations, [{ ResourceArn: web }]);
      await deleteLoadBalancer({ LoadBalancerArn: web }, kit.ctx());
      assert.deepEqual((await describeAssociations({ TrustStoreArn: store }, kit.ctx())).TrustStoreAssociations, []);
      await deleteTrustStore({ TrustStoreArn: store }, kit.ctx());
    });

    it('never leave a listener on a deleted store when a delete races their creation', async () => {
      const lbArn = await makeLoadBalancer(kit.ctx(), 'race');
      for (let round = 0; round < 5; round++) {
        const store = await makeStore(`race-${round}`);
        const [created, deleted] = await Promise.allSettled([
          httpsListener(lbArn, { Mode: 'verify', TrustStoreArn: store }, 1000 + round),
          deleteTrustStore({ TrustStoreArn: store }, kit.ctx()),
        ]);
        // Exactly one wins: the listener (and the delete is TrustStoreInUse) or the delete (and the listener TrustStoreNotFound).
        assert.notEqual(created.status, deleted.status, `round ${round}`);
        const loser = (created.status === 'rejected' ? created : deleted) as PromiseRejectedResult;
        assert.equal(loser.reason.code, created.status === 'rejected' ? 'TrustStoreNotFound' : 'TrustStoreInUse');
      }
    });

    it('passthrough mode names no trust store and associates none', async () => {
      const store = await makeStore();
      const lbArn = await makeLoadBalancer(kit.ctx(), 'web');
      await httpsListener(lbArn, { Mode: 'passthrough' });
      assert.deepEqual((await describeAssociations({ TrustStoreArn: store }, kit.ctx())).TrustStoreAssociations, []);
    });
  });

  describe('DeleteSharedTrustStoreAssociation', () => {
    it('answers DeleteAssociationSameAccount for the own account\'s load balancer, AssociationNotFound otherwise', async () => {
      const store = await makeStore();
      const lbArn = await makeLoadBalancer(kit.ctx(), 'web');
      await httpsListener(lbArn, { Mode: 'verify', TrustStoreArn: store });
      await assert.rejects(deleteShared({ TrustStoreArn: store, ResourceArn: lbArn }, kit.ctx()), { code: 'DeleteAssociationSameAccount' });
      const other = await makeLoadBalancer(kit.ctx(), 'other');
      await assert.rejects(deleteShared({ TrustStoreArn: store, ResourceArn: other }, kit.ctx()), { code: 'AssociationNotFound' });
      await assert.rejects(deleteShared({ TrustStoreArn: MISSING_STORE, ResourceArn: lbArn }, kit.ctx()), { code: 'TrustStoreNotFound' });
      await assert.rejects(deleteShared({ TrustStoreArn: store, ResourceArn: 'not-an-arn' }, kit.ctx()), { code: 'ValidationError' });
    });
  });

  describe('DeleteTrustStore', () => {
    it('deletes the store with its revocation lists and tags; an unknown store is TrustStoreNotFound', async () => {
      const arn = await makeStore();
      await addCrl(arn, 'crl.pem', await makeCrl(ca, ['0a']));
      await addTags({ ResourceArns: [arn], Tags: [{ Key: 'k', Value: 'v' }] }, kit.ctx());
      await deleteTrustStore({ TrustStoreArn: arn }, kit.ctx());
      assert.equal((await kit.database.db.selectFrom('trust_store_revocations').selectAll().execute()).length, 0);
      assert.equal((await kit.database.db.selectFrom('tags').selectAll().where('resource_arn', '=', arn).execute()).length, 0);
      await assert.rejects(deleteTrustStore({ TrustStoreArn: arn }, kit.ctx()), { code: 'TrustStoreNotFound' });
      await assert.rejects(describeTags({ ResourceArns: [arn] }, kit.ctx()), { code: 'TrustStoreNotFound' });
    });
  });

  describe('download locations', () => {
    const download = (location: string, now = new Date()) => {
      const url = new URL(location);
      return createTrustStoreDownloads(kit.database.db, () => now)(new HttpRequest({
        method: 'GET', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: Object.fromEntries(url.searchParams),
      }));
    };

    it('serve the bundle and each revocation file as uploaded, for ten minutes', async () => {
      const arn = await makeStore('store', 'both.pem');
      const der = await makeCrl(ca, ['0a'], { format: 'der' });
      await addCrl(arn, 'crl.der', der);
      const { Location: bundle } = await getBundle({ TrustStoreArn: arn }, kit.ctx());
      assert.match(bundle!, /^http:\/\/127\.0\.0\.1:4566\/_kecs\/trust-stores\/us-east-1\/000000000000\/store\/[0-9a-f]{16}\/ca-certificates-bundle\.pem\?X-Amz-Date=\d{8}T\d{6}Z&X-Amz-Expires=600&X-Amz-Signature=[0-9a-f]{64}$/);
      const served = await download(bundle!, kit.clock.now());
      assert.equal(served?.statusCode, 200);
      assert.equal(served?.body, `# two CAs\n${ca.pem}\n${otherCa.pem}`);
      const { Location: crl } = await getRevocationContent({ TrustStoreArn: arn, RevocationId: 1 }, kit.ctx());
      const servedCrl = await download(crl!, kit.clock.now());
      assert.equal(servedCrl?.statusCode, 200);
      assert.deepEqual(Buffer.from(servedCrl?.body as Uint8Array), der);
      const late = await download(crl!, new Date(kit.clock.now().getTime() + 601_000));
      assert.equal(late?.statusCode, 403);
      assert.match(String(late?.body), /<Code>AccessDenied<\/Code><Message>Request has expired/);
    });

    it('refuse a location whose signature was tampered with, or that names nothing', async () => {
      const arn = await makeStore();
      const { Location } = await getBundle({ TrustStoreArn: arn }, kit.ctx());
      const tampered = Location!.replace(/X-Amz-Expires=600/, 'X-Amz-Expires=6000');
      assert.equal((await download(tampered))?.statusCode, 403);
      const otherPath = Location!.replace('ca-certificates-bundle.pem', 'revocations/1.crl');
      assert.equal((await download(otherPath))?.statusCode, 403);
      await deleteTrustStore({ TrustStoreArn: arn }, kit.ctx());
      assert.equal((await download(Location!))?.statusCode, 404);
      assert.equal(await createTrustStoreDownloads(kit.database.db)(new HttpRequest({ method: 'GET', path: '/_kecs/health' })), undefined);
      await assert.rejects(getBundle({ TrustStoreArn: MISSING_STORE }, kit.ctx()), { code: 'TrustStoreNotFound' });
    });
  });
});
