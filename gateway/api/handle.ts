import { randomUUID } from 'node:crypto';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { Kysely } from 'kysely';
import { readBody, utf8, type Body } from './body.js';
import type { Config } from '../config.js';
import type { Database } from '../database/tables.js';
import type { Ec2Facts } from '../upstream-ec2/facts.js';
import { refuseCrossSiteBrowser } from './browser-guard.js';
import { isConnectionError } from '../database/connection-errors.js';
import { accountFrom, header, readHints, regionFrom, type CallerHints } from './detect.js';
import { ServiceError } from './errors.js';
import type { Logger } from '../logger.js';
import { decodeJson, encodeJsonError, encodeJsonResult, JSON_CONTENT_TYPE } from './protocols/json.js';
import { decodeQuery, encodeQueryError, encodeQueryResult } from './protocols/query.js';
import { formatQuery } from './query-string.js';
import type { RegisteredService, Registry } from './registry.js';
import { parseInput } from './schema.js';
import type { Context, OperationModule } from './service.js';
import { forwardUpstream } from './upstream.js';

export interface GatewayDependencies {
  registry: Registry;
  db: Kysely<Database>;
  config: Config;
  log: Logger;
  /** What handlers read from EC2 (`ctx.ec2`). */
  ec2: Ec2Facts;
  /** The clock handlers see; tests pass a fake one. */
  now?: () => Date;
  /** Routes under `/_kecs/`; answers undefined for a path it does not know. */
  internal?: (request: HttpRequest, body: Body) => Promise<HttpResponse | undefined>;
}

/** `handle(request)`: everything from service detection to the encoded response, without a socket. */
export type Handle = (request: HttpRequest) => Promise<HttpResponse>;

interface Call {
  service: RegisteredService;
  operation: string;
  params: Record<string, unknown>;
}

/** What a request turned out to be once its service is known: one of ours, or someone else's. */
type Resolution = { kind: 'ours'; call: Call } | { kind: 'foreign'; name: string; body: Body };

const ERROR_STATUS = 500;

export function createHandle(deps: GatewayDependencies): Handle {
  const { registry, config, log } = deps;
  const now = deps.now ?? (() => new Date());
  const services = [...registry.values()];

  function byTarget(target: string): RegisteredService | undefined {
    const prefix = target.split('.')[0];
    return services.find((s) => s.descriptor.protocol === 'json' && s.descriptor.targetPrefix === prefix);
  }

  /** DESIGN §2: X-Amz-Target, then the credential scope, then `Action` + `Version`. */
  async function resolve(request: HttpRequest, hints: CallerHints): Promise<Resolution> {
    if (hints.target) {
      const service = byTarget(hints.target);
      if (!service) return { kind: 'foreign', name: hints.target.split('.')[0], body: request.body };
      const text = utf8(await readBody(request.body, config.maxBodyBytes), 'SerializationException');
      return { kind: 'ours', call: { service, operation: hints.target.slice(hints.target.indexOf('.') + 1), params: decodeJson(text) } };
    }
    const candidates = services.filter((s) => s.descriptor.protocol === 'query' && (!hints.signingName || s.descriptor.signingName === hints.signingName));
    if (hints.signingName && candidates.length === 0) return { kind: 'foreign', name: hints.signingName, body: request.body };
    const bytes = await readBody(request.body, config.maxBodyBytes);
    const isForm = (header(request, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');
    const form = isForm ? utf8(bytes, 'MalformedQueryString') : formatQuery(request.query);
    const { action, version, params } = decodeQuery(form);
    const service = candidates.find((s) => s.descriptor.apiVersion === version);
    if (!service) {
      // Same signing name, other API version: classic ELB (2012-06-01) is not ours.
      if (hints.signingName || version !== undefined || action !== undefined) {
        return { kind: 'foreign', name: hints.signingName ?? `${action ?? '?'}@${version ?? '?'}`, body: bytes };
      }
      throw new ServiceError('UnknownService', 'The request names no AWS service: send X-Amz-Target, a SigV4 Authorization header, or Action and Version parameters');
    }
    if (!action) throw new ServiceError('MissingAction', 'The request must contain the parameter Action');
    return { kind: 'ours', call: { service, operation: action, params } };
  }

  async function invoke(call: Call, ctx: Context): Promise<object> {
    const { descriptor, operations } = call.service;
    const module: OperationModule | undefined = operations.get(call.operation);
    if (!module) {
      const message = descriptor.operations.includes(call.operation)
        ? `The action ${call.operation} is not implemented yet`
        : `The action ${call.operation} is not valid for this web service.`;
      throw new ServiceError('InvalidAction', message);
    }
    const input = parseInput(module.input, call.params);
    return module.handler(input as never, ctx);
  }

  function encode(service: RegisteredService | undefined, hints: CallerHints, operation: string, requestId: string, outcome: { output: object } | { error: ServiceError }): HttpResponse {
    const headers: Record<string, string> = { 'x-amzn-RequestId': requestId };
    const status = 'error' in outcome ? outcome.error.status : 200;
    let body: string;
    // Errors before the service is known answer in the protocol the request itself used.
    if (service ? service.descriptor.protocol === 'json' : hints.target !== undefined) {
      headers['content-type'] = JSON_CONTENT_TYPE;
      body = 'error' in outcome ? encodeJsonError(outcome.error) : encodeJsonResult(outcome.output);
      if ('error' in outcome) headers['x-amzn-ErrorType'] = outcome.error.code;
    } else {
      const xmlns = service?.descriptor.xmlNamespace ?? 'http://kecs.dev/doc/';
      headers['content-type'] = 'text/xml';
      body = 'error' in outcome
        ? encodeQueryError(outcome.error, xmlns, requestId)
        : encodeQueryResult(operation, xmlns, outcome.output, requestId);
    }
    return new HttpResponse({ statusCode: status, headers, body });
  }

  return async function handle(request: HttpRequest): Promise<HttpResponse> {
    const started = performance.now();
    const requestId = randomUUID();
    const hints = readHints(request);
    let service: RegisteredService | undefined;
    let operation = '-';
    let response: HttpResponse;
    try {
      const refusal = refuseCrossSiteBrowser(request, config.allowedHosts);
      if (refusal) throw refusal;
      if (request.path.startsWith('/_kecs/') && deps.internal) {
        operation = request.path;
        response = (await deps.internal(request, request.body)) ?? notFound(request.path);
      } else {
        const resolution = await resolve(request, hints);
        if (resolution.kind === 'foreign') {
          operation = `upstream:${resolution.name}`;
          if (!config.upstreamUrl) {
            throw new ServiceError('UnsupportedService', `The service '${resolution.name}' is not served here and no KECS_UPSTREAM_URL is set to forward it to`, 501, false);
          }
          response = await forwardUpstream(config.upstreamUrl, request, resolution.body);
        } else {
          service = resolution.call.service;
          operation = resolution.call.operation;
          const ctx: Context = {
            requestId,
            accountId: accountFrom(hints, config.accountId),
            region: regionFrom(hints, config.defaultRegion),
            log: log.child({ reqId: requestId }),
            db: deps.db,
            now,
            config,
            ec2: deps.ec2,
          };
          response = encode(service, hints, operation, requestId, { output: await invoke(resolution.call, ctx) });
        }
      }
    } catch (error) {
      response = encode(service, hints, operation, requestId, { error: asServiceError(error, log.child({ reqId: requestId, operation })) });
    }
    log.info({
      reqId: requestId,
      service: service?.descriptor.name ?? hints.signingName ?? '-',
      operation,
      status: response.statusCode,
      ms: Math.round((performance.now() - started) * 10) / 10,
    }, 'request');
    return response;
  };
}

/**
 * What the client is told about a failure. The database being unreachable (stopped, restarting,
 * network cut) is a temporary failure of the server: AWS's common error `ServiceUnavailable`,
 * HTTP 503, Type Receiver (API reference, "Common Errors"), with the generic message AWS services
 * answer it with, "Service is unavailable. Please try again later." SDKs retry a 503. Anything
 * else unexpected is a 500 `InternalFailure`, logged with its stack.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/CommonErrors.html
 */
function asServiceError(error: unknown, log: Logger): ServiceError {
  if (error instanceof ServiceError) return error;
  if (isConnectionError(error)) {
    log.warn({ code: (error as { code?: string }).code, message: (error as Error).message }, 'database unreachable');
    return new ServiceError('ServiceUnavailable', 'Service is unavailable. Please try again later.', 503, false);
  }
  log.error({ err: error }, 'unhandled error');
  return new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error', ERROR_STATUS, false);
}

function notFound(path: string): HttpResponse {
  return new HttpResponse({
    statusCode: 404,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: 'NotFound', message: `No internal route ${path}` }),
  });
}
