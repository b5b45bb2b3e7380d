import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { parseCrl } from '../../../../../handlers/elbv2/lib/trust-store-crl.js';
import { certificatePem, rfc2253, urlEncodePem } from '../../../../../gateway/traffic/dataplane/tls/client-cert-headers.js';
import { checkClientCertificate, verifyStatus, type MutualAuthPolicy } from '../../../../../gateway/traffic/dataplane/tls/mutual-auth.js';
import { serialKey, trustMaterial } from '../../../../../gateway/traffic/dataplane/tls/trust-material.js';
import type { RoutedRevocationList } from '../../../../../gateway/traffic/route-table/route-table.js';
import { makeCa, makeClientCredentials, makeCrl, makeIntermediateCa, type TestCa } from '../../../../support/pki.js';

const DAY = 24 * 3600 * 1000;
const cert = (pem: string) => new X509Certificate(pem);

describe('mutual TLS: deciding on a client certificate', () => {
  let ca: TestCa;
  let otherCa: TestCa;
  let revocations: RoutedRevocationList[];
  before(async () => {
    ca = await makeCa('Store CA');
    otherCa = await makeCa('Other CA');
    // Parsed as AddTrustStoreRevocations parses it, so the issuer name is the one the store keeps.
    revocations = [await parseCrl(await makeCrl(ca, ['0bad']), ca.pem)];
  });
  const verifyPolicy = (overrides: { bundle?: string; ignoreExpiry?: boolean } = {}): MutualAuthPolicy => ({
    mode: 'verify',
    trust: trustMaterial({ caCertificatesBundle: overrides.bundle ?? ca.pem, revocations }),
    ignoreClientCertificateExpiry: overrides.ignoreExpiry ?? false,
    advertiseTrustStoreCaNames: false,
  });
  const reason = (outcome: ReturnType<typeof checkClientCertificate>) => (outcome.accepted ? 'accepted' : outcome.reason);

  it('verify accepts a certificate a CA of the store issued, and sends its facts to the target', async () => {
    const client = await makeClientCredentials(ca, '03a5b1', { subject: 'C=US, O=mTLS, OU=client-3, CN=client_.com' });
    const outcome = checkClientCertificate(verifyPolicy(), [cert(client.pem)]);
    assert.equal(verifyStatus(outcome), 'Success');
    assert.ok(outcome.accepted);
    const headers = Object.fromEntries(outcome.headers);
    assert.equal(headers['x-amzn-mtls-clientcert-serial-number'], '03A5B1');
    assert.equal(headers['x-amzn-mtls-clientcert-issuer'], 'CN=Store CA');
    assert.equal(headers['x-amzn-mtls-clientcert-subject'], 'CN=client_.com,OU=client-3,O=mTLS,C=US');
    assert.match(headers['x-amzn-mtls-clientcert-validity'], /^NotBefore=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ;NotAfter=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(decodeURIComponent(headers['x-amzn-mtls-clientcert-leaf']), certificatePem(cert(client.pem)));
    assert.equal(headers['x-amzn-mtls-clientcert'], undefined);
  });

  it('verify refuses a certificate of an unknown CA (ClientCertUntrusted) and a missing one', async () => {
    const stranger = await makeClientCredentials(otherCa, '04');
    assert.equal(reason(checkClientCertificate(verifyPolicy(), [cert(stranger.pem)])), 'ClientCertUntrusted');
    assert.equal(verifyStatus(checkClientCertificate(verifyPolicy(), [])), 'Failed:UnmappedConnectionError');
  });

  it('verify refuses a self-signed certificate that copies a store CA name but not its key', async () => {
    const impostor = await makeCa('Store CA');
    const client = await makeClientCredentials(impostor, '05');
    assert.equal(reason(checkClientCertificate(verifyPolicy(), [cert(client.pem), cert(impostor.pem)])), 'ClientCertUntrusted');
  });

  it('verify refuses a revoked certificate (ClientCertCrlHit), by serial and issuer', async () => {
    const revoked = await makeClientCredentials(ca, '0bad');
    assert.equal(verifyStatus(checkClientCertificate(verifyPolicy(), [cert(revoked.pem)])), 'Failed:ClientCertCrlHit');
    // The same serial from another CA of the store is another certificate: not revoked.
    const sameSerial = await makeClientCredentials(otherCa, '0bad');
    const twoCas = verifyPolicy({ bundle: ca.pem + otherCa.pem });
    assert.equal(reason(checkClientCertificate(twoCas, [cert(sameSerial.pem)])), 'accepted');
  });

  it('a revocation list recorded without its issuer counts for every CA of the store', async () => {
    const sameSerial = await makeClientCredentials(otherCa, '0bad');
    const policy: MutualAuthPolicy = {
      mode: 'verify',
      trust: trustMaterial({ caCertificatesBundle: ca.pem + otherCa.pem, revocations: [{ issuer: null, serials: ['0BAD'] }] }),
      ignoreClientCertificateExpiry: false,
      advertiseTrustStoreCaNames: false,
    };
    assert.equal(reason(checkClientCertificate(policy, [cert(sameSerial.pem)])), 'ClientCertCrlHit');
  });

  it('verify refuses an expired certificate unless the listener ignores expiry, and one not yet valid', async () => {
    const expired = await makeClientCredentials(ca, '06', { notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) });
    assert.equal(reason(checkClientCertificate(verifyPolicy(), [cert(expired.pem)])), 'ClientCertExpired');
    assert.equal(reason(checkClientCertificate(verifyPolicy({ ignoreExpiry: true }), [cert(expired.pem)])), 'accepted');
    const early = await makeClientCredentials(ca, '07', { notBefore: new Date(Date.now() + DAY), notAfter: new Date(Date.now() + 10 * DAY) });
    assert.equal(reason(checkClientCertificate(verifyPolicy({ ignoreExpiry: true }), [cert(early.pem)])), 'ClientCertNotYetValid');
  });

  it('verify follows intermediates the client sends, up to a chain depth of 4', async () => {
    const first = await makeIntermediateCa(ca, 'Intermediate 1', '11');
    const second = await makeIntermediateCa(first, 'Intermediate 2', '12');
    const third = await makeIntermediateCa(second, 'Intermediate 3', '13');
    const viaTwo = await makeClientCredentials(second, '08');
    // Sent out of order: the path is built by signature, not by position.
    assert.equal(reason(checkClientCertificate(verifyPolicy(), [cert(viaTwo.pem), cert(first.pem), cert(second.pem)])), 'accepted');
    assert.equal(reason(checkClientCertificate(verifyPolicy(), [cert(viaTwo.pem), cert(second.pem)])), 'ClientCertUntrusted');
    const viaThree = await makeClientCredentials(third, '09');
    const deep = [viaThree.pem, third.pem, second.pem, first.pem].map(cert);
    assert.equal(reason(checkClientCertificate(verifyPolicy(), deep)), 'ClientCertMaxChainDepthExceeded');
  });

  it('verify refuses a leaf whose extended key usage excludes client authentication', async () => {
    const serverOnly = await makeClientCredentials(ca, '0a', { purposes: ['1.3.6.1.5.5.7.3.1'] });
    assert.equal(reason(checkClientCertificate(verifyPolicy(), [cert(serverOnly.pem)])), 'ClientCertPurposeInvalid');
    const clientAuth = await makeClientCredentials(ca, '0b', { purposes: ['1.3.6.1.5.5.7.3.2'] });
    assert.equal(reason(checkClientCertificate(verifyPolicy(), [cert(clientAuth.pem)])), 'accepted');
  });

  it('verify refuses keys ALB does not support (RSA under 2048 bits)', async () => {
    const weak = await makeClientCredentials(ca, '0c', {
      algorithm: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    });
    assert.equal(reason(checkClientCertificate(verifyPolicy(), [cert(weak.pem)])), 'ClientCertTypeUnsupported');
  });

  it('verify with an unreadable trust store refuses everything', async () => {
    const client = await makeClientCredentials(ca, '0d');
    const policy: MutualAuthPolicy = { mode: 'verify', trust: null, ignoreClientCertificateExpiry: false, advertiseTrustStoreCaNames: false };
    assert.equal(reason(checkClientCertificate(policy, [cert(client.pem)])), 'ClientCertUntrusted');
  });

  it('passthrough accepts any chain and forwards all of it, leaf first; no certificate, no header', async () => {
    const intermediate = await makeIntermediateCa(otherCa, 'Passthrough Intermediate');
    const client = await makeClientCredentials(intermediate, '0e');
    const chain = [client.pem, intermediate.pem, otherCa.pem].map(cert);
    const outcome = checkClientCertificate({ mode: 'passthrough' }, chain);
    assert.ok(outcome.accepted);
    assert.equal(outcome.headers.length, 1);
    const [name, value] = outcome.headers[0];
    assert.equal(name, 'x-amzn-mtls-clientcert');
    assert.equal(decodeURIComponent(value), chain.map(certificatePem).join(''));
    assert.deepEqual(checkClientCertificate({ mode: 'passthrough' }, []), { accepted: true, headers: [] });
  });
});

describe('mutual TLS: header formats', () => {
  it('URL-encodes PEM with +=/ kept, as AWS does (spaces and newlines only, for base64)', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMII+ab/c==\n-----END CERTIFICATE-----\n';
    assert.equal(urlEncodePem(pem), '-----BEGIN%20CERTIFICATE-----%0AMII+ab/c==%0A-----END%20CERTIFICATE-----%0A');
    assert.equal(urlEncodePem("a!b'c(d)e*f~g_h.i%j&k"), 'a%21b%27c%28d%29e%2Af~g_h.i%25j%26k');
  });

  it('writes distinguished names as RFC 2253 does: reversed, escaped, multi-valued RDNs joined by +', () => {
    assert.equal(rfc2253([{ C: ['US'] }, { O: ['Acme, Inc'] }, { CN: ['#1 client', 'x'], OU: ['ops'] }]), 'CN=\\#1 client+CN=x+OU=ops,O=Acme\\, Inc,C=US');
  });

  it('keys serial numbers the same whatever their case or leading zeros', () => {
    assert.equal(serialKey('00ff'), 'FF');
    assert.equal(serialKey('0BAD'), serialKey('bad'));
    assert.equal(serialKey('00'), '0');
  });
});
