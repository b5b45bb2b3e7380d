import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModifyListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { useTestGateway } from '../../support/gateway.js';
import { albWithListener, createListener, createLoadBalancer, forward } from './listener-fixtures.js';
import { createTargetGroup } from './target-group-fixtures.js';

const REFUSED = {
  name: 'InvalidConfigurationRequestException',
  message: 'The requested configuration is not valid. Port 4566 is reserved by this endpoint (the API port (KECS_PORT)) and cannot be used by a listener.',
};

describe('listener ports the gateway itself uses', () => {
  const { gw, elb } = useTestGateway({ KECS_PORT: '4566' });

  it('refuses the API port in CreateListener, for ALB and NLB alike', async () => {
    const alb = await createLoadBalancer(gw, 'api-port');
    const tg = await createTargetGroup(gw, 'api-port-tg');
    await assert.rejects(createListener(gw, { LoadBalancerArn: alb, Protocol: 'HTTP', Port: 4566, DefaultActions: [forward(tg)] }), REFUSED);
    const nlb = await createLoadBalancer(gw, 'api-port-nlb', 'network');
    const tcp = await createTargetGroup(gw, 'api-port-tcp', { Protocol: 'TCP' });
    await assert.rejects(createListener(gw, { LoadBalancerArn: nlb, Protocol: 'TCP', Port: 4566, DefaultActions: [forward(tcp)] }), REFUSED);
    assert.equal((await gw.database.db.selectFrom('listeners').selectAll().execute()).length, 0);
  });

  it('refuses a move onto the API port, but lets a listener left there by an older version move off', async () => {
    const { listener } = await albWithListener(gw, 'moving');
    await assert.rejects(elb.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, Port: 4566 })), REFUSED);
    await gw.database.db.updateTable('listeners').set({ port: 4566 }).execute();
    const next = await createTargetGroup(gw, 'moving-next');
    const { Listeners: [kept] = [] } = await elb.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, DefaultActions: [forward(next)] }));
    assert.equal(kept.Port, 4566);
    const { Listeners: [moved] = [] } = await elb.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, Port: 8080 }));
    assert.equal(moved.Port, 8080);
  });
});
