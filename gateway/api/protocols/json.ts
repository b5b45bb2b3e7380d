import { utf8 } from '../body.js';
import { header } from '../detect.js';
import { ServiceError } from '../errors.js';
import type { Protocol } from './protocol.js';

/**
 * AWS JSON 1.1: the operation comes from `X-Amz-Target`, the input is the JSON body, errors are
 * `{"__type": code, "message": …}`. Timestamps are epoch seconds. See
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export function decodeJson(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ServiceError('SerializationException', 'The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ServiceError('SerializationException', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

export function encodeJsonResult(output: object): string {
  return JSON.stringify(output, function replacer(this: Record<string, unknown>, key, value) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : value;
  });
}

export function encodeJsonError(error: ServiceError): string {
  return JSON.stringify({ __type: error.code, message: error.message });
}

/** AWS JSON 1.1 for every service that speaks it: nothing in it depends on the service. */
export const jsonProtocol: Protocol = {
  name: 'json',
  contentType: JSON_CONTENT_TYPE,
  decode(request, body) {
    const target = header(request, 'x-amz-target') ?? '';
    return { operation: target.slice(target.indexOf('.') + 1), params: decodeJson(utf8(body, 'SerializationException')) };
  },
  encodeResult: (_operation, output) => ({ body: encodeJsonResult(output), headers: {} }),
  encodeError: (error) => ({ body: encodeJsonError(error), headers: { 'x-amzn-ErrorType': error.code } }),
};
