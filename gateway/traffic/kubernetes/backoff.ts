/** How long to wait before reconnecting to the API server. */
export interface BackoffOptions {
  /** The first wait, in milliseconds. */
  initialMs: number;
  /** The longest wait, in milliseconds. */
  maxMs: number;
}

/**
 * The wait before retry number `attempt` (0 for the first): doubling from `initialMs` up to
 * `maxMs`, then "equal jitter" — half fixed, half random — so that replicas which lost the API
 * server together do not come back in step, while no wait is ever close to zero.
 */
export function backoffDelay(attempt: number, { initialMs, maxMs }: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
