import { parseCodes } from '../../handlers/elbv2/lib/matcher.js';
import { probe } from '../../handlers/scheduled/lib/probe.js';
import { targetAddress } from './health-targets.js';

export interface PeerFigure {
  name: string;
  probes: number;
  probesPerSecond: number;
  cpuMicrosPerProbe: number;
  failures: number;
}

const spec = (index: number, port: number) => ({
  protocol: 'HTTP', host: targetAddress(index), port, path: '/health', timeoutMs: 2000, matcher: { kind: 'http' as const, codes: parseCodes('200')! },
});

/**
 * The same probes (the handler's own probe function, same targets) with no database and no
 * scheduler: `concurrency` workers drain `count` targets as fast as they can. Concurrency 1 is the
 * naive sequential loop. The CPU per probe against the handler's shows what claiming, scheduling
 * and writing the results add.
 */
export async function bareProbes(name: string, count: number, concurrency: number, port: number): Promise<PeerFigure> {
  let next = 0;
  let failures = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const result = await probe(spec(next++, port));
      if (!result.ok) failures++;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { name, probes: count, probesPerSecond: count / seconds, cpuMicrosPerProbe: (used.user + used.system) / count, failures };
}
