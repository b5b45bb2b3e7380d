import type { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig, Watch } from '@kubernetes/client-node';

type WatchArgs = Parameters<Watch['watch']>;

/** What {@link ClosableWatch} tells its owner. */
export interface ClosableWatchHooks {
  /** A watch request is about to start; the informer has applied any list before it. */
  starting(): void;
  /** The API server answered a watch request with 200: the stream is open. */
  connected(): void;
}

/** How {@link ClosableWatch} paces and bounds its requests. */
export interface ClosableWatchOptions {
  /** Aborted when the owner stops: open and in-flight watch requests are cut, none is started. */
  signal: AbortSignal;
  /** Least time between two watch requests, so a server that ends each watch at once is not hammered. */
  minIntervalMs: number;
  /** A watch request whose response headers take longer than this is cut (and reported as an error). */
  headersTimeoutMs: number;
}

/** One watch request's connection agent, known once client-node has built its fetch options. */
interface Request {
  agent?: Agent;
  done: boolean;
}

/** Connection agents of the watch requests not yet done, to destroy them on stop. */
class Agents {
  readonly open = new Set<Request>();
  /** The request whose fetch options are built next (see {@link Agents.reporting}). */
  next: Request | undefined;

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => { for (const request of this.open) request.agent?.destroy(); }, { once: true });
  }

  /**
   * A view of `kubeConfig` whose fetch options report their agent. `Watch.watch` calls
   * `applyToFetchOptions` before its first await, so the request being started is `next`.
   */
  reporting(kubeConfig: KubeConfig): KubeConfig {
    const view = Object.create(kubeConfig) as KubeConfig;
    view.applyToFetchOptions = async (opts) => {
      const request = this.next;
      this.next = undefined;
      const init = await kubeConfig.applyToFetchOptions(opts);
      if (request) {
        request.agent = init.agent as Agent | undefined;
        if (this.signal.aborted || request.done) request.agent?.destroy();
      }
      return init;
    };
    return view;
  }
}

/**
 * client-node's `Watch` as `makeInformer` builds it, plus what stopping cleanly needs. The
 * informer aborts a watch only once its request has returned, so a stop while the request waits
 * for headers would leave a stream open (and the process unable to exit), and an API server that
 * accepts the connection but never answers would hang the informer for good. Each request's
 * connection agent (client-node makes one per request) is destroyed on stop, or when the headers
 * are late, which fails the request the ordinary way: the informer reports an error.
 */
export class ClosableWatch extends Watch {
  readonly #agents: Agents;
  readonly #options: ClosableWatchOptions;
  readonly #hooks: ClosableWatchHooks;
  #lastStart = 0;

  constructor(kubeConfig: KubeConfig, options: ClosableWatchOptions, hooks: ClosableWatchHooks) {
    const agents = new Agents(options.signal);
    super(agents.reporting(kubeConfig));
    this.#agents = agents;
    this.#options = options;
    this.#hooks = hooks;
  }

  override async watch(path: WatchArgs[0], query: WatchArgs[1], callback: WatchArgs[2], done: WatchArgs[3]): Promise<AbortController> {
    const { signal, minIntervalMs, headersTimeoutMs } = this.#options;
    this.#hooks.starting();
    const wait = this.#lastStart + minIntervalMs - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
    // Stopped: start nothing and leave the informer idle (calling `done` would make it retry).
    if (signal.aborted) return new AbortController();
    this.#lastStart = Date.now();
    const request: Request = { done: false };
    this.#agents.open.add(request);
    this.#agents.next = request;
    const finish = () => {
      request.done = true;
      request.agent?.destroy();
      this.#agents.open.delete(request);
    };
    const late = setTimeout(finish, headersTimeoutMs);
    const controller = await super.watch(path, query, callback, (error: unknown) => {
      finish();
      done(error);
    });
    clearTimeout(late);
    if (!request.done && !signal.aborted) this.#hooks.connected();
    return controller;
  }
}
