import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { authority, FAILED, withDeadline, type ProbeSpec } from './probe-base.js';
import { matches } from './matcher.js';
import { probeGrpc } from './probe-grpc.js';
import type { ProbeResult } from './target-health.js';

// What AWS's health checker sends as its user agent (ALB guide, health checks).
const USER_AGENT = 'ELB-HealthChecker/2.0';
// A status line is short; a peer that sends this much without one is not speaking HTTP.
const MAX_HEAD = 4096;

/**
 * Probes a target once. HTTP(S) is a one-shot GET with `Connection: close` over a fresh socket:
 * only the status line matters to the matcher, so the socket is destroyed as soon as it is read.
 * HTTPS does not verify the target's certificate, as ALB does not (ALB guide, "HTTPS health
 * checks"). TCP passes once the connection is established.
 */
export function probe(spec: ProbeSpec): Promise<ProbeResult> {
  const http = spec.protocol === 'HTTP' || spec.protocol === 'HTTPS';
  if (http && spec.matcher.kind === 'grpc') return probeGrpc(spec);
  const secure = spec.protocol === 'HTTPS';
  return withDeadline(spec.timeoutMs, (finish) => {
    const socket = secure
      ? connectTls({ host: spec.host, port: spec.port, rejectUnauthorized: false })
      : connectTcp({ host: spec.host, port: spec.port });
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      if (!http) return finish({ ok: true });
      socket.write(`GET ${spec.path} HTTP/1.1\r\nHost: ${authority(spec)}\r\nUser-Agent: ${USER_AGENT}\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
    });
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n') && head.length < MAX_HEAD) return;
      const status = /^HTTP\/1\.[01] (\d{3})[ \r]/.exec(head);
      if (!status) return finish(FAILED);
      const code = Number(status[1]);
      finish(matches(spec.matcher.codes, code) ? { ok: true } : { ok: false, kind: 'mismatch', code });
    });
    // Refused, reset, or closed before a status line: AWS's Target.FailedHealthChecks.
    socket.on('error', () => finish(FAILED));
    socket.on('close', () => finish(FAILED));
    return () => socket.destroy();
  });
}
