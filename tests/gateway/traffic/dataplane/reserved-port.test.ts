import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateListenerCommand, CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startTestDatabase, type TestDatabase } from '../../../support/database.js';
import { startInProcessGateway, type InProcessGateway } from '../../../support/in-process-gateway.js';
import { freePort } from '../../../support/server.js';
import { send, waitFor } from './lib/http.js';

type Status = { listeners: Array<{ port: number; bound: boolean; error?: string }>; problems: string[] };

describe('a listener stored on the API port (accepted by older versions)', () => {
  let database: TestDatabase;
  let server: InProcessGateway | undefined;

  before(async () => {
    database = await startTestDatabase();
  });

  after(async () => {
    await server?.stop();
    await database.close();
  });

  it('does not stop the gateway from starting: the API keeps its port and the listener is reported', async () => {
    const port = await freePort();
    server = await startInProcessGateway(database, {}, port);
    const elb = new ElasticLoadBalancingV2Client({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    const { LoadBalancers: [lb] = [] } = await elb.send(new CreateLoadBalancerCommand({ Name: 'squatter', Subnets: ['subnet-a', 'subnet-b'] }));
    const { Listeners: [listener] = [] } = await elb.send(new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP', Port: await freePort(),
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', MessageBody: 'still here' } }],
    }));
    elb.destroy();
    await server.stop();
    server = undefined;
    // What an older version let CreateListener store.
    await database.db.updateTable('listeners').set({ port }).where('arn', '=', listener.ListenerArn!).execute();

    server = await startInProcessGateway(database, {}, port);
    let status: Status = { listeners: [], problems: [] };
    // The load balancer may still be provisioning (it becomes active on a scheduler tick).
    await waitFor(async () => {
      status = JSON.parse((await send(port, '/_kecs/dataplane')).body) as Status;
      return status.listeners.length > 0;
    });
    const reason = `port ${port} is reserved for the API port (KECS_PORT); the load balancer answers on the gateway port with Host: ${lb.DNSName}`;
    assert.deepEqual(status.listeners.map((l) => [l.port, l.bound, l.error]), [[port, false, reason]]);
    assert.ok(status.problems.includes(`listener ${listener.ListenerArn} is not served on port ${port}: ${reason}`));
    assert.match(server.output(), /listener not served: port \d+ is reserved/);
    // The API answers on its port, and the load balancer by its DNS name there.
    assert.equal((await send(port, '/_kecs/health')).status, 200);
    assert.equal((await send(port, '/', { host: lb.DNSName! })).body, 'still here');
  });
});
