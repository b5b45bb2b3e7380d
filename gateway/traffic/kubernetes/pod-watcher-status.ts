/**
 * Where the pod watcher stands: `disabled` (KECS_KUBERNETES resolved to off), `connecting` (before
 * the first list), `synced` (listed and watching), `reconnecting` (the API server failed; waiting
 * to retry, the last snapshot still stands).
 */
export type PodWatcherState = 'disabled' | 'connecting' | 'synced' | 'reconnecting';

/** What `/_kecs/health` shows under `kubernetes`. */
export interface PodWatcherStatus {
  state: PodWatcherState;
  /** Pods in the current snapshot. */
  pods: number;
  /** Why the last attempt failed; absent once synced again. */
  lastError?: string;
  /** When `state` last changed, ISO 8601. */
  since: string;
}

/** The status to report when the watcher is not started (KECS_KUBERNETES resolved to off). */
export function disabledPodWatcherStatus(since: Date): PodWatcherStatus {
  return { state: 'disabled', pods: 0, since: since.toISOString() };
}
