import { XMLBuilder } from 'fast-xml-parser';
import { ServiceError } from '../errors.js';

/**
 * The AWS query protocol: form-encoded requests (`Action`, `Version`, `X.member.N`,
 * `X.entry.N.key/value`), XML responses. See
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 */

export interface QueryRequest {
  action: string | undefined;
  version: string | undefined;
  /** Every other parameter, nested: `A.member.2.B=x` → `{ A: [undefined, { B: 'x' }] }`. */
  params: Record<string, unknown>;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new ServiceError('MalformedQueryString', `The parameter '${text.slice(0, 64)}' is not valid percent-encoded UTF-8`);
  }
}

/** Splits a form body or query string into ordered key/value pairs; rejects bad encodings. */
export function parseForm(text: string): Array<[string, string]> {
  if (text === '') return [];
  return text.split('&').filter((part) => part !== '').map((part) => {
    const eq = part.indexOf('=');
    const key = decodeComponent(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decodeComponent(part.slice(eq + 1));
    return [key, value];
  });
}

type Node = Record<string, unknown> | unknown[];

/**
 * The deepest key any AWS query API needs is well under this (ELBv2's deepest,
 * `Actions.member.1.ForwardConfig.TargetGroups.member.1.Weight`, has 7 segments); deeper keys
 * would only make the nested input, and everything that walks it, deep enough to overflow the stack.
 */
const MAX_KEY_SEGMENTS = 32;

/** Sets `value` at a dotted query key, turning `member.N` into list slots and `entry.N` into maps. */
function assign(root: Record<string, unknown>, key: string, value: string): void {
  const segments = key.split('.');
  if (segments.length > MAX_KEY_SEGMENTS) {
    throw new ServiceError('MalformedQueryString', `The parameter '${key.slice(0, 64)}…' is nested more than ${MAX_KEY_SEGMENTS} levels deep`);
  }
  let node: Node = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === '__proto__' || segment === 'constructor' || segment === 'prototype') {
      throw new ServiceError('MalformedQueryString', `The parameter '${key}' is not valid`);
    }
    const last = i === segments.length - 1;
    const isListSlot = Array.isArray(node);
    const slot: string | number = isListSlot ? Number(segment) - 1 : segment;
    if (isListSlot && (!Number.isInteger(slot) || (slot as number) < 0 || (slot as number) >= 1000)) {
      throw new ServiceError('MalformedQueryString', `The parameter '${key}' has an invalid list index '${segment}'`);
    }
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[slot] = value;
      return;
    }
    const next = segments[i + 1];
    if (!isListSlot && (next === 'member' || next === 'entry') && i + 2 < segments.length) {
      // `X.member.N…` is a list; `X.entry.N.key/value` a map, kept as a list of pairs until the end.
      if (!Array.isArray(container[slot])) container[slot] = [];
      node = container[slot] as unknown[];
      i++;
      if (next === 'entry') markAsMap(node);
      continue;
    }
    if (typeof container[slot] !== 'object' || container[slot] === null) container[slot] = {};
    node = container[slot] as Node;
  }
}

const MAP = Symbol('map');
function markAsMap(list: unknown[]): void {
  (list as unknown as Record<symbol, boolean>)[MAP] = true;
}

/** Turns `entry` lists of `{ key, value }` into plain objects, recursively. */
function foldMaps(value: unknown): unknown {
  if (Array.isArray(value)) {
    if ((value as unknown as Record<symbol, boolean>)[MAP]) {
      const map: Record<string, unknown> = {};
      for (const entry of value as Array<Record<string, unknown> | undefined>) {
        if (entry && typeof entry.key === 'string') map[entry.key] = foldMaps(entry.value);
      }
      return map;
    }
    return value.map(foldMaps);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, foldMaps(v)]));
  }
  return value;
}

/** Decodes a query-protocol request from its form body (or query string). */
export function decodeQuery(text: string): QueryRequest {
  let action: string | undefined;
  let version: string | undefined;
  const params: Record<string, unknown> = {};
  for (const [key, value] of parseForm(text)) {
    if (key === 'Action') action = value;
    else if (key === 'Version') version = value;
    else if (key !== '' && !key.startsWith('X-Amz-')) assign(params, key, value);
  }
  return { action, version, params: foldMaps(params) as Record<string, unknown> };
}

const XML_MAP = Symbol('xml map');

/**
 * Marks an output object as a map: the query protocol writes maps as
 * `<entry><key>…</key><value>…</value></entry>`, structures as named children, and only the
 * handler knows which one a plain object is. JSON output ignores the mark.
 */
export function xmlMap<T extends object>(value: T): T {
  return Object.assign(Object.create(null), value, { [XML_MAP]: true }) as T;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

/** Shapes an output value for the builder: lists become `<member>` children, times ISO 8601. */
function toXmlTree(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return { member: value.map(toXmlTree) };
  if (typeof value === 'object' && value !== null && XML_MAP in value) {
    return { entry: Object.entries(value).map(([key, member]) => ({ key, value: toXmlTree(member) })) };
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined && member !== null) out[key] = toXmlTree(member);
    }
    return out;
  }
  return String(value);
}

/** `<OpResponse><OpResult>…</OpResult><ResponseMetadata>…` — the Result element is always there. */
export function encodeQueryResult(operation: string, xmlns: string, output: object, requestId: string): string {
  return builder.build({
    [`${operation}Response`]: {
      '@_xmlns': xmlns,
      [`${operation}Result`]: toXmlTree(output),
      ResponseMetadata: { RequestId: requestId },
    },
  });
}

export function encodeQueryError(error: ServiceError, xmlns: string, requestId: string): string {
  return builder.build({
    ErrorResponse: {
      '@_xmlns': xmlns,
      Error: { Type: error.senderFault ? 'Sender' : 'Receiver', Code: error.code, Message: error.message },
      RequestId: requestId,
    },
  });
}
