import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../../support/server.js';
import { forward, startLab, type Lab } from './lib/lab.js';
import { waitFor } from './lib/http.js';
import { converse, startTcpTarget, type TcpTarget } from './lib/tcp-targets.js';

// Seed 004's case through a started gateway: an NLB TCP listener in front of one slow target
// (holds each connection for two seconds, like a database session) and one fast one (closes at
// once). Counted at the targets: connections whose client spoke, so health checks do not count.

const CONNECTIONS = 20;
const SPACING_MS = 40;
const SLOW_HOLD_MS = 2_000;

interface Pair {
  slow: TcpTarget;
  fast: TcpTarget;
  port: number;
}

/** Opens CONNECTIONS connections SPACING_MS apart, each closing when its target ends it; answers how many each target got. */
async function spread(pair: Pair): Promise<{ slow: number; fast: number }> {
  await waitFor(async () => pair.slow.open.size === 0, SLOW_HOLD_MS * 3);
  const before = { slow: pair.slow.served, fast: pair.fast.served };
  const closed = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const conversation = converse(pair.port);
    await conversation.greeting;
    closed.push(conversation.closed);
    await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
  }
  await Promise.all(closed);
  return { slow: pair.slow.served - before.slow, fast: pair.fast.served - before.fast };
}

describe('NLB TCP least connections (load_balancing.algorithm.type, a kecs-lb extension)', () => {
  let lab: Lab;
  const targets: TcpTarget[] = [];
  const pairs: Record<'leastConnections' | 'roundRobin', Pair> = {} as never;

  before(async () => {
    lab = await startLab();
    const nlb = await lab.loadBalancer('tcp-lc', 'network');
    const algorithms = { leastConnections: 'least_outstanding_requests', roundRobin: undefined } as const;
    for (const [name, algorithm] of Object.entries(algorithms) as Array<[keyof typeof algorithms, string | undefined]>) {
      const slow = await startTcpTarget('slow', { holdMs: SLOW_HOLD_MS });
      const fast = await startTcpTarget('fast', { holdMs: 0 });
      targets.push(slow, fast);
      const attributes = algorithm ? { 'load_balancing.algorithm.type': algorithm } : undefined;
      const group = await lab.targetGroup(`lc-${name.toLowerCase()}`, nlb.vpcId, { protocol: 'TCP', attributes });
      await lab.register(group, [slow, fast].map(({ name, port, close }) => ({ name, port, seen: [], close })));
      const port = await freePort();
      await lab.listener(nlb.arn, port, forward(group), 'TCP');
      await waitFor(async () => ['slow', 'fast'].includes(await converse(port).greeting));
      pairs[name] = { slow, fast, port };
    }
  });

  after(async () => {
    await lab?.close();
    await Promise.all(targets.map((t) => t.close()));
  });

  it('sends new connections to the target with fewer open ones: the slow target gets few', async (t) => {
    const counts = await spread(pairs.leastConnections);
    t.diagnostic(`least connections: slow ${counts.slow}/${CONNECTIONS}, fast ${counts.fast}/${CONNECTIONS}`);
    assert.equal(counts.slow + counts.fast, CONNECTIONS);
    // The slow target holds each connection for SLOW_HOLD_MS, longer than the whole run (about
    // CONNECTIONS × SPACING_MS): once it has one open, the fast one (0 open) wins every pick, so
    // the slow one gets the first tie and nothing more (2 allows for one fast close seen late).
    assert.ok(counts.slow <= 2, `slow target got ${counts.slow} of ${CONNECTIONS}`);
  });

  it('keeps round robin without the attribute: half each, whatever is open', async (t) => {
    const counts = await spread(pairs.roundRobin);
    t.diagnostic(`round robin: slow ${counts.slow}/${CONNECTIONS}, fast ${counts.fast}/${CONNECTIONS}`);
    assert.deepEqual(counts, { slow: CONNECTIONS / 2, fast: CONNECTIONS / 2 });
  });
});
