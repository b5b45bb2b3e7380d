import type { HttpRequest } from '@smithy/protocol-http';
import type { NormalizedSchema } from '@smithy/core/schema';
import { utf8 } from '../body.js';
import { header } from '../detect.js';
import { ServiceError } from '../errors.js';
import { formatQuery } from '../query-string.js';
import type { Protocol } from './protocol.js';

/**
 * The AWS query protocol: form-encoded requests (`Action`, `Version`, `X.member.N`,
 * `X.entry.N.key/value`), XML responses. See
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html
 *
 * Responses are written from AWS's model of each operation's output, not from the object a
 * handler returns: the model says the members of each structure and their order, which members
 * are lists (`<member>` elements) and which are maps (`<entry><key>…</key><value>…</value>`);
 * `xmlName` traits rename elements exactly where the SDK's XML reader looks for them. Values
 * are written as text: a `Date` (a timestamp member) in ISO 8601 with milliseconds, as ELBv2
 * sends `CreatedTime`, numbers and booleans as JavaScript prints them. Handlers therefore return
 * plain AWS shapes in any key order; members that are undefined or null, and keys the model does
 * not have, are not written.
 *
 * The model is the one the AWS SDK v3 client ships as runtime schemas (its public `Operation$`
 * exports, see `sdk-model.ts`), read with `NormalizedSchema` from `@smithy/core/schema`, the
 * reader the SDK's own protocols use. It is AWS's model of the same API version the SDK tests
 * parse responses with, so nothing is hand-written or generated at build time. An output with
 * no model (an operation of a service without one) is written as the object is, keys in its own
 * order. ELBv2's model uses no `xmlFlattened` or `xmlAttribute` traits, so they are not read here.
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

/** What the encoder needs of a modelled shape; read once per shape, as `NormalizedSchema` builds new objects on every call. */
type Plan =
  | { kind: 'list'; element: string; item: NormalizedSchema }
  | { kind: 'map'; key: string; value: string; item: NormalizedSchema }
  | { kind: 'structure'; members: Array<[name: string, element: string, shape: NormalizedSchema]> }
  | { kind: 'scalar' };

const plans = new WeakMap<NormalizedSchema, Plan>();

/** The element name the model gives a list item, map key or value, as the SDK's XML reader looks it up. */
const nameOf = (shape: NormalizedSchema, fallback: string) => shape.getMergedTraits().xmlName ?? fallback;

function readPlan(shape: NormalizedSchema): Plan {
  if (shape.isListSchema()) {
    const item = shape.getValueSchema();
    return { kind: 'list', element: nameOf(item, 'member'), item };
  }
  if (shape.isMapSchema()) {
    const item = shape.getValueSchema();
    return { kind: 'map', key: nameOf(shape.getKeySchema(), 'key'), value: nameOf(item, 'value'), item };
  }
  if (shape.isStructSchema()) {
    return { kind: 'structure', members: [...shape.structIterator()].map(([name, member]) => [name, member.getMemberTraits().xmlName ?? name, member]) };
  }
  return { kind: 'scalar' };
}

function planOf(shape: NormalizedSchema): Plan {
  let plan = plans.get(shape);
  if (!plan) plans.set(shape, (plan = readPlan(shape)));
  return plan;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const NEEDS_ESCAPE = /[&<>"']/;

/** Text as element content; the five XML entities, as every AWS query response escapes them. */
function escapeText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]) : text;
}

/** `<name>content</name>`, or `<name/>` when there is no content (an empty list, string or structure). */
function element(name: string, value: unknown, shape: NormalizedSchema | undefined): string {
  const inner = content(value, shape);
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}

/**
 * The XML inside a value's element, in the model's order when there is a model. Written straight
 * into a string, as responses are written on every call: a general-purpose builder's object tree
 * and per-node bookkeeping were most of the encoding time of a 100-target DescribeTargetHealth.
 */
function content(value: unknown, shape: NormalizedSchema | undefined): string {
  if (value instanceof Date) return value.toISOString();
  const plan = shape ? planOf(shape) : undefined;
  if (Array.isArray(value)) {
    const list = plan?.kind === 'list' ? plan : undefined;
    const name = list?.element ?? 'member';
    let xml = '';
    for (const item of value) xml += element(name, item, list?.item);
    return xml;
  }
  if (typeof value !== 'object' || value === null) return escapeText(String(value));
  const fields = value as Record<string, unknown>;
  let xml = '';
  if (plan?.kind === 'map') {
    for (const key of Object.keys(fields)) {
      xml += `<entry>${element(plan.key, key, undefined)}${element(plan.value, fields[key], plan.item)}</entry>`;
    }
    return xml;
  }
  if (plan?.kind === 'structure') {
    for (const [name, elementName, member] of plan.members) {
      const field = fields[name];
      if (field !== undefined && field !== null) xml += element(elementName, field, member);
    }
    return xml;
  }
  for (const name of Object.keys(fields)) {
    const field = fields[name];
    if (field !== undefined && field !== null) xml += element(name, field, undefined);
  }
  return xml;
}

/**
 * The Result elements of frozen outputs. A handler freezes an output it shares between calls
 * (DescribeTargetHealth's answer for a cached target group) and never changes it, so its XML
 * is written once and reused for as long as the output lives, with the shape it was written for.
 */
const frozenResults = new WeakMap<object, { shape: NormalizedSchema | undefined; xml: string }>();

function resultElement(operation: string, output: object, shape: NormalizedSchema | undefined): string {
  if (!Object.isFrozen(output)) return element(`${operation}Result`, output, shape);
  const known = frozenResults.get(output);
  if (known && known.shape === shape) return known.xml;
  const xml = element(`${operation}Result`, output, shape);
  frozenResults.set(output, { shape, xml });
  return xml;
}

/**
 * `<OpResponse><OpResult>…</OpResult><ResponseMetadata>…` — the Result element is always there.
 * `shape` is the operation's output structure (see the comment at the top).
 */
export function encodeQueryResult(operation: string, xmlns: string, output: object, requestId: string, shape?: NormalizedSchema): string {
  return `<${operation}Response xmlns="${escapeText(xmlns)}">${resultElement(operation, output, shape)}`
    + `<ResponseMetadata>${element('RequestId', requestId, undefined)}</ResponseMetadata></${operation}Response>`;
}

export function encodeQueryError(error: ServiceError, xmlns: string, requestId: string): string {
  const fields = { Type: error.senderFault ? 'Sender' : 'Receiver', Code: error.code, Message: error.message };
  return `<ErrorResponse xmlns="${escapeText(xmlns)}">${element('Error', fields, undefined)}${element('RequestId', requestId, undefined)}</ErrorResponse>`;
}

/** A query request's parameters: the form body when it is one, else the URL's query string. */
function readQueryRequest(request: HttpRequest, body: Uint8Array): QueryRequest {
  const isForm = (header(request, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');
  return decodeQuery(isForm ? utf8(body, 'MalformedQueryString') : formatQuery(request.query));
}

export interface QueryProtocolOptions {
  /** The namespace of every response element. */
  xmlNamespace: string;
  /** Each operation's output structure; an operation missing here is written without a model. */
  outputs?: ReadonlyMap<string, NormalizedSchema>;
}

export function queryProtocol(options: QueryProtocolOptions): Protocol {
  const { xmlNamespace, outputs } = options;
  return {
    name: 'query',
    contentType: 'text/xml',
    decode(request, body) {
      const { action, version, params } = readQueryRequest(request, body);
      return { operation: action, version, params };
    },
    encodeResult: (operation, output, requestId) => ({
      body: encodeQueryResult(operation, xmlNamespace, output, requestId, outputs?.get(operation)),
      headers: {},
    }),
    encodeError: (error, requestId) => ({ body: encodeQueryError(error, xmlNamespace, requestId), headers: {} }),
  };
}
