import type { Figures } from './measure.js';

export interface Row {
  operation: string;
  concurrency: number;
  kecs: Figures;
  moto: Figures | undefined;
  /** CPU time per request (µs) of each server's process tree, where /proc tells it. */
  kecsCpuUs: number | undefined;
  motoCpuUs: number | undefined;
}

const HEADER = [
  'operation', 'concurrency', 'kecs-lb req/s', 'p50 ms', 'p99 ms', 'moto req/s', 'p50 ms', 'p99 ms', 'ratio',
  'kecs-lb CPU µs/req', 'moto CPU µs/req', 'CPU ratio',
];
// Numbers right-aligned, names left-aligned, in both renderings.
const RIGHT = HEADER.map((_, i) => i > 0);

function cells(row: Row): string[] {
  const figures = (cell: Figures | undefined) => cell
    ? [cell.requestsPerSecond.toFixed(0), cell.p50Ms.toFixed(2), cell.p99Ms.toFixed(2)]
    : ['–', '–', '–'];
  const ratio = row.moto ? `${(row.kecs.requestsPerSecond / row.moto.requestsPerSecond).toFixed(2)}×` : '–';
  const cpu = (us: number | undefined) => (us === undefined ? '–' : us.toFixed(0));
  // How many kecs-lb requests fit in the CPU time of one moto request.
  const cpuRatio = row.kecsCpuUs && row.motoCpuUs ? `${(row.motoCpuUs / row.kecsCpuUs).toFixed(2)}×` : '–';
  return [row.operation, String(row.concurrency), ...figures(row.kecs), ...figures(row.moto), ratio, cpu(row.kecsCpuUs), cpu(row.motoCpuUs), cpuRatio];
}

export function textTable(rows: Row[]): string {
  const lines = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...lines.map((line) => line[i].length)));
  const render = (line: string[]) => line.map((text, i) => (RIGHT[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]))).join(' | ');
  return [render(HEADER), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map((row) => render(cells(row)))].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const render = (line: string[]) => `| ${line.join(' | ')} |`;
  return [render(HEADER), render(RIGHT.map((right) => (right ? '---:' : '---'))), ...rows.map((row) => render(cells(row)))].join('\n');
}
