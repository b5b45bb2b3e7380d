import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePodSelector } from '../../../../gateway/traffic/kubernetes/pod-selector.js';
import { targetsFromPods, type PodTargetGroup } from '../../../../gateway/traffic/kubernetes/targets-from-pods.js';
import { pod, snapshot } from './pod-fixtures.js';

const DEFAULTS = { accountId: '000000000000', defaultRegion: 'eu-west-1' };

function group(overrides: Partial<PodTargetGroup> = {}): PodTargetGroup {
  return {
    arn: `arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/${overrides.name ?? 'web'}/0123456789abcdef`,
    name: 'web', account_id: '000000000000', region: 'us-east-1', target_type: 'ip',
    protocol: 'HTTP', port: 80, ip_address_type: 'ipv4', tags: {}, ...overrides,
  };
}

/** The desired targets of the only group given, as `ip:port` strings. */
function targetsOf(g: PodTargetGroup, ...pods: ReturnType<typeof pod>[]): string[] {
  return targetsFromPods(snapshot(pods), [g], DEFAULTS).desired.get(g.arn)!.map((t) => `${t.id}:${t.port}`);
}

describe('targetsFromPods', () => {
  it('takes pods labelled with the group name, or with it in the names list', () => {
    const one = pod({ ip: '10.0.0.1', labels: { 'kecs.io/elbv2-target-group-name': 'web' } });
    const listed = pod({ ip: '10.0.0.2', labels: { 'kecs.io/elbv2-target-group-name': 'api', 'kecs.io/elbv2-target-group-names': 'api, web' } });
    const other = pod({ ip: '10.0.0.3', labels: { 'kecs.io/elbv2-target-group-name': 'api' } });
    assert.deepEqual(targetsOf(group(), one, listed, other), ['10.0.0.1:80', '10.0.0.2:80']);
  });

  it('leaves out pods that are not Ready or have no IP', () => {
    const labels = { 'kecs.io/elbv2-target-group-name': 'web' };
    assert.deepEqual(targetsOf(group(), pod({ labels, ready: false }), pod({ labels, ip: undefined })), []);
  });

  it('finds a labelled pod\'s group in its service ARN\'s account and Region, else its namespace\'s Region, else the default', () => {
    const labels = { 'kecs.io/elbv2-target-group-name': 'web' };
    const byArn = pod({ ip: '10.0.0.1', labels, namespace: 'default-us-east-1', annotations: { 'kecs.dev/service-arn': 'arn:aws:ecs:ap-northeast-1:111122223333:service/prod/web' } });
    const byNamespace = pod({ ip: '10.0.0.2', labels, namespace: 'prod-ap-northeast-1' });
    const byDefault = pod({ ip: '10.0.0.3', labels, namespace: 'apps' });
    const govRegion = pod({ ip: '10.0.0.4', labels, namespace: 'my-cluster-us-gov-west-1' });
    const pods = [byArn, byNamespace, byDefault, govRegion];
    assert.deepEqual(targetsOf(group({ account_id: '111122223333', region: 'ap-northeast-1' }), ...pods), ['10.0.0.1:80']);
    assert.deepEqual(targetsOf(group({ region: 'ap-northeast-1' }), ...pods), ['10.0.0.2:80']);
    assert.deepEqual(targetsOf(group({ region: 'eu-west-1' }), ...pods), ['10.0.0.3:80']);
    assert.deepEqual(targetsOf(group({ region: 'us-gov-west-1' }), ...pods), ['10.0.0.4:80']);
  });

  it('takes the pods a selector tag matches, in the namespace tag\'s namespace when there is one', () => {
    const redis = pod({ ip: '10.0.0.1', namespace: 'data', labels: { app: 'redis', tier: 'backend' } });
    const redisElsewhere = pod({ ip: '10.0.0.2', namespace: 'test', labels: { app: 'redis', tier: 'backend', extra: 'x' } });
    const frontend = pod({ ip: '10.0.0.3', namespace: 'data', labels: { app: 'redis', tier: 'frontend' } });
    const tcp = { protocol: 'TCP', port: 6379 };
    assert.deepEqual(targetsOf(group({ ...tcp, tags: { 'kecs.io/pod-selector': 'app=redis tier=backend' } }), redis, redisElsewhere, frontend), ['10.0.0.1:6379', '10.0.0.2:6379']);
    assert.deepEqual(targetsOf(group({ ...tcp, tags: { 'kecs.io/pod-selector': 'app=redis,tier=backend', 'kecs.io/pod-namespace': 'test' } }), redis, redisElsewhere, frontend), ['10.0.0.2:6379']);
  });

  it('parses equality selectors and refuses empty or malformed ones', () => {
    assert.deepEqual(parsePodSelector(' app=redis  tier==backend '), [{ key: 'app', value: 'redis' }, { key: 'tier', value: 'backend' }]);
    assert.deepEqual(parsePodSelector('app.kubernetes.io/name=db'), [{ key: 'app.kubernetes.io/name', value: 'db' }]);
    for (const text of ['', '  ', 'app', 'app=a=b', '-bad=x', 'app=bad value!']) assert.equal(parsePodSelector(text), undefined, text);
    const plan = targetsFromPods(snapshot([pod({ labels: { app: 'x' } })]), [group({ tags: { 'kecs.io/pod-selector': 'app' } })], DEFAULTS);
    assert.deepEqual([...plan.desired.values()], [[]]);
    assert.match(plan.notes[0].problem, /selects no pod/);
  });

  it('gives instance target groups no pods, and says so', () => {
    const g = group({ target_type: 'instance' });
    const plan = targetsFromPods(snapshot([pod({ labels: { 'kecs.io/elbv2-target-group-name': 'web' } })]), [g], DEFAULTS);
    assert.deepEqual(plan.desired.get(g.arn), []);
    assert.deepEqual(plan.notes.map((n) => n.problem), ['only ip target groups take pods; this one is of type instance']);
  });

  it('leaves out pods whose IP family is not the group\'s', () => {
    const labels = { 'kecs.io/elbv2-target-group-name': 'web' };
    const pods = [pod({ ip: '10.0.0.1', labels }), pod({ ip: 'fd00::1', labels })];
    assert.deepEqual(targetsOf(group(), ...pods), ['10.0.0.1:80']);
    assert.deepEqual(targetsOf(group({ ip_address_type: 'ipv6' }), ...pods), ['fd00::1:80']);
  });

  describe('ports', () => {
    const labels = { 'kecs.io/elbv2-target-group-name': 'web' };
    const ports = (...list: Array<[number, string?]>) => list.map(([containerPort, name]) => ({ containerPort, name, protocol: 'TCP' }));

    it('prefers the pod-port tag, then the target-port annotation, by number or container port name', () => {
      const annotated = pod({ ip: '10.0.0.1', labels, annotations: { 'kecs.io/target-port': 'admin' }, containerPorts: ports([80], [9000, 'admin']) });
      assert.deepEqual(targetsOf(group(), annotated), ['10.0.0.1:9000']);
      assert.deepEqual(targetsOf(group({ tags: { 'kecs.io/pod-port': '8443' } }), annotated), ['10.0.0.1:8443']);
    });

    it('leaves out a pod whose override names no container port or no valid port', () => {
      for (const value of ['missing', '70000']) {
        const g = group({ tags: { 'kecs.io/pod-port': value } });
        const plan = targetsFromPods(snapshot([pod({ labels, containerPorts: ports([80]) })]), [g], DEFAULTS);
        assert.deepEqual(plan.desired.get(g.arn), [], value);
        assert.equal(plan.notes.length, 1);
      }
    });

    it('then takes the container port equal to the group\'s port, then one named like its protocol, then the only one, then the group\'s port', () => {
      assert.deepEqual(targetsOf(group(), pod({ ip: '10.0.0.1', labels, containerPorts: ports([8080, 'http'], [80]) })), ['10.0.0.1:80']);
      assert.deepEqual(targetsOf(group(), pod({ ip: '10.0.0.2', labels, containerPorts: ports([9090, 'metrics'], [8080, 'http']) })), ['10.0.0.2:8080']);
      assert.deepEqual(targetsOf(group(), pod({ ip: '10.0.0.3', labels, containerPorts: ports([3000, 'web']) })), ['10.0.0.3:3000']);
      assert.deepEqual(targetsOf(group(), pod({ ip: '10.0.0.4', labels, containerPorts: ports([3000], [3001]) })), ['10.0.0.4:80']);
    });
  });

  it('lists targets in pod-name order whatever order the snapshot holds them in', () => {
    const labels = { 'kecs.io/elbv2-target-group-name': 'web' };
    const b = pod({ name: 'b', ip: '10.0.0.1', labels });
    const a = pod({ name: 'a', ip: '10.0.0.2', labels });
    assert.deepEqual(targetsOf(group(), b, a), ['10.0.0.2:80', '10.0.0.1:80']);
  });
});
