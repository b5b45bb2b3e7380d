import { connect, type IncomingHttpHeaders } from 'node:http2';
import { matches } from './matcher.js';
import { authority, FAILED, withDeadline, type ProbeSpec } from './probe-base.js';
import type { ProbeResult } from './target-health.js';

// One empty, uncompressed gRPC message: a zero compression flag and a zero length.
const EMPTY_MESSAGE = Buffer.alloc(5);

/**
 * A gRPC health check (target groups with ProtocolVersion GRPC): a unary call on the health-check
 * path over HTTP/2 — cleartext (h2c) for HTTP, TLS without verification for HTTPS — whose
 * `grpc-status` is matched against the GrpcCode matcher (ALB guide, "Health checks for gRPC").
 * The status comes in the trailers, or in the headers of a trailers-only answer.
 */
export function probeGrpc(spec: ProbeSpec): Promise<ProbeResult> {
  return withDeadline(spec.timeoutMs, (finish) => {
    const scheme = spec.protocol === 'HTTPS' ? 'https' : 'http';
    const session = connect(`${scheme}://${authority(spec)}`, { rejectUnauthorized: false });
    session.on('error', () => finish(FAILED));
    const judge = (headers: IncomingHttpHeaders) => {
      const status = Number(headers['grpc-status']);
      if (!Number.isInteger(status)) return finish(FAILED);
      finish(matches(spec.matcher.codes, status) ? { ok: true } : { ok: false, kind: 'mismatch', code: status });
    };
    const stream = session.request({ ':method': 'POST', ':path': spec.path, 'content-type': 'application/grpc', te: 'trailers' });
    stream.on('response', (headers) => {
      if (headers[':status'] !== 200) finish(FAILED);
      else if (headers['grpc-status'] !== undefined) judge(headers);
    });
    stream.on('trailers', judge);
    stream.on('error', () => finish(FAILED));
    stream.on('close', () => finish(FAILED));
    stream.resume();
    stream.end(EMPTY_MESSAGE);
    return () => session.destroy();
  });
}
