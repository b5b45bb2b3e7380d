import { CreateListenerCommand, CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { rawExchange, statusOf } from './raw-http.js';
import { freePort } from './server.js';

async function untilServed(port: number): Promise<void> {
  for (const deadline = Date.now() + 10_000; ;) {
    const answer = await rawExchange(port, 'GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n', 500).catch(() => '');
    if (statusOf(answer) === 200) return;
    if (Date.now() > deadline) throw new Error(`the listener on port ${port} never answered`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Creates, through the API of the gateway at `url`, an ALB named `name` with an HTTP listener on a
 * free port whose default action answers 200 itself (no target needed), waits until the data
 * plane serves it, and returns that port.
 */
export async function fixedResponseListener(url: string, name: string, body = 'ok'): Promise<number> {
  const elb = new ElasticLoadBalancingV2Client({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    const lb = await elb.send(new CreateLoadBalancerCommand({ Name: name, Subnets: ['subnet-a', 'subnet-b'] }));
    const port = await freePort();
    await elb.send(new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancers![0].LoadBalancerArn,
      Protocol: 'HTTP',
      Port: port,
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200', MessageBody: body } }],
    }));
    await untilServed(port);
    return port;
  } finally {
    elb.destroy();
  }
}
