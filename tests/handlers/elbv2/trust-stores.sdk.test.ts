import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AddTagsCommand,
  AddTrustStoreRevocationsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTrustStoreCommand,
  DeleteSharedTrustStoreAssociationCommand,
  DeleteTrustStoreCommand,
  DescribeTagsCommand,
  DescribeTrustStoreAssociationsCommand,
  DescribeTrustStoreRevocationsCommand,
  DescribeTrustStoresCommand,
  GetTrustStoreCaCertificatesBundleCommand,
  GetTrustStoreRevocationContentCommand,
  ModifyListenerCommand,
  ModifyTrustStoreCommand,
  RemoveTagsCommand,
  RemoveTrustStoreRevocationsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/protocol-http';
import { bodyText, useTestGateway, type TestGateway } from '../../support/gateway.js';
import { FakeS3 } from '../../support/fake-s3.js';
import { makeCa, makeClientCertificate, makeCrl, type TestCa } from '../../support/pki.js';

const MISSING = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:truststore/gone/0123456789abcdef';
const BUCKET = 'pki';

/** GETs a Location the gateway answered, through the gateway itself (the internal route). */
async function fetchLocation(gw: TestGateway, location: string): Promise<{ status: number; body: string }> {
  const url = new URL(location);
  const response = await gw.handle(new HttpRequest({
    method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: Object.fromEntries(url.searchParams),
  }));
  return { status: response.statusCode, body: await bodyText(response) };
}

async function createStore(elb: ElasticLoadBalancingV2Client, Name: string, key = 'ca.pem') {
  const { TrustStores = [] } = await elb.send(new CreateTrustStoreCommand({ Name, CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: key }));
  return TrustStores[0];
}

describe('trust stores through the SDK, S3 served over HTTP as the upstream', () => {
  const s3 = new FakeS3();
  const env: Record<string, string> = {};
  // Before the gateway starts (hooks run in order): the upstream URL is the fake S3's.
  before(async () => { env.KECS_UPSTREAM_URL = await s3.listen(); });
  after(() => s3.close());
  const { gw, elb } = useTestGateway(env);
  let ca: TestCa;
  let otherCa: TestCa;
  before(async () => { [ca, otherCa] = await Promise.all([makeCa('SDK CA'), makeCa('Other SDK CA')]); });
  beforeEach(() => {
    s3.clear();
    s3.put(BUCKET, 'ca.pem', ca.pem);
    s3.put(BUCKET, 'both.pem', ca.pem + otherCa.pem);
  });

  it('creates, describes, modifies and deletes a trust store', async () => {
    const created = await createStore(elb, 'sdk-store');
    assert.equal(created.Status, 'ACTIVE');
    assert.equal(created.NumberOfCaCertificates, 1);
    assert.equal(created.TotalRevokedEntries, 0);
    const { TrustStores: described = [] } = await elb.send(new DescribeTrustStoresCommand({ Names: ['sdk-store'] }));
    assert.deepEqual(described, [created]);
    const { TrustStores: modified = [] } = await elb.send(new ModifyTrustStoreCommand({
      TrustStoreArn: created.TrustStoreArn, CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'both.pem',
    }));
    assert.equal(modified[0].NumberOfCaCertificates, 2);
    await elb.send(new DeleteTrustStoreCommand({ TrustStoreArn: created.TrustStoreArn }));
    await assert.rejects(elb.send(new DescribeTrustStoresCommand({ TrustStoreArns: [created.TrustStoreArn!] })), { name: 'TrustStoreNotFoundException' });
  });

  it('answers the bundle errors and name checks as AWS does', async () => {
    await assert.rejects(createStore(elb, 'a', 'missing.pem'), { name: 'CaCertificatesBundleNotFoundException' });
    s3.put(BUCKET, 'leaf.pem', await makeClientCertificate(ca, '0a'));
    await assert.rejects(createStore(elb, 'a', 'leaf.pem'), { name: 'InvalidCaCertificatesBundleException' });
    await createStore(elb, 'a');
    await assert.rejects(createStore(elb, 'a'), { name: 'DuplicateTrustStoreNameException' });
    for (const name of ['-a', 'a-', 'a_b', 'x'.repeat(33)]) {
      await assert.rejects(createStore(elb, name), { name: 'ValidationError', message: /at 'name' failed to satisfy constraint/ }, name);
    }
    await assert.rejects(elb.send(new CreateTrustStoreCommand({ Name: 'b', CaCertificatesBundleS3Bucket: BUCKET } as never)), { name: 'ValidationError' });
    await assert.rejects(elb.send(new ModifyTrustStoreCommand({ TrustStoreArn: MISSING, CaCertificatesBundleS3Bucket: BUCKET, CaCertificatesBundleS3Key: 'ca.pem' })), { name: 'TrustStoreNotFoundException' });
  });

  it('pages DescribeTrustStores', async () => {
    for (const name of ['p1', 'p2', 'p3']) await createStore(elb, name);
    const first = await elb.send(new DescribeTrustStoresCommand({ PageSize: 2 }));
    assert.equal(first.TrustStores?.length, 2);
    const second = await elb.send(new DescribeTrustStoresCommand({ PageSize: 2, Marker: first.NextMarker }));
    assert.deepEqual([...first.TrustStores!, ...second.TrustStores!].map((s) => s.Name), ['p1', 'p2', 'p3']);
    assert.equal(second.NextMarker, undefined);
    await assert.rejects(elb.send(new DescribeTrustStoresCommand({ Marker: 'bogus' })), { name: 'ValidationError' });
  });

  it('adds, describes, pages, downloads and removes revocation lists', async () => {
    const store = await createStore(elb, 'crls');
    const arn = store.TrustStoreArn!;
    const crl = await makeCrl(ca, ['0a', '0b']);
    s3.put(BUCKET, 'crl.pem', crl);
    s3.put(BUCKET, 'crl.der', await makeCrl(ca, ['0c'], { format: 'der' }));
    const { TrustStoreRevocations: added = [] } = await elb.send(new AddTrustStoreRevocationsCommand({
      TrustStoreArn: arn, RevocationContents: [{ S3Bucket: BUCKET, S3Key: 'crl.pem', RevocationType: 'CRL' }, { S3Bucket: BUCKET, S3Key: 'crl.der' }],
    }));
    assert.deepEqual(added, [
      { TrustStoreArn: arn, RevocationId: 1, RevocationType: 'CRL', NumberOfRevokedEntries: 2 },
      { TrustStoreArn: arn, RevocationId: 2, RevocationType: 'CRL', NumberOfRevokedEntries: 1 },
    ]);
    assert.equal((await elb.send(new DescribeTrustStoresCommand({ TrustStoreArns: [arn] }))).TrustStores?.[0].TotalRevokedEntries, 3);
    const page = await elb.send(new DescribeTrustStoreRevocationsCommand({ TrustStoreArn: arn, PageSize: 1 }));
    assert.deepEqual(page.TrustStoreRevocations?.map((r) => r.RevocationId), [1]);
    const rest = await elb.send(new DescribeTrustStoreRevocationsCommand({ TrustStoreArn: arn, PageSize: 1, Marker: page.NextMarker }));
    assert.deepEqual(rest.TrustStoreRevocations?.map((r) => r.RevocationId), [2]);
    assert.equal(rest.NextMarker, undefined);

    const { Location } = await elb.send(new GetTrustStoreRevocationContentCommand({ TrustStoreArn: arn, RevocationId: 1 }));
    assert.deepEqual(await fetchLocation(gw, Location!), { status: 200, body: crl.toString() });
    const { Location: bundle } = await elb.send(new GetTrustStoreCaCertificatesBundleCommand({ TrustStoreArn: arn }));
    assert.deepEqual(await fetchLocation(gw, bundle!), { status: 200, body: ca.pem });
    assert.equal((await fetchLocation(gw, bundle!.replace(/X-Amz-Signature=(.)/, (_, first: string) => `X-Amz-Signature=${first === '0' ? '1' : '0'}`))).status, 403);

    await assert.rejects(elb.send(new RemoveTrustStoreRevocationsCommand({ TrustStoreArn: arn, RevocationIds: [1, 9] })), { name: 'RevocationIdNotFoundException' });
    await elb.send(new RemoveTrustStoreRevocationsCommand({ TrustStoreArn: arn, RevocationIds: [1] }));
    assert.deepEqual((await elb.send(new DescribeTrustStoreRevocationsCommand({ TrustStoreArn: arn }))).TrustStoreRevocations?.map((r) => r.RevocationId), [2]);
    await assert.rejects(elb.send(new GetTrustStoreRevocationContentCommand({ TrustStoreArn: arn, RevocationId: 1 })), { name: 'RevocationIdNotFoundException' });
    await assert.rejects(elb.send(new DescribeTrustStoreRevocationsCommand({ TrustStoreArn: arn, RevocationIds: [1] })), { name: 'RevocationIdNotFoundException' });
  });

  it('answers the revocation errors', async () => {
    const arn = (await createStore(elb, 'bad-crls')).TrustStoreArn!;
    const add = (S3Key: string) => elb.send(new AddTrustStoreRevocationsCommand({ TrustStoreArn: arn, RevocationContents: [{ S3Bucket: BUCKET, S3Key }] }));
    await assert.rejects(add('missing.crl'), { name: 'RevocationContentNotFoundException' });
    s3.put(BUCKET, 'other.crl', await makeCrl(otherCa, ['01']));
    await assert.rejects(add('other.crl'), { name: 'InvalidRevocationContentException' });
    await assert.rejects(elb.send(new AddTrustStoreRevocationsCommand({ TrustStoreArn: arn, RevocationContents: [{ S3Bucket: BUCKET, S3Key: 'x', RevocationType: 'OCSP' as never }] })), { name: 'ValidationError' });
    await assert.rejects(elb.send(new AddTrustStoreRevocationsCommand({ TrustStoreArn: MISSING, RevocationContents: [{ S3Bucket: BUCKET, S3Key: 'x' }] })), { name: 'TrustStoreNotFoundException' });
  });

  it('associates listeners in verify mode, lists their load balancers page by page, and keeps the store from deletion', async () => {
    const arn = (await createStore(elb, 'mtls')).TrustStoreArn!;
    const lbs: string[] = [];
    for (const Name of ['lb-a', 'lb-b']) {
      const { LoadBalancers = [] } = await elb.send(new CreateLoadBalancerCommand({ Name, Subnets: ['subnet-1', 'subnet-2'] }));
      lbs.push(LoadBalancers[0].LoadBalancerArn!);
    }
    const https = (LoadBalancerArn: string, TrustStoreArn: string) => elb.send(new CreateListenerCommand({
      LoadBalancerArn, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/c' }],
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }], MutualAuthentication: { Mode: 'verify', TrustStoreArn },
    }));
    await assert.rejects(https(lbs[0], MISSING), { name: 'TrustStoreNotFoundException' });
    const { Listeners = [] } = await https(lbs[0], arn);
    assert.deepEqual(Listeners[0].MutualAuthentication, { Mode: 'verify', TrustStoreArn: arn });
    await https(lbs[1], arn);
    const first = await elb.send(new DescribeTrustStoreAssociationsCommand({ TrustStoreArn: arn, PageSize: 1 }));
    const second = await elb.send(new DescribeTrustStoreAssociationsCommand({ TrustStoreArn: arn, PageSize: 1, Marker: first.NextMarker }));
    assert.deepEqual([...first.TrustStoreAssociations!, ...second.TrustStoreAssociations!].map((a) => a.ResourceArn), [...lbs].sort());
    await assert.rejects(elb.send(new DeleteTrustStoreCommand({ TrustStoreArn: arn })), { name: 'TrustStoreInUseException' });
    await assert.rejects(elb.send(new DeleteSharedTrustStoreAssociationCommand({ TrustStoreArn: arn, ResourceArn: lbs[0] })), { name: 'DeleteAssociationSameAccountException' });
    await assert.rejects(
      elb.send(new DeleteSharedTrustStoreAssociationCommand({ TrustStoreArn: arn, ResourceArn: lbs[0].replace('000000000000', '111111111111') })),
      { name: 'TrustStoreAssociationNotFoundException' },
    );
    await assert.rejects(elb.send(new DeleteSharedTrustStoreAssociationCommand({ TrustStoreArn: MISSING, ResourceArn: lbs[0] })), { name: 'TrustStoreNotFoundException' });
    await assert.rejects(elb.send(new DescribeTrustStoreAssociationsCommand({ TrustStoreArn: MISSING })), { name: 'TrustStoreNotFoundException' });
    for (const listener of [Listeners[0].ListenerArn!, (await https(lbs[1], arn)).Listeners![0].ListenerArn!]) {
      await elb.send(new ModifyListenerCommand({ ListenerArn: listener, MutualAuthentication: { Mode: 'off' } }));
    }
    await elb.send(new DeleteTrustStoreCommand({ TrustStoreArn: arn }));
    await assert.rejects(elb.send(new DeleteTrustStoreCommand({ TrustStoreArn: arn })), { name: 'TrustStoreNotFoundException' });
  });

  it('tags trust stores with AddTags, DescribeTags and RemoveTags', async () => {
    const arn = (await createStore(elb, 'tagged')).TrustStoreArn!;
    await elb.send(new AddTagsCommand({ ResourceArns: [arn], Tags: [{ Key: 'team', Value: 'edge' }, { Key: 'env', Value: 'dev' }] }));
    await elb.send(new RemoveTagsCommand({ ResourceArns: [arn], TagKeys: ['env'] }));
    const { TagDescriptions = [] } = await elb.send(new DescribeTagsCommand({ ResourceArns: [arn] }));
    assert.deepEqual(TagDescriptions, [{ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'edge' }] }]);
    await assert.rejects(elb.send(new GetTrustStoreCaCertificatesBundleCommand({ TrustStoreArn: MISSING })), { name: 'TrustStoreNotFoundException' });
  });
});

const MOTO_MISSING = spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status !== 0;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('trust stores with a real S3 (moto) as the upstream', { skip: MOTO_MISSING && 'python3 cannot import moto.server: install moto[server] to run this suite' }, () => {
  const env: Record<string, string> = {};
  let moto: ChildProcess | undefined;
  before(async () => {
    const port = await freePort();
    moto = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    env.KECS_UPSTREAM_URL = `http://127.0.0.1:${port}`;
    for (let waited = 0; ; waited += 250) {
      if (await fetch(`${env.KECS_UPSTREAM_URL}/moto-api/`).then((r) => r.ok, () => false)) break;
      if (waited > 30_000 || moto.exitCode !== null) throw new Error('moto server did not start');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  after(() => { moto?.kill(); });
  const { elb } = useTestGateway(env);

  it('creates a trust store and adds a CRL from objects put in a versioned bucket', async () => {
    const s3 = new S3Client({ endpoint: env.KECS_UPSTREAM_URL, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    try {
      const ca = await makeCa('Moto CA');
      await s3.send(new CreateBucketCommand({ Bucket: 'moto-pki' }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: 'moto-pki', VersioningConfiguration: { Status: 'Enabled' } }));
      const { VersionId } = await s3.send(new PutObjectCommand({ Bucket: 'moto-pki', Key: 'bundle/ca.pem', Body: ca.pem }));
      await s3.send(new PutObjectCommand({ Bucket: 'moto-pki', Key: 'bundle/ca.pem', Body: 'overwritten, not a bundle' }));
      await s3.send(new PutObjectCommand({ Bucket: 'moto-pki', Key: 'crl/list.crl', Body: await makeCrl(ca, ['0a', '0b', '0c'], { format: 'der' }) }));

      await assert.rejects(elb.send(new CreateTrustStoreCommand({ Name: 'moto', CaCertificatesBundleS3Bucket: 'moto-pki', CaCertificatesBundleS3Key: 'bundle/ca.pem' })), { name: 'InvalidCaCertificatesBundleException' });
      const { TrustStores = [] } = await elb.send(new CreateTrustStoreCommand({
        Name: 'moto', CaCertificatesBundleS3Bucket: 'moto-pki', CaCertificatesBundleS3Key: 'bundle/ca.pem', CaCertificatesBundleS3ObjectVersion: VersionId,
      }));
      assert.equal(TrustStores[0].NumberOfCaCertificates, 1);
      const { TrustStoreRevocations = [] } = await elb.send(new AddTrustStoreRevocationsCommand({
        TrustStoreArn: TrustStores[0].TrustStoreArn, RevocationContents: [{ S3Bucket: 'moto-pki', S3Key: 'crl/list.crl' }],
      }));
      assert.equal(TrustStoreRevocations[0].NumberOfRevokedEntries, 3);
      await assert.rejects(elb.send(new CreateTrustStoreCommand({ Name: 'gone', CaCertificatesBundleS3Bucket: 'no-such-bucket', CaCertificatesBundleS3Key: 'ca.pem' })), { name: 'CaCertificatesBundleNotFoundException' });
    } finally {
      s3.destroy();
    }
  });
});
