/**
 * bench:health's target addresses: index i ↔ 127.b.c.d with every octet in 1–250, spread over
 * 127.0.0.0/8 (Linux routes the whole block to the loopback interface, so each is reachable).
 */
export function targetAddress(index: number): string {
  return `127.${1 + (index % 250)}.${1 + (Math.floor(index / 250) % 250)}.${1 + Math.floor(index / 62_500)}`;
}

/** The index of a `127.b.c.d[:port]` Host header, or -1. */
export function targetIndex(host: string): number {
  const match = /^127\.(\d+)\.(\d+)\.(\d+)(?::\d+)?$/.exec(host);
  if (!match) return -1;
  return Number(match[1]) - 1 + 250 * (Number(match[2]) - 1) + 62_500 * (Number(match[3]) - 1);
}

/** Messages between bench:health and its target server process. */
export type ServerMessage = { port: number } | { arrivals: { index: number[]; at: number[] } };
export type BenchMessage = 'report' | 'exit';
