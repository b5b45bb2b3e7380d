import { randomUUID } from 'node:crypto';

/** `1-<8 hex digits: epoch seconds>-<24 hex digits>`, the trace identifier format. */
function newTraceId(nowMs: number): string {
  // randomUUID draws from a cached entropy pool: much cheaper per request than randomBytes.
  const random = randomUUID().replace(/-/g, '').slice(8);
  return `1-${Math.floor(nowMs / 1000).toString(16).padStart(8, '0')}-${random}`;
}

/**
 * The `X-Amzn-Trace-Id` ALB forwards ("Request tracing for your Application Load Balancer"):
 * absent → `Root=<new id>`; present with a Root field → a `Self=<new id>` field is inserted (or
 * updated when one is already there), the other fields preserved; without a Root field the
 * header is replaced by a new Root.
 */
export function traceHeader(existing: string | undefined, nowMs: number): string {
  const id = newTraceId(nowMs);
  if (!existing) return `Root=${id}`;
  const fields = existing.split(';').map((field) => field.trim()).filter(Boolean);
  if (!fields.some((field) => field.startsWith('Root='))) return `Root=${id}`;
  const others = fields.filter((field) => !field.startsWith('Self='));
  return [`Self=${id}`, ...others].join(';');
}
