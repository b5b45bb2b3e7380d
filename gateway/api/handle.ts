import { randomUUID } from 'node:crypto';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { Kysely } from 'kysely';
import type { Body } from './body.js';
import type { CompletedRequest } from '../metrics/api.js';
import type { Config } from '../config.js';
import type { ReadCache } from '../database/read-cache.js';
import type { Database } from '../database/tables.js';
import { NO_EC2, type Ec2Facts } from '../upstream-ec2/facts.js';
import { refuseCrossSiteBrowser } from './browser-guard.js';
import { retryingConflicts } from './conflict-retry.js';
import { accountFrom, readHints, regionFrom, type CallerHints } from './detect.js';
import { asServiceError, encodeResponse, type Outcome } from './encode.js';
import { ServiceError } from './errors.js';
import type { Logger } from '../logger.js';
import type { Registry } from './registry.js';
import { requestProtocol, resolveService, type Call } from './resolve-service.js';
import { parseInput, type Infer, type Members } from './schema.js';
import type { Context, OperationModule } from './service.js';
import { forwardUpstream } from './upstream.js';

export interface GatewayDependencies {
  registry: Registry;
  db: Kysely<Database>;
  /** The read cache handlers may use (`ctx.cache`); the embedded Postgres has one (read-cache.ts). */
  cache?: ReadCache;
  config: Config;
  log: Logger;
  /** What handlers read from EC2 (`ctx.ec2`); absent, there is none (the behaviour without an upstream). */
  ec2?: Ec2Facts;
  /** The clock handlers see; tests pass a fake one. */
  now?: () => Date;
  /** Routes under `/_kecs/`; answers undefined for a path it does not know. */
  internal?: (request: HttpRequest, body: Body) => Promise<HttpResponse | undefined>;
  /** Told of every answered request, with the request line's fields (metrics/api.ts). */
  completed?: (request: CompletedRequest) => void;
}

/** `handle(request)`: everything from service detection to the encoded response, without a socket. */
export type Handle = (request: HttpRequest) => Promise<HttpResponse>;

/** What the completion log line and the error response need to know of the request so far. */
interface Progress {
  requestId: string;
  hints: CallerHints;
  started: number;
  /** Set once the service is known: from then on its protocol answers. */
  call?: Call;
  /** The operation, internal path or `upstream:<service>` for the log line. */
  operation: string;
}

/**
 * The request path, step by step:
 *   guardBrowser → internal route (`/_kecs/…`) | resolveService (reads and decodes the body) →
 *   foreign: forwardUpstream | ours: contextFor → findOperation → validate → invoke → encode →
 *   logCompletion.
 * A step that throws ends the call with its error, encoded in the protocol of the service when it
 * is known, else in the protocol the request itself speaks.
 */
export function createHandle(deps: GatewayDependencies): Handle {
  const { registry, config, log } = deps;
  const now = deps.now ?? (() => new Date());
  const services = [...registry.values()];

  function guardBrowser(request: HttpRequest): void {
    const refusal = refuseCrossSiteBrowser(request, config.allowedHosts);
    if (refusal) throw refusal;
  }

  async function forward(request: HttpRequest, name: string, body: Body): Promise<HttpResponse> {
    if (!config.upstreamUrl) {
      throw new ServiceError('UnsupportedService', `The service '${name}' is not served here and no KECS_UPSTREAM_URL is set to forward it to`, 501, false);
    }
    return forwardUpstream(config.upstreamUrl, request, body);
  }

  function contextFor(progress: Progress): Context {
    const { requestId, hints } = progress;
    return {
      requestId,
      accountId: accountFrom(hints, config.accountId),
      region: regionFrom(hints, config.defaultRegion),
      log: log.child({ reqId: requestId }),
      db: deps.db,
      cache: deps.cache,
      now,
      config,
      ec2: deps.ec2 ?? NO_EC2,
    };
  }

  /** The handler; run again when Postgres aborted its transaction as a conflict (conflict-retry.ts). */
  async function invoke(module: OperationModule, input: Infer<Members>, ctx: Context): Promise<object> {
    return retryingConflicts(() => module.handler(input, ctx));
  }

  function encode(progress: Progress, outcome: Outcome): HttpResponse {
    const protocol = progress.call?.service.descriptor.protocol ?? requestProtocol(progress.hints);
    return encodeResponse(protocol, progress.operation, progress.requestId, outcome);
  }

  /** One log line per request, and the metrics hook (`/metrics`, gateway/metrics/api.ts). */
  function logCompletion(progress: Progress, response: HttpResponse, errorCode: string | undefined): void {
    const service = progress.call?.service.descriptor.name ?? progress.hints.signingName ?? '-';
    const seconds = (performance.now() - progress.started) / 1000;
    log.info({
      reqId: progress.requestId,
      service,
      operation: progress.operation,
      status: response.statusCode,
      ms: Math.round(seconds * 10_000) / 10,
    }, 'request');
    deps.completed?.({ service, operation: progress.operation, status: response.statusCode, errorCode, seconds });
  }

  async function run(request: HttpRequest, progress: Progress): Promise<HttpResponse> {
    guardBrowser(request);
    if (request.path.startsWith('/_kecs/') && deps.internal) {
      progress.operation = request.path;
      return (await deps.internal(request, request.body)) ?? notFound(request.path);
    }
    const resolution = await resolveService(request, progress.hints, services, config.maxBodyBytes);
    if (resolution.kind === 'foreign') {
      progress.operation = `upstream:${resolution.name}`;
      return forward(request, resolution.name, resolution.body);
    }
    const { call } = resolution;
    progress.call = call;
    progress.operation = call.operation;
    const ctx = contextFor(progress);
    const module = findOperation(call);
    const input = validate(module, call.params);
    return encode(progress, { output: await invoke(module, input, ctx) });
  }

  return async function handle(request: HttpRequest): Promise<HttpResponse> {
    const progress: Progress = { requestId: randomUUID(), hints: readHints(request), started: performance.now(), operation: '-' };
    let response: HttpResponse;
    let errorCode: string | undefined;
    try {
      response = await run(request, progress);
    } catch (error) {
      const reqLog = log.child({ reqId: progress.requestId, operation: progress.operation });
      const serviceError = asServiceError(error, reqLog);
      errorCode = serviceError.code;
      response = encode(progress, { error: serviceError });
    }
    logCompletion(progress, response, errorCode);
    return response;
  };
}

/** The operation's module; `InvalidAction` for one the service does not have or kecs-lb lacks. */
function findOperation(call: Call): OperationModule {
  const { descriptor, operations } = call.service;
  const module = operations.get(call.operation);
  if (module) return module;
  const message = descriptor.operations.includes(call.operation)
    ? `The action ${call.operation} is not implemented yet`
    : `The action ${call.operation} is not valid for this web service.`;
  throw new ServiceError('InvalidAction', message);
}

/** The input checked against the operation's schema: AWS's `ValidationError` before the handler runs. */
function validate(module: OperationModule, params: Record<string, unknown>): Infer<Members> {
  return parseInput(module.input, params);
}

function notFound(path: string): HttpResponse {
  return new HttpResponse({
    statusCode: 404,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: 'NotFound', message: `No internal route ${path}` }),
  });
}
