import { ServiceError } from '../errors.js';

/**
 * AWS JSON 1.1: the operation comes from `X-Amz-Target`, the input is the JSON body, errors are
 * `{"__type": code, "message": …}`. Timestamps are epoch seconds. See
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

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
