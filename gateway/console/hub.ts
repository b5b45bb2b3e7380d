import type { Logger } from '../logger.js';
import type { RecentRequest } from './recent-requests.js';
import type { ConsoleState, Scope } from './state.js';

/** One open event stream: a browser's console page. */
export interface Subscriber {
  /** `json`: the event's data, serialized once for every page that gets it. */
  send(event: 'state' | 'requests', json: string): void;
}

/** A request pushed live, with the listener it went through. */
export interface LiveRequest extends RecentRequest {
  listener: string;
}

export interface HubOptions {
  /** Reads the state of one scope (state.ts). */
  load(scope: Scope): Promise<ConsoleState>;
  log: Logger;
  /**
   * At most one state push per scope this often, however many changes arrive (a burst makes
   * one); a change after a quiet spell is pushed at once. A second: with hundreds of targets the
   * health checker changes something every tick, and each push re-renders the whole page.
   */
  throttleMs?: number;
  /** Requests through listeners are pushed in batches this often. */
  requestBatchMs?: number;
}

/**
 * Whether a successful API call may have changed what the console shows. Writes that routing
 * reads bump the routing version, which reaches the hub through the data plane; the others
 * (a new load balancer or target group, attributes, tags) are seen here, in the gateway that
 * answered them. Reads (`Describe*`, `Get*`), internal routes and forwarded calls change nothing.
 */
export function changesState(operation: string): boolean {
  return !/^(Describe|Get|List)/.test(operation) && !operation.startsWith('/') && !operation.startsWith('upstream:') && operation !== '-';
}

const key = (scope: Scope) => `${scope.account}/${scope.region}`;

// arn:aws:elasticloadbalancing:<region>:<account>:listener/…
const LISTENER_ARN = /^arn:[a-z-]+:elasticloadbalancing:([a-z0-9-]+):(\d{12}):listener\//;

interface Watched {
  scope: Scope;
  subscribers: Set<Subscriber>;
  /** The JSON last pushed: a reload that changed nothing visible pushes nothing. */
  last?: string;
  /** Requests not pushed yet. */
  requests: LiveRequest[];
}

/**
 * The one in-process event hub behind every open console page. It is told that something
 * changed (the data plane put a new routing version in force, which the routing NOTIFY drives;
 * a scheduled task wrote health results; this gateway answered an API write) and, at most once per `throttleMs`, reads the state of each
 * scope some page is watching — once per scope, however many pages — and pushes it to them.
 * Requests through listeners are batched the same way. With no page open it does nothing.
 */
export class ConsoleHub {
  private readonly watched = new Map<string, Watched>();
  private readonly throttleMs: number;
  private readonly requestBatchMs: number;
  private stateTimer: NodeJS.Timeout | undefined;
  private requestsTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private again = false;
  private lastFlush = 0;

  constructor(private readonly options: HubOptions) {
    this.throttleMs = options.throttleMs ?? 1000;
    this.requestBatchMs = options.requestBatchMs ?? 250;
  }

  /**
   * Adds a page watching `scope`; it first gets the scope's state as one `state` event. Returns
   * the function that removes it.
   */
  async subscribe(scope: Scope, subscriber: Subscriber): Promise<() => void> {
    const k = key(scope);
    let watched = this.watched.get(k);
    if (!watched) this.watched.set(k, (watched = { scope, subscribers: new Set(), requests: [] }));
    watched.subscribers.add(subscriber);
    const entry = watched;
    const unsubscribe = () => {
      entry.subscribers.delete(subscriber);
      if (entry.subscribers.size === 0 && this.watched.get(k) === entry) this.watched.delete(k);
    };
    try {
      const state = await this.options.load(scope);
      if (entry.subscribers.has(subscriber)) subscriber.send('state', JSON.stringify(state));
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  }

  /** How many pages are open, for tests and the log. */
  get size(): number {
    let n = 0;
    for (const watched of this.watched.values()) n += watched.subscribers.size;
    return n;
  }

  /** Something the console shows changed: every watched scope is read again, throttled. */
  changed(): void {
    if (this.watched.size === 0 || this.stateTimer) return;
    if (this.flushing) {
      this.again = true;
      return;
    }
    const wait = Math.max(0, this.lastFlush + this.throttleMs - performance.now());
    this.stateTimer = setTimeout(() => {
      this.stateTimer = undefined;
      this.flushing = this.flushStates().finally(() => {
        this.flushing = undefined;
        this.lastFlush = performance.now();
        if (this.again) {
          this.again = false;
          this.changed();
        }
      });
    }, wait);
    this.stateTimer.unref();
  }

  /** A listener answered a request (recent-requests.ts); pushed to pages watching its scope, batched. */
  request(listenerArn: string, request: RecentRequest): void {
    // Called for every request a listener answers; with no page open there is nothing to do.
    if (this.watched.size === 0) return;
    const match = LISTENER_ARN.exec(listenerArn);
    const watched = match ? this.watched.get(key({ account: match[2], region: match[1] })) : undefined;
    if (!watched) return;
    watched.requests.push({ listener: listenerArn, ...request });
    if (this.requestsTimer) return;
    this.requestsTimer = setTimeout(() => {
      this.requestsTimer = undefined;
      for (const w of this.watched.values()) {
        if (w.requests.length === 0) continue;
        const json = JSON.stringify(w.requests.splice(0));
        for (const subscriber of w.subscribers) subscriber.send('requests', json);
      }
    }, this.requestBatchMs);
    this.requestsTimer.unref();
  }

  private async flushStates(): Promise<void> {
    for (const watched of [...this.watched.values()]) {
      try {
        const json = JSON.stringify(await this.options.load(watched.scope));
        if (json === watched.last) continue;
        watched.last = json;
        for (const subscriber of watched.subscribers) subscriber.send('state', json);
      } catch (error) {
        // The pages keep what they show; the next change or reload tries again.
        this.options.log.warn({ err: error, scope: watched.scope }, 'console state could not be read');
      }
    }
  }

  /** Forgets every page and timer (the gateway is stopping). */
  close(): void {
    clearTimeout(this.stateTimer);
    clearTimeout(this.requestsTimer);
    this.watched.clear();
  }
}
