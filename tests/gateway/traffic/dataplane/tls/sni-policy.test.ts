import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alpnProtocols } from '../../../../../gateway/traffic/dataplane/tls/secure-options.js';
import { pickCertificate } from '../../../../../gateway/traffic/dataplane/tls/sni.js';
import { policyOptions } from '../../../../../gateway/traffic/dataplane/tls/ssl-policy.js';

describe('SNI certificate choice', () => {
  const certificates = [
    { id: 'default', names: ['lb.elb.localhost'] },
    { id: 'wild', names: ['*.example.com'] },
    { id: 'exact', names: ['api.example.com'] },
  ];
  const pick = (name: string | undefined) => pickCertificate(certificates, name)?.id;

  it('an exact name beats a wildcard listed before it; a wildcard covers one label', () => {
    assert.equal(pick('api.example.com'), 'exact');
    assert.equal(pick('WWW.example.com'), 'wild');
    assert.equal(pick('a.b.example.com'), 'default');
    assert.equal(pick('example.com'), 'default');
  });

  it('no SNI, or a name nothing covers, gets the default certificate', () => {
    assert.equal(pick(undefined), 'default');
    assert.equal(pick('other.test'), 'default');
  });
});

describe('SslPolicy as node:tls options', () => {
  it('takes the lowest and highest protocol and the ciphers in priority order', () => {
    const tls13 = policyOptions('ELBSecurityPolicy-TLS13-1-2-2021-06');
    assert.deepEqual([tls13.minVersion, tls13.maxVersion], ['TLSv1.2', 'TLSv1.3']);
    assert.match(tls13.ciphers, /^TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:/);
    assert.ok(!tls13.ciphers.includes('@SECLEVEL'));
  });

  it('allows TLS 1.0 for the default policy by lowering OpenSSL security level', () => {
    const legacy = policyOptions(undefined);
    assert.deepEqual([legacy.minVersion, legacy.maxVersion], ['TLSv1', 'TLSv1.2']);
    assert.match(legacy.ciphers, /:@SECLEVEL=0$/);
  });

  it('TLS 1.3 only policies', () => {
    const only = policyOptions('ELBSecurityPolicy-TLS13-1-3-2021-06');
    assert.deepEqual([only.minVersion, only.maxVersion], ['TLSv1.3', 'TLSv1.3']);
  });
});

describe('AlpnPolicy', () => {
  it('orders the protocols by the policy preference; None offers none', () => {
    assert.deepEqual(alpnProtocols('HTTP2Preferred'), ['h2', 'http/1.1']);
    assert.deepEqual(alpnProtocols('HTTP2Optional'), ['http/1.1', 'h2']);
    assert.deepEqual(alpnProtocols('HTTP2Only'), ['h2']);
    assert.deepEqual(alpnProtocols('HTTP1Only'), ['http/1.1']);
    assert.equal(alpnProtocols('None'), undefined);
  });
});
