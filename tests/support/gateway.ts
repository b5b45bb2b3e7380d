import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { after, before, beforeEach } from 'node:test';
import { HttpRequest, type HttpResponse } from '@smithy/protocol-http';
import { createHandle, type Handle } from '../../gateway/api/handle.js';
import { createInternalRoutes } from '../../gateway/api/internal-routes.js';
import { createLogger } from '../../gateway/logger.js';
import { loadRegistry } from '../../gateway/api/registry.js';
import type { Context } from '../../gateway/api/service.js';
import { ec2FactsFor } from '../../gateway/upstream-ec2/create.js';
import { startTestDatabase, type TestDatabase } from './database.js';

/** A clock tests move by hand. */
export class FakeClock {
  constructor(public time = new Date('2026-01-01T00:00:00.000Z')) {}
  now = (): Date => new Date(this.time);
  advance(ms: number): void {
    this.time = new Date(this.time.getTime() + ms);
  }
}

export interface TestGateway {
  database: TestDatabase;
  handle: Handle;
  clock: FakeClock;
  /** A real SDK v3 client whose requests go to `handle()` in-process, no socket. */
  client(region?: string): ElasticLoadBalancingV2Client;
  /** A raw query-protocol POST; returns status and body text. */
  query(params: Record<string, string>, headers?: Record<string, string>): Promise<{ status: number; body: string; headers: Record<string, string> }>;
  /** A handler `ctx` for calling handlers directly. */
  context(overrides?: Partial<Context>): Context;
  close(): Promise<void>;
}

export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';
const AUTH = (region: string) => `AWS4-HMAC-SHA256 Credential=test/20260101/${region}/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0`;

export async function bodyText(response: HttpResponse): Promise<string> {
  const body: unknown = response.body;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTestGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const database = await startTestDatabase(env);
  const clock = new FakeClock(new Date());
  const log = createLogger('silent');
  const registry = await loadRegistry(new URL('../../handlers/', import.meta.url));
  // With KECS_UPSTREAM_URL in `env`, handlers read EC2 from that upstream, as the gateway does.
  const ec2 = await ec2FactsFor(database.config, log);
  const handle = createHandle({ registry, db: database.db, config: database.config, log, now: clock.now, internal: createInternalRoutes(database.db, database.config), ec2 });
  const clients: ElasticLoadBalancingV2Client[] = [];
  return {
    database,
    handle,
    clock,
    client(region = REGION) {
      const client = new ElasticLoadBalancingV2Client({
        region,
        endpoint: 'http://localhost:4566',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
        requestHandler: {
          async handle(request: HttpRequest) {
            const response = await handle(request);
            return { response: Object.assign(response, { body: Buffer.from(await bodyText(response)) }) };
          },
        },
      });
      clients.push(client);
      return client;
    },
    async query(params, headers = {}) {
      const response = await handle(new HttpRequest({
        method: 'POST',
        hostname: 'localhost',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: AUTH(REGION), ...headers },
        body: new URLSearchParams({ Version: '2015-12-01', ...params }).toString(),
      }));
      return { status: response.statusCode, body: await bodyText(response), headers: response.headers };
    },
    context(overrides = {}) {
      return { requestId: 'test-request', accountId: ACCOUNT, region: REGION, log, db: database.db, now: clock.now, config: database.config, ec2, ...overrides };
    },
    async close() {
      for (const client of clients) client.destroy();
      ec2.close();
      await database.close();
    },
  };
}

/** Forwards every property of `T` to whatever `current()` holds at the time of use. */
function standIn<T extends object>(current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, property) {
      const target = current();
      if (!target) throw new Error('useTestGateway: the gateway is used before its suite started');
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The usual life of a suite's gateway: started once before its tests, emptied before each test,
 * closed after. Called in a `describe` body, it returns stand-ins usable in the suite's tests and
 * hooks, which forward to the gateway and SDK client started in `before`.
 */
export function useTestGateway(env: Record<string, string> = {}): { gw: TestGateway; elb: ElasticLoadBalancingV2Client } {
  let gateway: TestGateway | undefined;
  let client: ElasticLoadBalancingV2Client | undefined;
  before(async () => {
    gateway = await startTestGateway(env);
    client = gateway.client();
  });
  after(() => gateway?.close());
  beforeEach(() => gateway!.database.truncate());
  return { gw: standIn(() => gateway), elb: standIn(() => client) };
}
