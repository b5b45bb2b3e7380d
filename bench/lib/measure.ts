import autocannon from 'autocannon';

/** What one load-generator run measured. */
export interface Figures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  responses: number;
  /** Responses other than 200, plus connection errors and timeouts. */
  failures: number;
  /** CPU time of the proxy's processes per response, in µs, where the bench counted it. */
  cpuUsPerRequest?: number;
}

/** The request every connection sends again and again (a GET when empty). */
export interface LoadRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/**
 * Sends `request` to `url` over `connections` keep-alive connections for `seconds`. Latencies
 * come from each response (sub-millisecond precision) rather than autocannon's histogram, which
 * records whole milliseconds and would flatten fast answers to 0 or 1.
 */
export function measure(url: string, request: LoadRequest, connections: number, seconds: number): Promise<Figures> {
  const latencies: number[] = [];
  let not200 = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, ...request, connections, duration: seconds, timeout: 10 }, (error, result) => {
      if (error) return reject(error);
      latencies.sort((a, b) => a - b);
      resolve({
        requestsPerSecond: result.requests.total / result.duration,
        p50Ms: percentile(latencies, 0.5),
        p99Ms: percentile(latencies, 0.99),
        responses: latencies.length,
        failures: not200 + result.errors + result.timeouts,
      });
    });
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (statusCode !== 200) not200++;
    });
  });
}
