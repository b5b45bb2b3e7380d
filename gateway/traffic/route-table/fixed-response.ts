import type { FixedResponseActionConfig } from '@aws-sdk/client-elastic-load-balancing-v2';
import { HttpResponse } from '@smithy/protocol-http';

// Traefik has no fixed-response (reference/traefik.md §4: a plugin, or an errors middleware that
// still needs a server for the body). kecs-lb serves them itself: the rule's router rewrites the
// path to FIXED_RESPONSE_PATH + the encoded action and forwards to the gateway, which answers
// exactly what the action says. The action travels in the path, so the endpoint needs no state
// and always answers what the configuration Traefik has loaded says.

/** The gateway path prefix of the fixed-response endpoint. */
export const FIXED_RESPONSE_PATH = '/_kecs/traefik/fixed-response/';

/** The `Server` header of responses ALB generates itself. */
const ALB_SERVER = 'awselb/2.0';

/** The action as one path segment: base64url of `[status, contentType, body]` (URL-safe, no `/`). */
export function encodeFixedResponse(config: FixedResponseActionConfig): string {
  const payload = [config.StatusCode ?? '', config.ContentType ?? '', config.MessageBody ?? ''];
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** What the endpoint answers for `FIXED_RESPONSE_PATH + segment`, or undefined when it is not one. */
export function fixedResponseFor(path: string, method: string): HttpResponse | undefined {
  if (!path.startsWith(FIXED_RESPONSE_PATH)) return undefined;
  const decoded = decode(path.slice(FIXED_RESPONSE_PATH.length));
  if (!decoded) return undefined;
  const [status, contentType, body] = decoded;
  // Without a content type: text/plain, as the embedded data plane answers. Anyone can build such
  // a path, and it is served from the API's own origin, so the browser is told to treat the page
  // as a sandboxed, opaque origin (no scripts, no access to the API) and not to sniff its type.
  return new HttpResponse({
    statusCode: Number(status),
    headers: {
      server: ALB_SERVER,
      'content-type': contentType || 'text/plain',
      'content-length': String(Buffer.byteLength(body)),
      'content-security-policy': 'sandbox',
      'x-content-type-options': 'nosniff',
    },
    body: method === 'HEAD' ? undefined : body,
  });
}

function decode(segment: string): [string, string, string] | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3 || !value.every((part) => typeof part === 'string')) return undefined;
    const [status, contentType, body] = value as [string, string, string];
    // The API allows 2XX, 4XX and 5XX status codes and a body of at most 1024 bytes.
    if (!/^[245]\d\d$/.test(status) || /[\r\n]/.test(contentType) || Buffer.byteLength(body) > 1024) return undefined;
    return [status, contentType, body];
  } catch {
    return undefined;
  }
}
