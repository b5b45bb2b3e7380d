import { HttpResponse } from '@smithy/protocol-http';
import { isConnectionError } from '../database/connection-errors.js';
import type { Logger } from '../logger.js';
import { ServiceError } from './errors.js';
import type { Protocol } from './protocols/protocol.js';

/** How a call ended: the handler's output, or the error to tell the client. */
export type Outcome = { output: object } | { error: ServiceError };

/** The HTTP response for an outcome, in `protocol`; every response carries the request id. */
export function encodeResponse(protocol: Protocol, operation: string, requestId: string, outcome: Outcome): HttpResponse {
  const encoded = 'error' in outcome
    ? protocol.encodeError(outcome.error, requestId)
    : protocol.encodeResult(operation, outcome.output, requestId);
  return new HttpResponse({
    statusCode: 'error' in outcome ? outcome.error.status : 200,
    headers: { 'x-amzn-RequestId': requestId, 'content-type': protocol.contentType, ...encoded.headers },
    body: encoded.body,
  });
}

/**
 * What the client is told about a failure. The database being unreachable (stopped, restarting,
 * network cut) is a temporary failure of the server: AWS's common error `ServiceUnavailable`,
 * HTTP 503, Type Receiver (API reference, "Common Errors"), with the generic message AWS services
 * answer it with, "Service is unavailable. Please try again later." SDKs retry a 503. Anything
 * else unexpected is a 500 `InternalFailure`, logged with its stack.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/CommonErrors.html
 */
export function asServiceError(error: unknown, log: Logger): ServiceError {
  if (error instanceof ServiceError) return error;
  if (isConnectionError(error)) {
    log.warn({ code: (error as { code?: string }).code, message: (error as Error).message }, 'database unreachable');
    return new ServiceError('ServiceUnavailable', 'Service is unavailable. Please try again later.', 503, false);
  }
  log.error({ err: error }, 'unhandled error');
  return new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error', 500, false);
}
