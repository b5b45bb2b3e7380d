import type { HttpRequest } from '@smithy/protocol-http';
import type { ServiceError } from '../errors.js';

/** What a request asks for, once its protocol has read it. */
export interface DecodedRequest {
  /** The operation name; undefined when a query request has no `Action`. */
  operation: string | undefined;
  /** The input, nested (lists as arrays, maps as objects), still unvalidated. */
  params: Record<string, unknown>;
  /** Query protocol: the `Version` parameter, which tells services sharing a signing name apart. */
  version?: string;
}

/** A response body and the headers its protocol adds beside `content-type`. */
export interface Encoded {
  body: string;
  headers: Record<string, string>;
}

/**
 * One AWS wire protocol: how a request is read and how a result or an error is written. A
 * service's descriptor names its protocol (with what it needs: the query protocol's XML namespace
 * and output model); `handle()` never looks at which protocol it is, except to detect services
 * (DESIGN §2: `X-Amz-Target` for JSON, `Version` for query).
 */
export interface Protocol {
  readonly name: 'query' | 'json';
  readonly contentType: string;
  decode(request: HttpRequest, body: Uint8Array): DecodedRequest;
  encodeResult(operation: string, output: object, requestId: string): Encoded;
  encodeError(error: ServiceError, requestId: string): Encoded;
}
