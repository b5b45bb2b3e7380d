import type { HttpRequest } from '@smithy/protocol-http';
import { readBody, type Body } from './body.js';
import { serviceOfVersionlessAction, type CallerHints } from './detect.js';
import { ServiceError } from './errors.js';
import { jsonProtocol } from './protocols/json.js';
import type { Protocol } from './protocols/protocol.js';
import { queryProtocol } from './protocols/query.js';
import type { RegisteredService } from './registry.js';

/** A request for one of our services, decoded. */
export interface Call {
  service: RegisteredService;
  operation: string;
  params: Record<string, unknown>;
}

/** What a request turned out to be once its service is known: one of ours, or someone else's. */
export type Resolution = { kind: 'ours'; call: Call } | { kind: 'foreign'; name: string; body: Body };

/** Query requests before their service is known: decoded alike, errors in a namespace of no service. */
const QUERY_OF_NO_SERVICE = queryProtocol({ xmlNamespace: 'http://kecs.dev/doc/' });

/**
 * The protocol the request itself speaks, judged from its headers: it answers errors found before
 * the service is known (a bad body, an unknown service), so a JSON client never gets XML.
 */
export function requestProtocol(hints: CallerHints): Protocol {
  return hints.target !== undefined ? jsonProtocol : QUERY_OF_NO_SERVICE;
}

/**
 * DESIGN §2: `X-Amz-Target`, then the credential scope, then `Action` + `Version`. A query request
 * names its service inside its body (`Version`), so the body is read and decoded here, before the
 * service is known; a JSON request's service is known from its header before the body is read.
 * Someone else's request keeps its body unread when the headers alone tell it is not ours.
 */
export async function resolveService(request: HttpRequest, hints: CallerHints, services: readonly RegisteredService[], maxBodyBytes: number): Promise<Resolution> {
  if (hints.target) return byTarget(request, hints.target, services, maxBodyBytes);
  return byScopeAndVersion(request, hints, services, maxBodyBytes);
}

async function byTarget(request: HttpRequest, target: string, services: readonly RegisteredService[], maxBodyBytes: number): Promise<Resolution> {
  const prefix = target.split('.')[0];
  const service = services.find((s) => s.descriptor.protocol.name === 'json' && s.descriptor.targetPrefix === prefix);
  if (!service) return { kind: 'foreign', name: prefix, body: request.body };
  const { operation, params } = service.descriptor.protocol.decode(request, await readBody(request.body, maxBodyBytes));
  return { kind: 'ours', call: { service, operation: operation ?? '', params } };
}

async function byScopeAndVersion(request: HttpRequest, hints: CallerHints, services: readonly RegisteredService[], maxBodyBytes: number): Promise<Resolution> {
  const candidates = services.filter((s) => s.descriptor.protocol.name === 'query' && (!hints.signingName || s.descriptor.signingName === hints.signingName));
  if (hints.signingName && candidates.length === 0) return { kind: 'foreign', name: hints.signingName, body: request.body };
  const bytes = await readBody(request.body, maxBodyBytes);
  const { operation, version, params } = QUERY_OF_NO_SERVICE.decode(request, bytes);
  const service = candidates.find((s) => s.descriptor.apiVersion === version)
    ?? (version === undefined && operation !== undefined ? serviceOfVersionlessAction(candidates, operation) : undefined);
  if (!service) {
    // Same signing name, other API version: classic ELB (2012-06-01) is not ours.
    if (hints.signingName || version !== undefined || operation !== undefined) {
      return { kind: 'foreign', name: hints.signingName ?? `${operation ?? '?'}@${version ?? '?'}`, body: bytes };
    }
    throw new ServiceError('UnknownService', 'The request names no AWS service: send X-Amz-Target, a SigV4 Authorization header, or Action and Version parameters');
  }
  if (!operation) throw new ServiceError('MissingAction', 'The request must contain the parameter Action');
  return { kind: 'ours', call: { service, operation, params } };
}
