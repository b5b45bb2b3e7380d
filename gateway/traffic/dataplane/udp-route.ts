import type { RemoteInfo } from 'node:dgram';
import { chooseForward } from './forward.js';
import type { TrafficContext } from './listener-handler.js';
import { clientIp } from './request-facts.js';
import type { ServedListener } from './served-table.js';
import type { FlowRoute } from './udp-relay.js';

/**
 * The target of a new UDP flow, chosen as for an NLB TCP connection (tcp-proxy.ts): the
 * listener's forward action, round robin per flow (UDP groups take no other algorithm), or the
 * client's address under `source_ip` stickiness; only routable targets (healthy, or all when
 * none is: fail-open). Undefined drops the datagram: no target, or a target that is a UDP
 * listener port of this process (each hop would open a flow for the next, endlessly;
 * loop-guard.ts). The flow counts in NewFlowCount, and in ActiveFlowCount until it ends; it stays
 * routable while the group of the table in force still lists its target.
 */
export function routeUdp(ctx: TrafficContext, listener: ServedListener | undefined, client: RemoteInfo): FlowRoute | undefined {
  const action = listener?.rules.at(-1)?.action;
  if (!listener || action?.type !== 'forward') return undefined;
  const choice = chooseForward(action.plan, { cookieHeader: undefined, sourceIp: clientIp(client.address), nowMs: ctx.now(), groups: ctx.groups(), balancers: ctx.balancers });
  if (!choice || ctx.loops.isOwn(choice.endpoint, 'udp')) return undefined;
  const { group, endpoint } = choice;
  const meter = ctx.metrics?.route(listener.loadBalancer.arn, group.arn);
  if (meter) {
    meter.newFlows.value++;
    meter.activeFlows.value++;
  }
  return {
    endpoint,
    routable: () => ctx.groups()[group.arn]?.byKey.has(endpoint.key) === true,
    end() {
      if (meter) meter.activeFlows.value--;
    },
  };
}
