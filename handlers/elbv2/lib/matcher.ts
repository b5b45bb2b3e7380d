import type { Matcher } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';

/** An inclusive range of status codes a health check accepts. */
export type CodeRange = readonly [number, number];

/**
 * Parses matcher code syntax — one code (`200`), a list (`200,202`), a range (`200-299`), or a
 * list mixing both (Matcher data type, API reference). Undefined when malformed.
 */
export function parseCodes(text: string): CodeRange[] | undefined {
  const ranges: CodeRange[] = [];
  for (const part of text.split(',')) {
    const match = /^(\d{1,3})(?:-(\d{1,3}))?$/.exec(part.trim());
    if (!match) return undefined;
    const low = Number(match[1]);
    const high = match[2] === undefined ? low : Number(match[2]);
    if (high < low) return undefined;
    ranges.push([low, high]);
  }
  return ranges;
}

/**
 * Where the codes may lie (Matcher data type): HTTP codes 200–499 for Application Load Balancer
 * target groups (and Lambda), 200–599 for Network and Gateway Load Balancer ones; gRPC codes 0–99.
 */
export type MatcherLimits = { kind: 'HttpCode' | 'GrpcCode'; min: number; max: number };

export const ALB_HTTP_CODES: MatcherLimits = { kind: 'HttpCode', min: 200, max: 499 };
export const NLB_HTTP_CODES: MatcherLimits = { kind: 'HttpCode', min: 200, max: 599 };
export const GRPC_CODES: MatcherLimits = { kind: 'GrpcCode', min: 0, max: 99 };

/** Checks a requested matcher against the one member and code range its target group allows. */
export function checkMatcher(matcher: Matcher, limits: MatcherLimits): Matcher {
  const other = limits.kind === 'HttpCode' ? 'GrpcCode' : 'HttpCode';
  if (matcher[other] !== undefined) {
    throw validationError(limits.kind === 'HttpCode'
      ? 'A gRPC code matcher can only be used with the GRPC protocol version'
      : 'A gRPC target group requires a gRPC code matcher, not an HTTP code matcher');
  }
  const text = matcher[limits.kind];
  if (text === undefined) throw validationError(`The health check matcher must specify ${limits.kind}`);
  const label = limits.kind === 'HttpCode' ? 'HTTP' : 'gRPC';
  const ranges = parseCodes(text);
  if (!ranges) throw validationError(`Health check matcher ${label} code '${text}' is not valid; use a code, a comma-separated list, or a range such as 200-299`);
  if (ranges.some(([low, high]) => low < limits.min || high > limits.max)) {
    throw validationError(`Health check matcher ${label} code '${text}' must be within ${limits.min}-${limits.max}`);
  }
  return { [limits.kind]: text };
}
