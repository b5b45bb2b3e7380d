import { isIPv6 } from 'node:net';
import type { Matcher } from './matcher.js';
import type { ProbeResult } from './target-health.js';

/** One health check of one target, from its target group's settings. */
export interface ProbeSpec {
  /** HTTP and HTTPS send a GET; anything else (TCP, and NLB's TLS/UDP groups checked over TCP) connects. */
  protocol: string;
  host: string;
  port: number;
  path: string;
  timeoutMs: number;
  matcher: Matcher;
}

export type Finish = (result: ProbeResult) => void;

export const FAILED: ProbeResult = { ok: false, kind: 'failed' };

/** `host:port` as the Host header (and gRPC :authority) carries it. */
export function authority(spec: Pick<ProbeSpec, 'host' | 'port'>): string {
  return isIPv6(spec.host) ? `[${spec.host}]:${spec.port}` : `${spec.host}:${spec.port}`;
}

/**
 * Runs one probe under a hard deadline. `start` opens the connection and returns how to tear it
 * down; the first result wins, and at `timeoutMs` the probe ends as `Target.Timeout` whatever the
 * target does — a target that accepts and never answers, or a black-holed address whose connect
 * never completes, costs one timeout and no more. The teardown destroys the socket, so nothing
 * of a finished probe lingers.
 */
export function withDeadline(timeoutMs: number, start: (finish: Finish) => () => void): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    let teardown: (() => void) | undefined;
    const finish: Finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      teardown?.();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, kind: 'timeout' }), timeoutMs);
    try {
      teardown = start(finish);
    } catch {
      // e.g. an invalid host or port: the target cannot be reached, which AWS reports as failed checks
      finish(FAILED);
    }
    // A result given synchronously by `start` could not tear down what it had not returned yet.
    if (settled) teardown?.();
  });
}
