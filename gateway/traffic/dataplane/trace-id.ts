import { randomFillSync } from 'node:crypto';

/** Random hex drawn in batches: one entropy call and one hex encoding serve many requests. */
const BATCH_BYTES = 12 * 256;
const randomBytes = Buffer.alloc(BATCH_BYTES);
let randomHex = '';
let randomOffset = BATCH_BYTES * 2;

/** The next 24 random hex digits (96 bits), as the trace identifier format needs. */
function random96(): string {
  if (randomOffset >= randomHex.length) {
    randomHex = randomFillSync(randomBytes).toString('hex');
    randomOffset = 0;
  }
  randomOffset += 24;
  return randomHex.slice(randomOffset - 24, randomOffset);
}

/** The epoch-seconds part changes once a second: it is kept rather than formatted per request. */
let epochSeconds = -1;
let epochHex = '';

/** `1-<8 hex digits: epoch seconds>-<24 hex digits>`, the trace identifier format. */
function newTraceId(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000);
  if (seconds !== epochSeconds) {
    epochSeconds = seconds;
    epochHex = seconds.toString(16).padStart(8, '0');
  }
  return `1-${epochHex}-${random96()}`;
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
