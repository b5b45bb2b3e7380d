import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { handler as createListener } from '../../../../handlers/elbv2/CreateListener.js';
import { handler as createLoadBalancer } from '../../../../handlers/elbv2/CreateLoadBalancer.js';
import { handler as createTargetGroup } from '../../../../handlers/elbv2/CreateTargetGroup.js';
import { handler as registerTargets } from '../../../../handlers/elbv2/RegisterTargets.js';
import { handler as setSecurityGroups } from '../../../../handlers/elbv2/SetSecurityGroups.js';
import { handler as setSubnets } from '../../../../handlers/elbv2/SetSubnets.js';
import { NO_EC2 } from '../../../../gateway/upstream-ec2/facts.js';
import { compileRouteTable } from '../../../../gateway/traffic/route-table/compile.js';
import { loadRoutingState } from '../../../../gateway/traffic/route-table/load-state.js';
import { serveTable } from '../../../../gateway/traffic/dataplane/served-table.js';
import { handler as healthCheck } from '../../../../handlers/scheduled/HealthCheck.js';
import { claimDueTargets } from '../../../../handlers/scheduled/lib/health-store.js';
import { httpTarget } from '../../scheduled/probe-targets.js';
import { testContext } from '../../../support/context.js';
import { fakeEc2 } from '../../../support/fake-ec2.js';
import { forward } from './fixtures.js';

const VPC = 'vpc-0a1b2c3d4e5f60718';
const OTHER_VPC = 'vpc-0ffffffffffffffff';
const RUNNING = 'i-0123456789abcdef0';
const STOPPED = 'i-0123456789abcdef1';
const ELSEWHERE = 'i-0123456789abcdef2';
const UNKNOWN_INSTANCE = 'i-0123456789abcdef3';

const world = () => fakeEc2({
  subnets: {
    'subnet-a': { vpcId: VPC, zoneName: 'us-east-1c' },
    'subnet-b': { vpcId: VPC, zoneName: 'us-east-1d' },
    'subnet-a2': { vpcId: VPC, zoneName: 'us-east-1c' },
    'subnet-c': { vpcId: VPC, zoneName: 'us-east-1e' },
    'subnet-x': { vpcId: OTHER_VPC, zoneName: 'us-east-1f' },
  },
  securityGroups: {
    'sg-default': { vpcId: VPC, name: 'default' },
    'sg-web': { vpcId: VPC, name: 'web' },
    'sg-far': { vpcId: OTHER_VPC, name: 'far' },
  },
  vpcs: [VPC, OTHER_VPC],
  instances: {
    [RUNNING]: { vpcId: VPC, state: 'running', privateIpAddress: '10.0.1.17' },
    [STOPPED]: { vpcId: VPC, state: 'stopped', privateIpAddress: '10.0.1.18' },
    [ELSEWHERE]: { vpcId: OTHER_VPC, state: 'running', privateIpAddress: '10.9.0.5' },
  },
});

describe('EC2 facts in the handlers, called directly with a fake EC2', () => {
  const kit = testContext();

  describe('CreateLoadBalancer', () => {
    it('reports the subnets\' real zones and VPC, and gives an ALB without groups its VPC\'s default group', async () => {
      const ec2 = world();
      const { LoadBalancers: [lb] = [] } = await createLoadBalancer({ Name: 'web', Subnets: ['subnet-a', 'subnet-b'] }, kit.ctx({ ec2 }));
      assert.equal(lb.VpcId, VPC);
      assert.deepEqual(lb.AvailabilityZones, [
        { ZoneName: 'us-east-1c', SubnetId: 'subnet-a', LoadBalancerAddresses: [] },
        { ZoneName: 'us-east-1d', SubnetId: 'subnet-b', LoadBalancerAddresses: [] },
      ]);
      assert.deepEqual(lb.SecurityGroups, ['sg-default']);
      // The same create again is the same load balancer (the default group counts as asked for).
      const again = await createLoadBalancer({ Name: 'web', Subnets: ['subnet-a', 'subnet-b'] }, kit.ctx({ ec2 }));
      assert.equal(again.LoadBalancers![0].LoadBalancerArn, lb.LoadBalancerArn);
      // A Network Load Balancer created without groups has none.
      const { LoadBalancers: [nlb] = [] } = await createLoadBalancer({ Name: 'tcp', Type: 'network', Subnets: ['subnet-c'] }, kit.ctx({ ec2 }));
      assert.equal(nlb.SecurityGroups, undefined);
      assert.deepEqual(nlb.AvailabilityZones!.map((z) => z.ZoneName), ['us-east-1e']);
    });

    it('asks for the subnets and the groups side by side: one round trip when both are cold', async () => {
      const ec2 = world();
      const events: string[] = [];
      // Each lookup takes a while; a sequential create would see one end before the other starts.
      const slow = <A extends unknown[], R>(name: string, lookup: (...args: A) => Promise<R>) => async (...args: A) => {
        events.push(`${name} asked`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push(`${name} answered`);
        return lookup(...args);
      };
      const ctx = kit.ctx({ ec2: { ...ec2, subnets: slow('subnets', ec2.subnets), securityGroups: slow('groups', ec2.securityGroups) } });
      const { LoadBalancers: [lb] = [] } = await createLoadBalancer({ Name: 'web', Subnets: ['subnet-a', 'subnet-b'], SecurityGroups: ['sg-web'] }, ctx);
      assert.deepEqual(lb.SecurityGroups, ['sg-web']);
      assert.deepEqual(events.slice(0, 2).sort(), ['groups asked', 'subnets asked']);
    });

    it('refuses unknown subnets, two subnets in one zone, subnets of two VPCs, unknown or foreign groups', async () => {
      const ctx = kit.ctx({ ec2: world() });
      const create = (Subnets: string[], SecurityGroups?: string[]) => createLoadBalancer({ Name: 'bad', Subnets, SecurityGroups }, ctx);
      await assert.rejects(create(['subnet-a', 'subnet-nope']), { code: 'SubnetNotFound', message: 'InvalidSubnetID.NotFound' });
      await assert.rejects(create(['subnet-a', 'subnet-a2']), {
        code: 'InvalidConfigurationRequest', message: 'A load balancer cannot be attached to multiple subnets in the same Availability Zone',
      });
      await assert.rejects(create(['subnet-a', 'subnet-x']), { code: 'InvalidConfigurationRequest', message: /same VPC/ });
      await assert.rejects(create(['subnet-a', 'subnet-b'], ['sg-web', 'sg-nope']), {
        code: 'InvalidSecurityGroup', message: "The security group 'sg-nope' does not exist",
      });
      await assert.rejects(create(['subnet-a', 'subnet-b'], ['sg-far']), {
        code: 'InvalidConfigurationRequest', message: `Security group "sg-far" does not belong to VPC "${VPC}"`,
      });
      const count = await kit.database.db.selectFrom('load_balancers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });

    it('without EC2 keeps the rule: zones in order, the derived VPC, groups as given', async () => {
      const { LoadBalancers: [lb] = [] } = await createLoadBalancer({ Name: 'plain', Subnets: ['subnet-a', 'subnet-a2'], SecurityGroups: ['sg-nope'] }, kit.ctx({ ec2: NO_EC2 }));
      assert.deepEqual(lb.AvailabilityZones!.map((z) => z.ZoneName), ['us-east-1a', 'us-east-1b']);
      assert.match(lb.VpcId!, /^vpc-[0-9a-f]{17}$/);
      assert.deepEqual(lb.SecurityGroups, ['sg-nope']);
    });
  });

  describe('SetSubnets and SetSecurityGroups', () => {
    it('keeps a load balancer in its VPC; one created without EC2 takes its subnets\' VPC', async () => {
      const ctx = kit.ctx({ ec2: world() });
      const { LoadBalancers: [lb] = [] } = await createLoadBalancer({ Name: 'web', Subnets: ['subnet-a', 'subnet-b'] }, ctx);
      const arn = lb.LoadBalancerArn!;
      const out = await setSubnets({ LoadBalancerArn: arn, Subnets: ['subnet-b', 'subnet-c'] }, ctx);
      assert.deepEqual(out.AvailabilityZones!.map((z) => [z.SubnetId, z.ZoneName]), [['subnet-b', 'us-east-1d'], ['subnet-c', 'us-east-1e']]);
      await assert.rejects(setSubnets({ LoadBalancerArn: arn, Subnets: ['subnet-x', 'subnet-xx'] }, ctx), { code: 'SubnetNotFound' });
      await assert.rejects(setSubnets({ LoadBalancerArn: arn, Subnets: ['subnet-a', 'subnet-a2'] }, ctx), { code: 'InvalidConfigurationRequest' });
      await assert.rejects(setSecurityGroups({ LoadBalancerArn: arn, SecurityGroups: ['sg-nope'] }, ctx), { code: 'InvalidSecurityGroup' });
      await assert.rejects(setSecurityGroups({ LoadBalancerArn: arn, SecurityGroups: ['sg-far'] }, ctx), { code: 'InvalidConfigurationRequest' });
      assert.deepEqual((await setSecurityGroups({ LoadBalancerArn: arn, SecurityGroups: ['sg-web'] }, ctx)).SecurityGroupIds, ['sg-web']);

      const { LoadBalancers: [old] = [] } = await createLoadBalancer({ Name: 'old', Subnets: ['subnet-1', 'subnet-2'] }, kit.ctx({ ec2: NO_EC2 }));
      const adopted = await setSubnets({ LoadBalancerArn: old.LoadBalancerArn!, Subnets: ['subnet-a', 'subnet-b'] }, ctx);
      assert.deepEqual(adopted.AvailabilityZones!.map((z) => z.ZoneName), ['us-east-1c', 'us-east-1d']);
      const row = await kit.database.db.selectFrom('load_balancers').select('vpc_id').where('arn', '=', old.LoadBalancerArn!).executeTakeFirstOrThrow();
      assert.equal(row.vpc_id, VPC);
    });
  });

  describe('CreateListener', () => {
    it("refuses a target group of another VPC than the load balancer's, as AWS does; without EC2 takes it", async () => {
      const ec2 = world();
      const { LoadBalancers: [lb] = [] } = await createLoadBalancer({ Name: 'web', Subnets: ['subnet-a', 'subnet-b'] }, kit.ctx({ ec2 }));
      const { TargetGroups: [far] = [] } = await createTargetGroup({ Name: 'far', Protocol: 'HTTP', Port: 80, VpcId: OTHER_VPC }, kit.ctx({ ec2 }));
      const { TargetGroups: [near] = [] } = await createTargetGroup({ Name: 'near', Protocol: 'HTTP', Port: 80, VpcId: VPC }, kit.ctx({ ec2 }));
      await assert.rejects(createListener({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(far.TargetGroupArn!)] }, kit.ctx({ ec2 })), {
        code: 'InvalidConfigurationRequest',
        message: `Target group '${far.TargetGroupArn}' is in a different VPC than load balancer '${lb.LoadBalancerArn}'`,
      });
      await createListener({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(near.TargetGroupArn!)] }, kit.ctx({ ec2 }));
      // Without EC2 the load balancer's VPC is made up, so no user-given VpcId is held against it.
      const { LoadBalancers: [local] = [] } = await createLoadBalancer({ Name: 'local', Subnets: ['subnet-a', 'subnet-b'] }, kit.ctx({ ec2: NO_EC2 }));
      await createListener({ LoadBalancerArn: local.LoadBalancerArn!, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(far.TargetGroupArn!)] }, kit.ctx({ ec2: NO_EC2 }));
    });
  });

  describe('CreateTargetGroup and RegisterTargets', () => {
    it('refuses a VPC EC2 does not know', async () => {
      await assert.rejects(createTargetGroup({ Name: 'tg', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-nope' }, kit.ctx({ ec2: world() })), {
        code: 'ValidationError', message: "The VPC ID 'vpc-nope' is not found",
      });
      // Without EC2 any VPC id is taken.
      await createTargetGroup({ Name: 'tg', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-nope' }, kit.ctx({ ec2: NO_EC2 }));
    });

    it('resolves instances to their private IP, which the route table and the health checker use; refuses unknown, foreign and stopped ones', async () => {
      const ctx = kit.ctx({ ec2: world() });
      const { TargetGroups: [tg] = [] } = await createTargetGroup({ Name: 'tg', Protocol: 'HTTP', Port: 80, VpcId: VPC }, ctx);
      const TargetGroupArn = tg.TargetGroupArn!;
      await assert.rejects(registerTargets({ TargetGroupArn, Targets: [{ Id: RUNNING }, { Id: UNKNOWN_INSTANCE }] }, ctx), {
        code: 'InvalidTarget', message: `The following instances do not exist: '${UNKNOWN_INSTANCE}'`,
      });
      await assert.rejects(registerTargets({ TargetGroupArn, Targets: [{ Id: ELSEWHERE }] }, ctx), {
        code: 'InvalidTarget', message: `The following targets are not in the target group VPC '${VPC}': '${ELSEWHERE}'`,
      });
      await assert.rejects(registerTargets({ TargetGroupArn, Targets: [{ Id: STOPPED }] }, ctx), {
        code: 'InvalidTarget', message: `The following targets are not in a running state and cannot be registered: '${STOPPED}'`,
      });
      await registerTargets({ TargetGroupArn, Targets: [{ Id: RUNNING }, { Id: RUNNING, Port: 8080 }] }, ctx);
      const rows = await kit.database.db.selectFrom('targets').select(['id', 'port', 'address']).orderBy('port').execute();
      assert.deepEqual(rows, [{ id: RUNNING, port: 80, address: '10.0.1.17' }, { id: RUNNING, port: 8080, address: '10.0.1.17' }]);

      // Traffic goes to the address; the target keeps its id.
      const { LoadBalancers: [lb] = [] } = await createLoadBalancer({ Name: 'web', Subnets: ['subnet-a', 'subnet-b'] }, ctx);
      await createListener({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(TargetGroupArn)] }, ctx);
      const table = compileRouteTable(await loadRoutingState(kit.database.db));
      assert.deepEqual(table.targetGroups[TargetGroupArn].targets, [
        { id: RUNNING, port: 80, address: '10.0.1.17' },
        { id: RUNNING, port: 8080, address: '10.0.1.17' },
      ]);
      // The embedded data plane connects to the address; its stickiness keys stay id:port.
      assert.deepEqual(serveTable(table).groups[TargetGroupArn].endpoints, [
        { key: `${RUNNING}:80`, host: '10.0.1.17', port: 80 },
        { key: `${RUNNING}:8080`, host: '10.0.1.17', port: 8080 },
      ]);
      // The health checker claims the address.
      const now = kit.clock.now();
      const claimed = await claimDueTargets(kit.database.db, now, new Date(now.getTime() + 1000), 1000, 10);
      assert.deepEqual(claimed.map((t) => [t.id, t.host, t.port]).sort(), [[RUNNING, '10.0.1.17', 80], [RUNNING, '10.0.1.17', 8080]]);
    });

    it('health-checks an instance at its address', async () => {
      const target = await httpTarget(200);
      try {
        const ctx = kit.ctx({ ec2: fakeEc2({ vpcs: [VPC], instances: { [RUNNING]: { vpcId: VPC, state: 'running', privateIpAddress: '127.0.0.1' } } }) });
        const { TargetGroups: [tg] = [] } = await createTargetGroup({ Name: 'tg', Protocol: 'HTTP', Port: target.port, VpcId: VPC, HealthCheckPath: '/ping' }, ctx);
        await registerTargets({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: RUNNING }] }, ctx);
        const { LoadBalancers: [lb] = [] } = await createLoadBalancer({ Name: 'web', Subnets: ['subnet-1', 'subnet-2'] }, kit.ctx({ ec2: NO_EC2 }));
        await createListener({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: 80, DefaultActions: [forward(tg.TargetGroupArn!)] }, ctx);
        await healthCheck({ db: kit.database.db, log: ctx.log, now: kit.clock.now, config: ctx.config });
        assert.deepEqual(target.requests.map((r) => [r.host, r.path]), [[`127.0.0.1:${target.port}`, '/ping']]);
        const row = await kit.database.db.selectFrom('targets').select(['id', 'state']).executeTakeFirstOrThrow();
        assert.deepEqual(row, { id: RUNNING, state: 'healthy' });
      } finally {
        await target.stop();
      }
    });

    it('without EC2 stores instance targets as they are', async () => {
      const ctx = kit.ctx({ ec2: NO_EC2 });
      const { TargetGroups: [tg] = [] } = await createTargetGroup({ Name: 'tg', Protocol: 'HTTP', Port: 80, VpcId: VPC }, ctx);
      await registerTargets({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: UNKNOWN_INSTANCE }] }, ctx);
      const rows = await kit.database.db.selectFrom('targets').select(['id', 'address']).execute();
      assert.deepEqual(rows, [{ id: UNKNOWN_INSTANCE, address: null }]);
    });
  });
});
