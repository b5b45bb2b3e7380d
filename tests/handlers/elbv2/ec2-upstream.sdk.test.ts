import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { compileRouteTable } from '../../../gateway/traffic/route-table/compile.js';
import { loadRoutingState } from '../../../gateway/traffic/route-table/load-state.js';
import { claimDueTargets } from '../../../handlers/scheduled/lib/health-store.js';
import { ACCOUNT, REGION, useTestGateway } from '../../support/gateway.js';
import { motoMissing, startMoto, type MotoServer } from '../../support/moto.js';

/** What the suite creates in moto's EC2 before the gateway starts. */
interface Network {
  vpc: string;
  otherVpc: string;
  /** In us-east-1a, us-east-1b, and us-east-1a again. */
  subnetA: string;
  subnetB: string;
  subnetA2: string;
  otherSubnet: string;
  group: string;
  defaultGroup: string;
  instance: string;
  privateIp: string;
}

async function buildNetwork(ec2: EC2Client): Promise<Network> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const otherVpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
  const subnet = async (VpcId: string, CidrBlock: string, AvailabilityZone: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId, CidrBlock, AvailabilityZone }))).Subnet!.SubnetId!;
  const subnetA = await subnet(vpc, '10.0.1.0/24', 'us-east-1a');
  const subnetB = await subnet(vpc, '10.0.2.0/24', 'us-east-1b');
  const subnetA2 = await subnet(vpc, '10.0.3.0/24', 'us-east-1a');
  const otherSubnet = await subnet(otherVpc, '10.1.1.0/24', 'us-east-1c');
  const group = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web', VpcId: vpc }))).GroupId!;
  const defaults = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }, { Name: 'group-name', Values: ['default'] }] }));
  const image = (await ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
  const reservation = await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: 1, MaxCount: 1, SubnetId: subnetA }));
  const instance = reservation.Instances![0];
  return {
    vpc, otherVpc, subnetA, subnetB, subnetA2, otherSubnet, group,
    defaultGroup: defaults.SecurityGroups![0].GroupId!,
    instance: instance.InstanceId!,
    privateIp: instance.PrivateIpAddress!,
  };
}

describe('EC2 facts from a real moto server as the upstream', { skip: motoMissing }, () => {
  const env: Record<string, string> = {};
  let moto: MotoServer;
  let ec2: EC2Client;
  let net: Network;
  // Registered before the gateway's own hook, so the gateway starts with KECS_UPSTREAM_URL set.
  before(async () => {
    moto = await startMoto();
    env.KECS_UPSTREAM_URL = moto.url;
    ec2 = new EC2Client({ endpoint: moto.url, region: REGION, credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'test' } });
    net = await buildNetwork(ec2);
  });
  after(async () => {
    ec2?.destroy();
    await moto?.stop();
  });
  const { gw, elb } = useTestGateway(env);
  const createAlb = (Name: string, Subnets: string[], SecurityGroups?: string[]) =>
    elb.send(new CreateLoadBalancerCommand({ Name, Subnets, SecurityGroups }));

  it('echoes the subnets\' real zones and VPC, and the VPC\'s default group', async () => {
    const { LoadBalancers: [lb] = [] } = await createAlb('web', [net.subnetA, net.subnetB]);
    assert.equal(lb.VpcId, net.vpc);
    assert.deepEqual(lb.AvailabilityZones!.map((z) => [z.SubnetId, z.ZoneName]), [[net.subnetA, 'us-east-1a'], [net.subnetB, 'us-east-1b']]);
    assert.deepEqual(lb.SecurityGroups, [net.defaultGroup]);
    // Stored: DescribeLoadBalancers answers the same without asking EC2 again.
    const { LoadBalancers: [described] = [] } = await elb.send(new DescribeLoadBalancersCommand({ Names: ['web'] }));
    assert.deepEqual(described.AvailabilityZones, lb.AvailabilityZones);
  });

  it('refuses two subnets in one zone, unknown subnets, subnets of two VPCs', async () => {
    await assert.rejects(createAlb('same-zone', [net.subnetA, net.subnetA2]), {
      name: 'InvalidConfigurationRequestException', message: 'A load balancer cannot be attached to multiple subnets in the same Availability Zone',
    });
    await assert.rejects(createAlb('unknown', [net.subnetA, 'subnet-0123456789abcdef0']), {
      name: 'SubnetNotFoundException', message: 'InvalidSubnetID.NotFound',
    });
    await assert.rejects(createAlb('two-vpcs', [net.subnetA, net.otherSubnet]), { name: 'InvalidConfigurationRequestException' });
  });

  it('refuses unknown security groups and takes real ones', async () => {
    await assert.rejects(createAlb('bad-group', [net.subnetA, net.subnetB], ['sg-0123456789abcdef0']), {
      name: 'InvalidSecurityGroupException', message: "The security group 'sg-0123456789abcdef0' does not exist",
    });
    const { LoadBalancers: [lb] = [] } = await createAlb('good-group', [net.subnetA, net.subnetB], [net.group]);
    assert.deepEqual(lb.SecurityGroups, [net.group]);
  });

  it('resolves an instance target to its private IP for health checks and traffic', async () => {
    await assert.rejects(elb.send(new CreateTargetGroupCommand({ Name: 'nowhere', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0123456789abcdef0' })), {
      name: 'ValidationError', message: "The VPC ID 'vpc-0123456789abcdef0' is not found",
    });
    const { TargetGroups: [tg] = [] } = await elb.send(new CreateTargetGroupCommand({ Name: 'app', Protocol: 'HTTP', Port: 8080, VpcId: net.vpc }));
    const TargetGroupArn = tg.TargetGroupArn!;
    await assert.rejects(elb.send(new RegisterTargetsCommand({ TargetGroupArn, Targets: [{ Id: 'i-0123456789abcdef0' }] })), {
      name: 'InvalidTargetException', message: "The following instances do not exist: 'i-0123456789abcdef0'",
    });
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn, Targets: [{ Id: net.instance }] }));
    const { LoadBalancers: [lb] = [] } = await createAlb('app', [net.subnetA, net.subnetB]);
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn }] }));

    assert.match(net.privateIp, /^10\.0\.1\.\d+$/);
    const { TargetHealthDescriptions: [health] = [] } = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn }));
    assert.equal(health.Target!.Id, net.instance, 'the target keeps its instance id');
    // The route table (what the embedded data plane and Traefik forward to) holds the address...
    const table = compileRouteTable(await loadRoutingState(gw.database.db));
    assert.deepEqual(table.targetGroups[TargetGroupArn].targets, [{ id: net.instance, port: 8080, address: net.privateIp }]);
    // ...and so does what the health checker claims and probes.
    const now = gw.clock.now();
    const claimed = await claimDueTargets(gw.database.db, now, new Date(now.getTime() + 1000), 1000, 10);
    assert.deepEqual(claimed.map((t) => [t.id, t.host, t.port]), [[net.instance, net.privateIp, 8080]]);
  });

  it('caches what it read: a subnet deleted a moment ago is still known', async () => {
    const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: net.vpc, CidrBlock: '10.0.9.0/24', AvailabilityZone: 'us-east-1c' }));
    await createAlb('cached-1', [net.subnetA, Subnet!.SubnetId!]);
    await ec2.send(new DeleteSubnetCommand({ SubnetId: Subnet!.SubnetId! }));
    const { LoadBalancers: [lb] = [] } = await createAlb('cached-2', [net.subnetA, Subnet!.SubnetId!]);
    assert.equal(lb.AvailabilityZones![1].ZoneName, 'us-east-1c');
  });
});

describe('an upstream that does not serve EC2', () => {
  const env: Record<string, string> = {};
  let upstream: Server;
  let requests = 0;
  before(async () => {
    // What LocalStack answers for a service it does not run: 501.
    upstream = createServer((_, res) => {
      requests++;
      res.writeHead(501, { 'content-type': 'text/plain' }).end('not implemented');
    }).listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    env.KECS_UPSTREAM_URL = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((resolve) => upstream.close(() => resolve())));
  const { gw, elb } = useTestGateway(env);

  it('keeps the behaviour without EC2, and does not ask again for a while', async () => {
    const { LoadBalancers: [lb] = [] } = await elb.send(new CreateLoadBalancerCommand({ Name: 'plain', Subnets: ['subnet-a', 'subnet-b'], SecurityGroups: ['sg-anything'] }));
    assert.deepEqual(lb.AvailabilityZones!.map((z) => z.ZoneName), ['us-east-1a', 'us-east-1b']);
    assert.match(lb.VpcId!, /^vpc-[0-9a-f]{17}$/);
    assert.deepEqual(lb.SecurityGroups, ['sg-anything']);
    const { TargetGroups: [tg] = [] } = await elb.send(new CreateTargetGroupCommand({ Name: 'app', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-1' }));
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: 'i-0123456789abcdef0' }] }));
    const rows = await gw.database.db.selectFrom('targets').select(['id', 'address']).execute();
    assert.deepEqual(rows, [{ id: 'i-0123456789abcdef0', address: null }]);
    // The create's two lookups (subnets and groups, side by side) found no EC2; the rest were not sent.
    assert.equal(requests, 2);
  });
});
