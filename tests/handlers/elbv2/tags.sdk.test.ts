import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import {
  AddTagsCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTagsCommand,
  RemoveTagsCommand,
  type Tag,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { MAX_TAGS_PER_RESOURCE } from '../../../handlers/elbv2/lib/tags.js';
import { useTestGateway } from '../../support/gateway.js';
import { createListenerWithRule } from './listener-with-rule.js';

const PREFIX = 'arn:aws:elasticloadbalancing:us-east-1:000000000000';
const ID = '0123456789abcdef';
const UNKNOWN = {
  LoadBalancerNotFoundException: `${PREFIX}:loadbalancer/app/gone/${ID}`,
  TargetGroupNotFoundException: `${PREFIX}:targetgroup/gone/${ID}`,
  ListenerNotFoundException: `${PREFIX}:listener/app/gone/${ID}/${ID}`,
  RuleNotFoundException: `${PREFIX}:listener-rule/app/gone/${ID}/${ID}/${ID}`,
  TrustStoreNotFoundException: `${PREFIX}:truststore/gone/${ID}`,
};

const tags = (count: number, prefix = 'k'): Tag[] => Array.from({ length: count }, (_, i) => ({ Key: `${prefix}${i}`, Value: `v${i}` }));

describe('tags through the SDK', () => {
  const { elb } = useTestGateway();
  let lb: string;
  beforeEach(async () => {
    const { LoadBalancers = [] } = await elb.send(new CreateLoadBalancerCommand({ Name: 'tagged', Tags: [{ Key: 'env', Value: 'dev' }] }));
    lb = LoadBalancers[0].LoadBalancerArn!;
  });

  async function tagsOf(...ResourceArns: string[]) {
    return (await elb.send(new DescribeTagsCommand({ ResourceArns }))).TagDescriptions;
  }

  it('adds, overwrites and removes tags on a load balancer', async () => {
    assert.deepEqual(await tagsOf(lb), [{ ResourceArn: lb, Tags: [{ Key: 'env', Value: 'dev' }] }]);
    await elb.send(new AddTagsCommand({ ResourceArns: [lb], Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: '' }] }));
    assert.deepEqual((await tagsOf(lb))?.[0].Tags, [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: '' }]);
    await elb.send(new RemoveTagsCommand({ ResourceArns: [lb], TagKeys: ['env', 'not-there'] }));
    assert.deepEqual((await tagsOf(lb))?.[0].Tags, [{ Key: 'team', Value: '' }]);
  });

  it('tags every kind of resource and describes them in the order asked', async () => {
    const { TargetGroups = [] } = await elb.send(new CreateTargetGroupCommand({ Name: 'tg', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1' }));
    const tg = TargetGroups[0].TargetGroupArn!;
    const { listener, rule } = await createListenerWithRule(elb, lb);
    const order = [rule, tg, lb, listener];
    await elb.send(new AddTagsCommand({ ResourceArns: order, Tags: [{ Key: 'app', Value: 'shop' }] }));
    await elb.send(new RemoveTagsCommand({ ResourceArns: [lb], TagKeys: ['env'] }));
    const described = await tagsOf(...order);
    assert.deepEqual(described?.map((d) => d.ResourceArn), order);
    for (const d of described ?? []) assert.deepEqual(d.Tags, [{ Key: 'app', Value: 'shop' }]);
  });

  it('answers the not-found error of each resource kind, and ValidationError for malformed ARNs', async () => {
    for (const [name, arn] of Object.entries(UNKNOWN)) {
      await assert.rejects(tagsOf(lb, arn), { name }, arn);
      await assert.rejects(elb.send(new AddTagsCommand({ ResourceArns: [arn], Tags: [{ Key: 'a', Value: 'b' }] })), { name }, arn);
      await assert.rejects(elb.send(new RemoveTagsCommand({ ResourceArns: [arn], TagKeys: ['a'] })), { name }, arn);
    }
    await assert.rejects(tagsOf(lb.replace('us-east-1', 'us-west-2')), { name: 'LoadBalancerNotFoundException' });
    for (const arn of ['nope', `${PREFIX}:loadbalancer/app/bad_name/${ID}`, `${PREFIX}:secret/x`]) {
      await assert.rejects(tagsOf(UNKNOWN.LoadBalancerNotFoundException, arn), { name: 'ValidationError' }, arn);
    }
    await assert.rejects(tagsOf(...Array.from({ length: 21 }, () => lb)), { name: 'ValidationError' });
  });

  it('writes nothing when any resource of the call fails', async () => {
    await assert.rejects(elb.send(new AddTagsCommand({ ResourceArns: [lb, UNKNOWN.TargetGroupNotFoundException], Tags: [{ Key: 'x', Value: 'y' }] })));
    assert.deepEqual((await tagsOf(lb))?.[0].Tags, [{ Key: 'env', Value: 'dev' }]);
  });

  it('rejects duplicate, reserved, oversized and ill-formed tags', async () => {
    const add = (Tags: Tag[]) => elb.send(new AddTagsCommand({ ResourceArns: [lb], Tags }));
    await assert.rejects(add([{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }]), { name: 'DuplicateTagKeysException' });
    for (const bad of [{ Key: 'aws:owner', Value: 'me' }, { Key: 'k'.repeat(129) }, { Key: 'k', Value: 'v'.repeat(257) }, { Key: 'semi;colon' }, { Key: '' }]) {
      await assert.rejects(add([bad]), { name: 'ValidationError' }, JSON.stringify(bad).slice(0, 60));
    }
    await add([{ Key: 'ünïcode key_.:/=+-@', Value: 'with spaces' }]);
    await assert.rejects(elb.send(new AddTagsCommand({ ResourceArns: [lb], Tags: [] })), { name: 'ValidationError' });
  });

  it(`allows ${MAX_TAGS_PER_RESOURCE} tags per resource and refuses one more`, async () => {
    await elb.send(new AddTagsCommand({ ResourceArns: [lb], Tags: tags(MAX_TAGS_PER_RESOURCE - 1) }));
    await elb.send(new AddTagsCommand({ ResourceArns: [lb], Tags: tags(MAX_TAGS_PER_RESOURCE - 1) }));
    await assert.rejects(elb.send(new AddTagsCommand({ ResourceArns: [lb], Tags: tags(1, 'extra') })), { name: 'TooManyTagsException' });
    assert.equal((await tagsOf(lb))?.[0].Tags?.length, MAX_TAGS_PER_RESOURCE);
  });

  it('counts concurrent additions exactly', async () => {
    const half = MAX_TAGS_PER_RESOURCE / 2 + 1;
    const results = await Promise.allSettled(['a', 'b'].map((prefix) => elb.send(new AddTagsCommand({ ResourceArns: [lb], Tags: tags(half, prefix) }))));
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.equal((await tagsOf(lb))?.[0].Tags?.length, 1 + half);
  });
});
