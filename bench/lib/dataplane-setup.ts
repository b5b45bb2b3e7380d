import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { get as httpsGet } from 'node:https';
import { freePort } from './servers.js';
import { waitForPort } from './tcp-load.js';

/** The bench's load balancers on a started gateway: where each cell sends its load. */
export interface BenchListeners {
  /** An ALB HTTP listener forwarding to the HTTP target. */
  httpUrl: string;
  /** An HTTPS listener of the same ALB (TLS terminated with a certificate of the local CA), same target. */
  httpsUrl: string;
  /** An NLB TCP listener whose target is the HTTP target (small messages through a TCP relay). */
  tcpUrl: string;
  /** An NLB TCP listener whose target is the bulk target. */
  bulkPort: number;
}

/** The status of a GET; HTTPS without verifying the certificate (the listener's comes from the gateway's own CA). */
function statusOf(url: string): Promise<number | undefined> {
  if (!url.startsWith('https:')) return fetch(url).then(async (response) => { await response.arrayBuffer(); return response.status; }, () => undefined);
  return new Promise((resolve) => {
    httpsGet(url, { rejectUnauthorized: false, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', () => resolve(undefined));
  });
}

async function until200(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await statusOf(url) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the listener at ${url} never answered 200`);
}

/** Creates an ALB and an NLB through the gateway's API, each listener with one target. */
export async function setUpListeners(gatewayUrl: string, targets: { port: number; bulkPort: number }): Promise<BenchListeners> {
  const elb = new ElasticLoadBalancingV2Client({ endpoint: gatewayUrl, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const group = async (name: string, protocol: 'HTTP' | 'TCP', port: number, vpcId: string | undefined) => {
    const tg = (await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: protocol, Port: port, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups![0];
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn, Targets: [{ Id: '127.0.0.1', Port: port }] }));
    return tg.TargetGroupArn!;
  };
  const listen = async (lbArn: string, protocol: 'HTTP' | 'HTTPS' | 'TCP', groupArn: string) => {
    const port = await freePort();
    // No ACM upstream here: the gateway's local CA issues the certificate this ARN names.
    const certificates = protocol === 'HTTPS' ? [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/bench' }] : undefined;
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: protocol, Port: port, Certificates: certificates, DefaultActions: [{ Type: 'forward', TargetGroupArn: groupArn }] }));
    return port;
  };
  try {
    const alb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bench', Subnets: ['subnet-a', 'subnet-b'] }))).LoadBalancers![0];
    const httpGroup = await group('bench', 'HTTP', targets.port, alb.VpcId);
    const httpPort = await listen(alb.LoadBalancerArn!, 'HTTP', httpGroup);
    const httpsPort = await listen(alb.LoadBalancerArn!, 'HTTPS', httpGroup);
    const nlb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bench-tcp', Type: 'network', Subnets: ['subnet-a', 'subnet-b'] }))).LoadBalancers![0];
    const tcpPort = await listen(nlb.LoadBalancerArn!, 'TCP', await group('bench-tcp', 'TCP', targets.port, nlb.VpcId));
    const bulkPort = await listen(nlb.LoadBalancerArn!, 'TCP', await group('bench-bulk', 'TCP', targets.bulkPort, nlb.VpcId));
    const listeners = { httpUrl: `http://127.0.0.1:${httpPort}/`, httpsUrl: `https://127.0.0.1:${httpsPort}/`, tcpUrl: `http://127.0.0.1:${tcpPort}/`, bulkPort };
    await until200(listeners.httpUrl);
    await until200(listeners.httpsUrl);
    await until200(listeners.tcpUrl);
    await waitForPort(bulkPort);
    return listeners;
  } finally {
    elb.destroy();
  }
}
