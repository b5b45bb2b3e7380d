import type { Config, ReservedPort } from './config.js';
import { inRanges, namedRanges } from './target-addresses.js';

const LOOPBACK = namedRanges('loopback');

/**
 * The ports no listener may take: the configured ones (KECS_PORT), the API port actually bound
 * (KECS_PORT=0 picks one), and the port of the database when it runs on this machine (the
 * embedded Postgres always does). A listener on one of them could never be served here, and a
 * listener on the API port would be bound by the data plane before the API on a restart whose
 * start-up order differed, so CreateListener and ModifyListener refuse them.
 */
export function reservedPorts(config: Pick<Config, 'reservedPorts'>, apiPort: number, databaseUrl: string): ReservedPort[] {
  const reserved = [...config.reservedPorts];
  const add = (port: number, use: string) => reserved.some((r) => r.port === port) || reserved.push({ port, use });
  add(apiPort, 'the API port (KECS_PORT)');
  const url = URL.canParse(databaseUrl) ? new URL(databaseUrl) : undefined;
  const host = url?.hostname.replace(/^\[|\]$/g, '');
  if (url && host && (host === 'localhost' || inRanges(LOOPBACK, host))) add(Number(url.port || 5432), 'the database');
  return reserved;
}
