import type { Figures } from './measure.js';
import type { BulkFigures } from './tcp-load.js';

export const line = (label: string, f: Figures) =>
  `${label.padEnd(30)} ${f.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${f.p50Ms.toFixed(2).padStart(6)} ms   p99 ${f.p99Ms.toFixed(2).padStart(6)} ms   ${f.failures} failures${f.cpuUsPerRequest === undefined ? '' : `   ${f.cpuUsPerRequest.toFixed(0).padStart(4)} µs CPU/request`}`;

export const bulkLine = (label: string, f: BulkFigures) =>
  `${label.padEnd(30)} ${f.megabytesPerSecond.toFixed(0).padStart(8)} MB/s   ${f.failures} failures`;

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Medians of the rounds' figures (robust to one disturbed round); counts are totals. */
export const summarize = (list: Figures[]): Figures => ({
  requestsPerSecond: median(list.map((f) => f.requestsPerSecond)),
  p50Ms: median(list.map((f) => f.p50Ms)),
  p99Ms: median(list.map((f) => f.p99Ms)),
  cpuUsPerRequest: list.every((f) => f.cpuUsPerRequest !== undefined) ? median(list.map((f) => f.cpuUsPerRequest!)) : undefined,
  responses: list.reduce((sum, f) => sum + f.responses, 0),
  failures: list.reduce((sum, f) => sum + f.failures, 0),
});

export const summarizeBulk = (list: BulkFigures[]): BulkFigures => ({
  megabytesPerSecond: median(list.map((f) => f.megabytesPerSecond)),
  failures: list.reduce((sum, f) => sum + f.failures, 0),
});

/** A proxy's figures against direct: throughput share and the p50 it adds. */
export const versus = (label: string, proxied: Figures, direct: Figures, goals = '') =>
  `${`${label}:`.padEnd(32)}${((proxied.requestsPerSecond / direct.requestsPerSecond) * 100).toFixed(1).padStart(5)}% of direct, added p50 ${(proxied.p50Ms - direct.p50Ms).toFixed(2)} ms${goals}`;

/** `a` as a percentage of `b`, one decimal. */
export const percent = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;

/** `mine` against a peer's figures: share of its throughput and, when both were counted, CPU per request as a multiple. */
export const against = (mine: Figures, theirs: Figures) =>
  `${percent(mine.requestsPerSecond, theirs.requestsPerSecond)} of its throughput${mine.cpuUsPerRequest !== undefined && theirs.cpuUsPerRequest !== undefined ? `, ${(mine.cpuUsPerRequest / theirs.cpuUsPerRequest).toFixed(2)}× its CPU per request` : ''}`;
