import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { certificateNames, LocalCa } from '../../../../../gateway/traffic/dataplane/tls/local-ca.js';
import { startTestDatabase, type TestDatabase } from '../../../../support/database.js';

describe('local certificate authority', () => {
  let database: TestDatabase;
  before(async () => { database = await startTestDatabase(); });
  after(async () => { await database.close(); });

  it('keeps only names a certificate can carry, lower case, sorted, once', () => {
    assert.deepEqual(certificateNames(['B.example.com', 'b.example.com', '*.a.example.com', 'api-?.example.com', 'a*b.example.com']), ['*.a.example.com', 'b.example.com']);
  });

  it('two replicas racing create one CA and issue one certificate per set of names, signed by it', async () => {
    const [one, two] = [new LocalCa(database.db), new LocalCa(database.db)];
    const [caOne, caTwo] = await Promise.all([one.certificatePem(), two.certificatePem()]);
    assert.equal(caOne, caTwo);
    const names = ['app.example.com', 'lb.elb.localhost'];
    const [leafOne, leafTwo] = await Promise.all([one.certificateFor(names), two.certificateFor(names)]);
    assert.equal(leafOne.certificatePem, leafTwo.certificatePem);
    assert.equal(leafOne.privateKeyPem, leafTwo.privateKeyPem);
    const leaf = new X509Certificate(leafOne.certificatePem);
    const ca = new X509Certificate(caOne);
    assert.ok(leaf.verify(ca.publicKey), 'signed by the CA');
    assert.equal(leaf.subjectAltName, 'DNS:app.example.com, DNS:lb.elb.localhost');
    assert.equal(leaf.ca, false);
    assert.equal(ca.ca, true);
    assert.equal(leaf.checkHost('app.example.com'), 'app.example.com');
    const { count } = await database.db.selectFrom('local_certificates').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
    assert.equal(Number(count), 1);
  });

  it('renews a certificate within 30 days of expiry, once across replicas', async () => {
    const names = ['renew.example.com'];
    const first = await new LocalCa(database.db).certificateFor(names);
    // 380 days later the 397-day certificate has 17 days left.
    const later = () => new Date(Date.now() + 380 * 24 * 3600 * 1000);
    const [a, b] = await Promise.all([new LocalCa(database.db, later).certificateFor(names), new LocalCa(database.db, later).certificateFor(names)]);
    assert.notEqual(a.certificatePem, first.certificatePem);
    assert.equal(a.certificatePem, b.certificatePem);
  });
});
