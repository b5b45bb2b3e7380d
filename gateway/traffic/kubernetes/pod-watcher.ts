import { CoreV1Api, ListWatch, Observable, type ConfigurationOptions, type KubeConfig, type ObservableMiddleware, type V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../logger.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { ClosableWatch } from './closable-watch.js';
import { podViewOf } from './pod-view-from-pod.js';
import type { PodSnapshot, PodView } from './pod-view.js';
import type { PodWatcherState, PodWatcherStatus } from './pod-watcher-status.js';

/** What {@link startPodWatcher} needs. */
export interface PodWatcherOptions {
  kubeConfig: KubeConfig;
  /**
   * A server-side filter. The gateway passes none: the pods KECS labels for target groups and the
   * pods a target group's selector tag matches are different sets, and the tags change at run
   * time, so no one selector covers them.
   */
  labelSelector?: string;
  log: Logger;
  /**
   * Called with the full snapshot after changes, never twice at once: changes during a call are
   * coalesced into the next one. Level-triggered: the latest snapshot is the truth.
   */
  onChange: (snapshot: PodSnapshot) => void | Promise<void>;
  /** Least milliseconds between two calls of `onChange` for ordinary events (default 150). */
  coalesceMs?: number;
  /** Waits between reconnection attempts (default 500 ms doubling to 30 s, with jitter). */
  backoff?: Partial<BackoffOptions>;
  /** Least milliseconds between two watch requests (default 1000). */
  minWatchIntervalMs?: number;
  /** A list or a watch's response headers slower than this fail the attempt (default 60 s). */
  requestTimeoutMs?: number;
}

/** A running pod watcher. */
export interface PodWatcher {
  status(): PodWatcherStatus;
  /** Cuts every request and stream and cancels every timer; `onChange` is not called afterwards. */
  stop(): Promise<void>;
}

const PODS_PATH = '/api/v1/pods';

/** The first line of an error, bounded: client-node's errors can carry a whole response. */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 300);
}

/** Request options that abort the request on `signal` (client-node's setHeaderOptions, for a signal). */
function abortable(signal: AbortSignal): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (context) => { context.setSignal(signal); return new Observable(Promise.resolve(context)); },
    post: (response) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}

/**
 * Lists and watches the pods of every namespace (client-node's informer: list, then watch from the
 * list's resourceVersion; a `410 Gone` re-lists) and reports the pods as a {@link PodSnapshot}.
 * When the informer stops on an error — a dropped stream, the API server down — it is started
 * again after a backoff with jitter, resuming from the last resourceVersion (so missed events are
 * replayed, or a 410 re-lists). Never throws: failures show in {@link PodWatcher.status}.
 */
export function startPodWatcher(options: PodWatcherOptions): PodWatcher {
  const { kubeConfig, labelSelector, log } = options;
  const coalesceMs = options.coalesceMs ?? 150;
  const backoff: BackoffOptions = { initialMs: 500, maxMs: 30_000, ...options.backoff };
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const stopping = new AbortController();

  let state: PodWatcherState = 'connecting';
  let since = new Date();
  let lastError: string | undefined;
  let synced = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  const setState = (next: PodWatcherState) => {
    if (next !== state) {
      state = next;
      since = new Date();
    }
  };

  const api = kubeConfig.makeApiClient(CoreV1Api);
  // A list whose items the informer applies before its next watch request (see ClosableWatch).
  let listed = false;
  const list = async () => {
    const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(requestTimeoutMs)]);
    const result = await api.listPodForAllNamespaces({ labelSelector }, abortable(signal));
    // Stopped while the list was out: fail it, or the informer would go on to open a watch.
    if (stopping.signal.aborted) throw new Error('pod watcher stopped');
    listed = true;
    return result;
  };

  const watch = new ClosableWatch(kubeConfig, { signal: stopping.signal, minIntervalMs: options.minWatchIntervalMs ?? 1000, headersTimeoutMs: requestTimeoutMs }, {
    starting() {
      if (!listed) return;
      listed = false;
      const first = !synced;
      synced = true;
      attempt = 0;
      lastError = undefined;
      setState('synced');
      log.info({ pods: informer.list().length, resourceVersion: informer.latestResourceVersion() }, first ? 'kubernetes pods listed' : 'kubernetes pods re-listed');
      // Right away: a (re)list can change many pods at once, and the consumer waits for the first.
      flush();
    },
    connected() {
      attempt = 0;
      if (synced) {
        lastError = undefined;
        setState('synced');
      }
    },
  });
  // What makeInformer builds, with a watch that can be closed while its request is in flight.
  const informer = new ListWatch<V1Pod>(PODS_PATH, watch, list, false, labelSelector);

  // Views are rebuilt only for objects the informer replaced.
  const views = new WeakMap<V1Pod, PodView>();
  const snapshot = (): PodSnapshot => {
    const pods = new Map<string, PodView>();
    for (const pod of informer.list()) {
      let view = views.get(pod);
      if (!view) views.set(pod, view = podViewOf(pod));
      pods.set(view.uid, view);
    }
    return { pods, synced };
  };

  let calling = false;
  let dirty = false;
  let lastCall = 0;
  let pending: NodeJS.Timeout | undefined;
  function flush(): void {
    clearTimeout(pending);
    pending = undefined;
    if (stopping.signal.aborted || !synced) return;
    if (calling) {
      dirty = true;
      return;
    }
    dirty = false;
    calling = true;
    lastCall = Date.now();
    Promise.resolve()
      .then(() => options.onChange(snapshot()))
      .catch((error: unknown) => log.error({ err: error }, 'kubernetes pod snapshot consumer failed'))
      .finally(() => {
        calling = false;
        if (dirty) schedule();
      });
  }
  function schedule(): void {
    if (pending || stopping.signal.aborted) return;
    if (calling) {
      dirty = true;
      return;
    }
    pending = setTimeout(flush, Math.max(0, lastCall + coalesceMs - Date.now()));
  }
  // During a list the informer reports every pod; the flush after the list covers them.
  const changed = () => { if (synced && !listed) schedule(); };
  informer.on('add', changed);
  informer.on('update', changed);
  informer.on('delete', changed);

  informer.on('error', (error: unknown) => {
    if (stopping.signal.aborted) return;
    lastError = describe(error);
    setState('reconnecting');
    const wait = backoffDelay(attempt++, backoff);
    log.warn({ error: lastError, retryInMs: wait }, 'kubernetes pod watch failed; reconnecting');
    clearTimeout(retry);
    retry = setTimeout(start, wait);
  });

  function start(): void {
    retry = undefined;
    if (stopping.signal.aborted) return;
    // start() reports failures through the error event; a throw here would be a client-node bug.
    informer.start().catch((error: unknown) => log.error({ err: error }, 'kubernetes informer failed to start'));
  }
  start();

  return {
    status: () => ({ state, pods: informer.list().length, ...(lastError === undefined ? {} : { lastError }), since: since.toISOString() }),
    async stop() {
      stopping.abort();
      clearTimeout(retry);
      clearTimeout(pending);
      await informer.stop();
    },
  };
}
