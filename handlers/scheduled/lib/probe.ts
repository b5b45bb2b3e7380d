import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { ResponseParser } from '../../../gateway/traffic/dataplane/response-parser.js';
import { authority, FAILED, withDeadline, type ProbeSpec } from './probe-base.js';
import { matches } from './matcher.js';
import { probeGrpc } from './probe-grpc.js';
import type { ProbeResult } from './target-health.js';

// What AWS's health checker sends as its user agent (ALB guide, health checks).
const USER_AGENT = 'ELB-HealthChecker/2.0';

/**
 * Probes a target once. HTTP(S) is a one-shot GET with `Connection: close` over a fresh socket.
 * A check passes only when the whole response arrives — head, and body as its framing says —
 * with a code the matcher accepts: a target that sends `200 OK` and then resets, or closes
 * before its response is complete, has failed the check (Target.FailedHealthChecks), as it would
 * fail a client. A code the matcher rejects fails at once (Target.ResponseCodeMismatch). HTTPS
 * does not verify the target's certificate, as ALB does not (ALB guide, "HTTPS health checks").
 * TCP passes once the connection is established.
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
    let code = 0;
    const parser = new ResponseParser(false, {
      head(head) {
        code = head.status;
        if (!matches(spec.matcher.codes, code)) finish({ ok: false, kind: 'mismatch', code });
      },
      // The body is read (to know the response is complete) and dropped.
      body() {},
      end: () => finish({ ok: true }),
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        parser.feed(chunk);
      } catch {
        finish(FAILED); // not HTTP
      }
    });
    // A clean close completes a close-delimited body; before the response is complete it fails.
    socket.on('end', () => {
      try {
        parser.closed();
      } catch {
        finish(FAILED);
      }
    });
    // Refused, reset, or closed before the response was complete: AWS's Target.FailedHealthChecks.
    socket.on('error', () => finish(FAILED));
    socket.on('close', () => finish(FAILED));
    return () => socket.destroy();
  });
}
