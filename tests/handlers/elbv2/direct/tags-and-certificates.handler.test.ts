import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Context } from '../../../../gateway/api/service.js';
import { handler as addListenerCertificates } from '../../../../handlers/elbv2/AddListenerCertificates.js';
import { handler as addTags } from '../../../../handlers/elbv2/AddTags.js';
import { handler as createListener } from '../../../../handlers/elbv2/CreateListener.js';
import { handler as createRule } from '../../../../handlers/elbv2/CreateRule.js';
import { handler as describeListenerCertificates } from '../../../../handlers/elbv2/DescribeListenerCertificates.js';
import { handler as describeTags } from '../../../../handlers/elbv2/DescribeTags.js';
import { handler as removeListenerCertificates } from '../../../../handlers/elbv2/RemoveListenerCertificates.js';
import { handler as removeTags } from '../../../../handlers/elbv2/RemoveTags.js';
import { MAX_CERTIFICATES_PER_LOAD_BALANCER } from '../../../../handlers/elbv2/lib/listener-certificates.js';
import { MAX_TAGS_PER_RESOURCE } from '../../../../handlers/elbv2/lib/tags.js';
import { testContext } from '../../../support/context.js';
import { albWithListener, fixedResponse, makeLoadBalancer, makeTargetGroup, MISSING } from './fixtures.js';

const cert = (name: string) => `arn:aws:acm:us-east-1:000000000000:certificate/${name}`;

/** An HTTPS listener on `port` of `lbArn` whose default certificate is `cert('default')`. */
async function httpsListener(ctx: Context, lbArn: string, port = 443): Promise<string> {
  const { Listeners = [] } = await createListener({
    LoadBalancerArn: lbArn, Protocol: 'HTTPS', Port: port, Certificates: [{ CertificateArn: cert('default') }], DefaultActions: [fixedResponse()],
  }, ctx);
  return Listeners[0].ListenerArn!;
}

describe('tag and listener certificate handlers, called directly', () => {
  const kit = testContext();
  const tagsOf = async (arn: string) => (await describeTags({ ResourceArns: [arn] }, kit.ctx())).TagDescriptions![0].Tags;

  describe('AddTags', () => {
    it('adds and overwrites tags on every kind of resource', async () => {
      const { lbArn, tgArn, listenerArn } = await albWithListener(kit.ctx(), 'web');
      const { Rules = [] } = await createRule({ ListenerArn: listenerArn, Priority: 1, Conditions: [{ Field: 'path-pattern', Values: ['/x'] }], Actions: [fixedResponse()] }, kit.ctx());
      const all = [lbArn, tgArn, listenerArn, Rules[0].RuleArn!];
      await addTags({ ResourceArns: all, Tags: [{ Key: 'env', Value: 'dev' }] }, kit.ctx());
      await addTags({ ResourceArns: [lbArn], Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team' }] }, kit.ctx());
      const { TagDescriptions = [] } = await describeTags({ ResourceArns: all }, kit.ctx());
      assert.deepEqual(TagDescriptions.map((d) => [d.ResourceArn, d.Tags]), [
        [lbArn, [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: '' }]],
        ...all.slice(1).map((arn) => [arn, [{ Key: 'env', Value: 'dev' }]]),
      ]);
    });

    it('is all or nothing: an unknown resource fails the call and tags nothing', async () => {
      const lbArn = await makeLoadBalancer(kit.ctx(), 'web');
      await assert.rejects(addTags({ ResourceArns: [lbArn, MISSING.targetGroup], Tags: [{ Key: 'k', Value: 'v' }] }, kit.ctx()), {
        code: 'TargetGroupNotFound', message: 'One or more target groups not found',
      });
      assert.deepEqual(await tagsOf(lbArn), []);
    });

    it('refuses reserved and duplicated keys, trust stores, and a 51st tag', async () => {
      const tgArn = await makeTargetGroup(kit.ctx(), 'web');
      await assert.rejects(addTags({ ResourceArns: [tgArn], Tags: [{ Key: 'aws:owner', Value: 'x' }] }, kit.ctx()), {
        code: 'ValidationError', message: "Tag keys starting with 'aws:' are reserved for AWS use: 'aws:owner'",
      });
      await assert.rejects(addTags({ ResourceArns: [tgArn], Tags: [{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }] }, kit.ctx()), {
        code: 'DuplicateTagKeys', message: "Tag key 'k' is duplicated",
      });
      const trustStore = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:truststore/ts/0123456789abcdef';
      await assert.rejects(addTags({ ResourceArns: [trustStore], Tags: [{ Key: 'k' }] }, kit.ctx()), { code: 'TrustStoreNotFound' });
      await assert.rejects(addTags({ ResourceArns: ['arn:nope'], Tags: [{ Key: 'k' }] }, kit.ctx()), {
        code: 'ValidationError', message: "'arn:nope' is not a valid resource ARN",
      });
      const full = Array.from({ length: MAX_TAGS_PER_RESOURCE }, (_, i) => ({ Key: `k${i}`, Value: '' }));
      await addTags({ ResourceArns: [tgArn], Tags: full }, kit.ctx());
      // Overwriting an existing key costs nothing; one more key is over the quota.
      await addTags({ ResourceArns: [tgArn], Tags: [{ Key: 'k0', Value: 'new' }] }, kit.ctx());
      await assert.rejects(addTags({ ResourceArns: [tgArn], Tags: [{ Key: 'one-more' }] }, kit.ctx()), {
        code: 'TooManyTags', message: `The quota of ${MAX_TAGS_PER_RESOURCE} tags per resource would be exceeded for '${tgArn}'`,
      });
    });
  });

  describe('RemoveTags', () => {
    it('removes the keys given; a key not there is no error, a resource not there is', async () => {
      const tgArn = await makeTargetGroup(kit.ctx(), 'web');
      await addTags({ ResourceArns: [tgArn], Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }, kit.ctx());
      await removeTags({ ResourceArns: [tgArn], TagKeys: ['a', 'never-set'] }, kit.ctx());
      assert.deepEqual(await tagsOf(tgArn), [{ Key: 'b', Value: '2' }]);
      await assert.rejects(removeTags({ ResourceArns: [MISSING.listener], TagKeys: ['b'] }, kit.ctx()), { code: 'ListenerNotFound' });
    });
  });

  describe('DescribeTags', () => {
    it('answers in the order asked, and fails for a resource of another region', async () => {
      const a = await makeTargetGroup(kit.ctx(), 'a');
      const b = await makeTargetGroup(kit.ctx(), 'b');
      const { TagDescriptions = [] } = await describeTags({ ResourceArns: [b, a] }, kit.ctx());
      assert.deepEqual(TagDescriptions, [{ ResourceArn: b, Tags: [] }, { ResourceArn: a, Tags: [] }]);
      await assert.rejects(describeTags({ ResourceArns: [a] }, kit.ctx({ region: 'eu-west-1' })), { code: 'TargetGroupNotFound' });
      await assert.rejects(describeTags({ ResourceArns: [MISSING.rule] }, kit.ctx()), { code: 'RuleNotFound' });
    });
  });

  describe('AddListenerCertificates', () => {
    it('adds to the list once, answering the certificates of the call as not default', async () => {
      const listenerArn = await httpsListener(kit.ctx(), await makeLoadBalancer(kit.ctx(), 'web'));
      const out = await addListenerCertificates({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: cert('a') }, { CertificateArn: cert('a') }] }, kit.ctx());
      assert.deepEqual(out.Certificates, [{ CertificateArn: cert('a'), IsDefault: false }]);
      // "If the certificate is already in the certificate list, the call is successful."
      await addListenerCertificates({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: cert('a') }] }, kit.ctx());
      assert.equal((await describeListenerCertificates({ ListenerArn: listenerArn }, kit.ctx())).Certificates!.length, 2);
    });

    it('refuses HTTP listeners, IsDefault, and unknown listeners', async () => {
      const { listenerArn } = await albWithListener(kit.ctx(), 'web');
      await assert.rejects(addListenerCertificates({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: cert('a') }] }, kit.ctx()), {
        code: 'ValidationError', message: 'Certificates cannot be added to HTTP listeners',
      });
      await assert.rejects(addListenerCertificates({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: cert('a'), IsDefault: true }] }, kit.ctx()), {
        code: 'ValidationError', message: 'You cannot set the isDefault parameter for a certificate',
      });
      await assert.rejects(addListenerCertificates({ ListenerArn: MISSING.listener, Certificates: [{ CertificateArn: cert('a') }] }, kit.ctx()), { code: 'ListenerNotFound' });
    });

    it(`counts ${MAX_CERTIFICATES_PER_LOAD_BALANCER} distinct certificates per load balancer, across its listeners`, async () => {
      const lbArn = await makeLoadBalancer(kit.ctx(), 'web');
      const first = await httpsListener(kit.ctx(), lbArn, 443);
      const second = await httpsListener(kit.ctx(), lbArn, 8443);
      const arns = Array.from({ length: MAX_CERTIFICATES_PER_LOAD_BALANCER }, (_, i) => ({ CertificateArn: cert(`c${i}`) }));
      await addListenerCertificates({ ListenerArn: first, Certificates: arns }, kit.ctx());
      // The same certificates on a sibling listener count once.
      await addListenerCertificates({ ListenerArn: second, Certificates: arns.slice(0, 3) }, kit.ctx());
      await assert.rejects(addListenerCertificates({ ListenerArn: second, Certificates: [{ CertificateArn: cert('one-more') }] }, kit.ctx()), {
        code: 'TooManyCertificates', message: 'The maximum number of certificates has been reached',
      });
    });
  });

  describe('RemoveListenerCertificates', () => {
    it('removes all or none, and never the default certificate', async () => {
      const listenerArn = await httpsListener(kit.ctx(), await makeLoadBalancer(kit.ctx(), 'web'));
      await addListenerCertificates({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: cert('a') }, { CertificateArn: cert('b') }] }, kit.ctx());
      await assert.rejects(removeListenerCertificates({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: cert('default') }] }, kit.ctx()), {
        code: 'OperationNotPermitted', message: 'Default certificate cannot be removed',
      });
      await assert.rejects(removeListenerCertificates({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: cert('a') }, { CertificateArn: cert('gone') }] }, kit.ctx()), {
        code: 'CertificateNotFound', message: `Certificate '${cert('gone')}' not found`,
      });
      // The failed call removed nothing, not even 'a'.
      const listed = async () => (await describeListenerCertificates({ ListenerArn: listenerArn }, kit.ctx())).Certificates!.map((c) => c.CertificateArn);
      assert.deepEqual(await listed(), [cert('a'), cert('b'), cert('default')]);
      await removeListenerCertificates({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: cert('a') }] }, kit.ctx());
      assert.deepEqual(await listed(), [cert('b'), cert('default')]);
    });
  });

  describe('DescribeListenerCertificates', () => {
    it('lists the certificate list oldest first, then the default, paged', async () => {
      const listenerArn = await httpsListener(kit.ctx(), await makeLoadBalancer(kit.ctx(), 'web'));
      await addListenerCertificates({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: cert('z') }] }, kit.ctx());
      kit.clock.advance(1000);
      await addListenerCertificates({ ListenerArn: listenerArn, Certificates: [{ CertificateArn: cert('a') }] }, kit.ctx());
      const first = await describeListenerCertificates({ ListenerArn: listenerArn, PageSize: 2 }, kit.ctx());
      const rest = await describeListenerCertificates({ ListenerArn: listenerArn, PageSize: 2, Marker: first.NextMarker }, kit.ctx());
      assert.deepEqual([...first.Certificates!, ...rest.Certificates!], [
        { CertificateArn: cert('z'), IsDefault: false },
        { CertificateArn: cert('a'), IsDefault: false },
        { CertificateArn: cert('default'), IsDefault: true },
      ]);
      // An HTTP listener has no default certificate: nothing to list.
      const { listenerArn: http } = await albWithListener(kit.ctx(), 'plain');
      assert.deepEqual((await describeListenerCertificates({ ListenerArn: http }, kit.ctx())).Certificates, []);
      await assert.rejects(describeListenerCertificates({ ListenerArn: MISSING.listener }, kit.ctx()), { code: 'ListenerNotFound' });
    });
  });
});
