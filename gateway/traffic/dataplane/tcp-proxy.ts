import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Endpoint } from './balancer.js';
import { chooseForward } from './forward.js';
import type { TrafficContext } from './listener-handler.js';
import { clientIp } from './request-facts.js';
import type { ServedListener } from './served-table.js';

/**
 * One NLB TCP connection: the listener's forward action picks a target group and target (round
 * robin; least connections when the group's `load_balancing.algorithm.type` is
 * `least_outstanding_requests`, a kecs-lb extension; or source-IP affinity when the group's
 * stickiness is `source_ip`). The connection counts as open on its target from the pick until
 * the target socket closes, whichever side ends it and on errors too (a refused connect closes
 * it as well), so least connections sees closes at once. The bytes are
 * piped both ways, each direction closing on its own (half-close passes through). With no
 * routable target, or a target that refuses, the client connection is reset, as an NLB does; so
 * is one whose target is a TCP listener port of this process (loop-guard.ts).
 * Both sides are closed after the load balancer's idle timeout (350 s for NLB TCP).
 * Metrics: NewFlowCount and ActiveFlowCount per target group from the pick to the target
 * socket's close; TCP_ELB_Reset_Count for the resets, a refused target's included.
 * TLS listeners hand over the decrypted stream as `client` and the TCP connection under it as
 * `raw`, which is what a reset goes to; TLS target groups are reached over TLS, their
 * certificates unverified (upstream-pool.ts says why).
 */
export function answerTcp(ctx: TrafficContext, listener: ServedListener, client: Socket, raw: Socket = client): void {
  client.on('error', () => client.destroy());
  const action = listener.rules.at(-1)?.action;
  const choice = action?.type === 'forward'
    ? chooseForward(action.plan, { cookieHeader: undefined, sourceIp: clientIp(client.remoteAddress), nowMs: ctx.now(), groups: ctx.groups(), balancers: ctx.balancers })
    : undefined;
  if (!choice || ctx.loops.isOwn(choice.endpoint, 'tcp') || ctx.loops.isOwn(choice.endpoint, 'tls')) {
    if (ctx.metrics) ctx.metrics.balancer(listener.loadBalancer.arn).tcpResets.value++;
    raw.resetAndDestroy();
    return;
  }
  const done = ctx.balancers.get(choice.group.arn).begin(choice.endpoint);
  const meter = ctx.metrics?.route(listener.loadBalancer.arn, choice.group.arn);
  if (meter) {
    meter.newFlows.value++;
    meter.activeFlows.value++;
  }
  // No Nagle delay on either side: a relay passes each piece on as it comes, as an NLB does, so
  // small exchanges (a request, its answer) are not held back waiting for an acknowledgement.
  raw.setNoDelay(true);
  const target = connectTarget(choice.endpoint);
  target.on('error', () => {
    if (meter && !client.destroyed) meter.balancer.tcpResets.value++;
    if (!raw.destroyed) raw.resetAndDestroy();
    client.destroy();
  });
  // A clean close travels through the pipes as 'end' (flushing what is buffered); only errors cut.
  // Every way out (either side's end, an error, a refused connect) closes the target socket.
  target.once('close', () => {
    if (meter) meter.activeFlows.value--;
    done();
  });
  client.once('close', () => target.destroy());
  for (const side of [client, target]) side.setTimeout(listener.idleTimeoutMs, () => side.destroy());
  client.pipe(target).pipe(client);
}

function connectTarget(endpoint: Endpoint): Socket {
  return endpoint.tls
    ? connectTls({ host: endpoint.host, port: endpoint.port, rejectUnauthorized: false }).setNoDelay(true)
    : connect({ host: endpoint.host, port: endpoint.port, allowHalfOpen: true, noDelay: true });
}
