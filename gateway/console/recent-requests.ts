/** One HTTP request a listener answered, as the console lists it. */
export interface RecentRequest {
  /** Increases by one per request recorded by this gateway: the page skips what it has already. */
  seq: number;
  /** When the load balancer took the request (ISO 8601). */
  at: string;
  method: string;
  /** The request target as the client sent it, cut to 200 characters. */
  path: string;
  /** The matched rule's priority, `default`, or `-` when no rule matched. */
  rule: string;
  /** `host:port` of the target, or `-` for a response of the load balancer's own. */
  target: string;
  /** The status the client got. */
  status: number;
  /** From the request's arrival to the end of the exchange. */
  ms: number;
}

export type RecordedRequest = Omit<RecentRequest, 'seq'>;

const MAX_PATH = 200;

/**
 * The last `capacity` requests of each listener, in memory, fed where the access-log line is
 * written (dataplane/access-log.ts). `watch` is told of each one as it is recorded (the console's
 * event hub). Listeners no longer in the route table are dropped by `retain`.
 */
export class RecentRequests {
  private readonly rings = new Map<string, RecentRequest[]>();
  private seq = 0;
  private watcher: ((listenerArn: string, request: RecentRequest) => void) | undefined;

  constructor(private readonly capacity = 50) {}

  record(listenerArn: string, recorded: RecordedRequest): void {
    // Built field by field rather than spread: this runs for every request a listener answers.
    const { at, method, path, rule, target, status, ms } = recorded;
    const request: RecentRequest = { seq: ++this.seq, at, method, path: path.length > MAX_PATH ? path.slice(0, MAX_PATH) : path, rule, target, status, ms };
    let ring = this.rings.get(listenerArn);
    if (!ring) this.rings.set(listenerArn, (ring = []));
    ring.push(request);
    // Shifting at most 50 entries costs less than a circular index, and keeps `of` a plain copy.
    if (ring.length > this.capacity) ring.shift();
    this.watcher?.(listenerArn, request);
  }

  /** The listener's requests, oldest first. */
  of(listenerArn: string): RecentRequest[] {
    return [...(this.rings.get(listenerArn) ?? [])];
  }

  watch(watcher: (listenerArn: string, request: RecentRequest) => void): void {
    this.watcher = watcher;
  }

  /** Forgets listeners that are gone (deleted, or their load balancer was). */
  retain(listenerArns: ReadonlySet<string>): void {
    for (const arn of this.rings.keys()) if (!listenerArns.has(arn)) this.rings.delete(arn);
  }
}
