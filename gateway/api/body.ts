import { ServiceError } from './errors.js';

/** A request or response body as the gateway passes it around: bytes, text, or a stream. */
export type Body = string | Uint8Array | AsyncIterable<Uint8Array> | undefined;

/** Reads a whole body, refusing more than `limit` bytes (HTTP 413) before buffering it all. */
export async function readBody(body: Body, limit: number): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const bytes = Buffer.from(body);
    if (bytes.length > limit) throw tooLarge(limit);
    return bytes;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): ServiceError {
  return new ServiceError('RequestEntityTooLarge', `The request body exceeds the limit of ${limit} bytes`, 413);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8, rejecting invalid byte sequences instead of replacing them. */
export function utf8(bytes: Uint8Array, code: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new ServiceError(code, 'The request body is not valid UTF-8');
  }
}
