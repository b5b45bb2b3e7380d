import { parseCodes, type CodeRange } from '../../elbv2/lib/matcher.js';

/**
 * The success codes of a health check, read from a target group's `Matcher` (API reference,
 * Matcher): `HttpCode` "200", "200,202", "200-299" or a mix; `GrpcCode` in the same forms.
 */
export interface Matcher {
  /** Which status the probe compares: the HTTP status or the gRPC `grpc-status`. */
  kind: 'http' | 'grpc';
  codes: readonly CodeRange[];
}

// The API defaults when a group has no matcher: 200 for HTTP, 12 (UNIMPLEMENTED) for gRPC.
const DEFAULTS = { http: '200', grpc: '12' } as const;

/** Whether `code` is one of the success codes. */
export function matches(codes: readonly CodeRange[], code: number): boolean {
  return codes.some(([low, high]) => code >= low && code <= high);
}

/**
 * The matcher of a target group row: gRPC when its protocol version is GRPC, else HTTP. The
 * codes were checked against their allowed range when the group was written; one that cannot be
 * read throws, which fails that target's check rather than the tick.
 */
export function groupMatcher(stored: { HttpCode?: string; GrpcCode?: string } | null, protocolVersion: string | null): Matcher {
  const kind = protocolVersion === 'GRPC' ? 'grpc' : 'http';
  const text = (kind === 'grpc' ? stored?.GrpcCode : stored?.HttpCode) ?? DEFAULTS[kind];
  const codes = parseCodes(text);
  if (!codes) throw new Error(`Unreadable ${kind} matcher '${text}'`);
  return { kind, codes };
}
