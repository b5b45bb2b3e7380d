import { readFile } from 'node:fs/promises';
import { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { PassThrough } from 'node:stream';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { Kysely } from 'kysely';
import type { Body } from '../api/body.js';
import type { Config } from '../config.js';
import type { Database } from '../database/tables.js';
import type { ConsoleHub } from './hub.js';
import type { RecentRequests } from './recent-requests.js';
import { loadConsoleState, type Scope } from './state.js';

export const CONSOLE_PATH = '/_kecs/console/';

/**
 * The page may load only its own script and style and talk only to this origin; no inline code,
 * no framing (clickjacking), no forms, no plugins.
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSETS: Record<string, { file: string; type: string }> = {
  '': { file: 'page.html', type: 'text/html; charset=utf-8' },
  'console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
  'console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
};

/** A slow page that lets this much pile up is cut; its EventSource reconnects and starts afresh. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** A comment line this often keeps idle streams open through proxies and finds closed pages. */
const KEEP_ALIVE_MS = 15_000;

function json(statusCode: number, value: unknown): HttpResponse {
  return new HttpResponse({ statusCode, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(value) });
}

function first(value: string | Array<string | null> | null | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v ?? undefined;
}

/** The account and region asked for (`?account=&region=`), else the gateway's defaults. */
function scopeOf(request: HttpRequest, config: Config): Scope | HttpResponse {
  const account = first(request.query.account) || config.accountId;
  const region = first(request.query.region) || config.defaultRegion;
  if (!/^\d{12}$/.test(account)) return json(400, { error: 'ValidationError', message: 'account must be 12 digits' });
  if (!/^[a-z0-9-]{1,64}$/.test(region)) return json(400, { error: 'ValidationError', message: 'region must be a region name such as us-east-1' });
  return { account, region };
}

/**
 * The TCP peer of a request that came in over a socket; undefined for one handed to the gateway
 * in-process (tests), which has no network peer. The HTTP edge passes node's IncomingMessage on
 * as the body (api/server.ts).
 */
function peerOf(request: HttpRequest): string | undefined {
  return request.body instanceof IncomingMessage ? request.body.socket.remoteAddress : undefined;
}

function isLoopback(address: string): boolean {
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || (isIP(plain) === 4 && plain.startsWith('127.'));
}

export interface ConsoleRoutes {
  /** Answers a request under `/_kecs/console`, or undefined for any other path. */
  route(request: HttpRequest): Promise<HttpResponse | undefined>;
  /** Ends every open event stream (the gateway is stopping). */
  close(): void;
}

/**
 * The browser console (README, Console): `GET /_kecs/console/` (the page, its script and style),
 * `state.json?account=&region=` (what it shows, state.ts) and `events?account=&region=`
 * (server-sent events: the state, then the state again whenever it changes, and requests through
 * the scope's listeners as they are answered). Read-only: nothing here changes state, so a page
 * of another site can gain nothing by sending requests here (the browser guard refuses them
 * anyway). Loopback clients only, unless KECS_CONSOLE=public.
 */
export function createConsoleRoutes(db: Kysely<Database>, config: Config, hub: ConsoleHub, recent: RecentRequests | undefined): ConsoleRoutes {
  const assetsDir = new URL('./assets/', import.meta.url);
  const cache = new Map<string, Promise<Buffer>>();
  const streams = new Set<PassThrough>();

  const asset = async (name: string): Promise<HttpResponse> => {
    const { file, type } = ASSETS[name];
    let bytes = cache.get(file);
    if (!bytes) cache.set(file, (bytes = readFile(new URL(file, assetsDir))));
    return new HttpResponse({
      statusCode: 200,
      headers: {
        'content-type': type,
        'cache-control': 'no-cache',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      },
      body: await bytes,
    });
  };

  const events = async (scope: Scope): Promise<HttpResponse> => {
    const stream = new PassThrough();
    streams.add(stream);
    const write = (text: string) => {
      if (stream.writableLength > MAX_BUFFERED_BYTES) stream.destroy();
      else stream.write(text);
    };
    // Reconnect a second after a lost stream (EventSource's default is about three).
    write('retry: 1000\n\n');
    const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    keepAlive.unref();
    let unsubscribe: (() => void) | undefined;
    let closed = false;
    stream.once('close', () => {
      closed = true;
      streams.delete(stream);
      clearInterval(keepAlive);
      unsubscribe?.();
    });
    // The first state is read before the response starts, so a database failure is a 503, not a silent stream.
    const remove = await hub.subscribe(scope, { send: (event, data) => write(`event: ${event}\ndata: ${data}\n\n`) })
      .catch((error: unknown) => {
        stream.destroy();
        throw error;
      });
    if (closed) remove();
    else unsubscribe = remove;
    return new HttpResponse({
      statusCode: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
      body: stream,
    });
  };

  const route = async (request: HttpRequest): Promise<HttpResponse | undefined> => {
    const path = request.path;
    if (path !== CONSOLE_PATH.slice(0, -1) && !path.startsWith(CONSOLE_PATH)) return undefined;
    if (config.console === 'off') return undefined;
    const peer = peerOf(request);
    if (config.console === 'loopback' && peer !== undefined && !isLoopback(peer)) {
      // Not an AWS API: the shape of the other internal routes' refusals.
      return json(403, { error: 'AccessDenied', message: 'The console answers loopback clients only; set KECS_CONSOLE=public to serve it to others' });
    }
    if (request.method !== 'GET') {
      return json(405, { error: 'MethodNotAllowed', message: 'The console is read-only: GET only' });
    }
    if (path === CONSOLE_PATH.slice(0, -1)) {
      return new HttpResponse({ statusCode: 301, headers: { location: CONSOLE_PATH }, body: '' });
    }
    const rest = path.slice(CONSOLE_PATH.length);
    if (Object.hasOwn(ASSETS, rest)) return asset(rest);
    if (rest === 'state.json' || rest === 'events') {
      const scope = scopeOf(request, config);
      if (scope instanceof HttpResponse) return scope;
      try {
        if (rest === 'events') return await events(scope);
        return json(200, await loadConsoleState(db, scope, recent));
      } catch {
        return json(503, { error: 'ServiceUnavailable', message: 'The console state could not be read from the database' });
      }
    }
    return undefined;
  };

  return {
    route,
    close() {
      for (const stream of streams) stream.end();
    },
  };
}

export type InternalRoutes = (request: HttpRequest, body: Body) => Promise<HttpResponse | undefined>;

/** Puts the console's routes in front of the other internal routes. */
export function withConsole(internal: InternalRoutes, console: ConsoleRoutes): InternalRoutes {
  return async (request, body) => (await console.route(request)) ?? internal(request, body);
}
