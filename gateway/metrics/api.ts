import { Counter, Histogram, type Registry } from 'prom-client';

/** One answered API request: the fields of its request log line (api/handle.ts). */
export interface CompletedRequest {
  /** The AWS service (`elasticloadbalancing`), the signing name of a foreign one, or `-`. */
  service: string;
  /** The action, `upstream:<service>` for forwarded calls, the path of an internal route, or `-`. */
  operation: string;
  status: number;
  /** The AWS error code answered (`LoadBalancerNotFound`), when the request failed here. */
  errorCode?: string;
  seconds: number;
}

/** Seconds: API calls take about a millisecond; writes and upstream calls longer. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Service and operation pairs beyond this many are counted as operation `other`: the operation
 * comes from the request (an unknown action, a foreign service's name, a path under `/_kecs/`),
 * and a client must not be able to grow the exposition without bound.
 */
const MAX_OPERATIONS = 512;

/** API requests by service, operation, HTTP status and AWS error code, with their latency. */
export class ApiMetrics {
  private readonly requests: Counter<'service' | 'operation' | 'status_code' | 'error_code'>;
  private readonly duration: Histogram<'service' | 'operation'>;
  private readonly operations = new Set<string>();

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'kecs_api_requests_total',
      help: 'API requests answered, by AWS service, operation, HTTP status and AWS error code (empty when none)',
      labelNames: ['service', 'operation', 'status_code', 'error_code'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'kecs_api_request_duration_seconds',
      help: 'Time from receiving an API request to its response, by AWS service and operation',
      labelNames: ['service', 'operation'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
  }

  /** Counts one answered request (the gateway's `completed` hook). */
  readonly completed = (request: CompletedRequest): void => {
    const key = `${request.service} ${request.operation}`;
    if (!this.operations.has(key) && this.operations.size < MAX_OPERATIONS) this.operations.add(key);
    const operation = this.operations.has(key) ? request.operation : 'other';
    this.requests.inc({ service: request.service, operation, status_code: String(request.status), error_code: request.errorCode ?? '' });
    this.duration.observe({ service: request.service, operation }, request.seconds);
  };
}
