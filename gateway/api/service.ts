import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { ReadCache } from '../database/read-cache.js';
import type { Database } from '../database/tables.js';
import type { Ec2Facts } from '../upstream-ec2/facts.js';
import type { Logger } from '../logger.js';
import type { Protocol } from './protocols/protocol.js';
import type { Infer, Members } from './schema.js';

/** What the gateway needs to know of an AWS service: `handlers/<name>/service.ts` exports one. */
export interface ServiceDescriptor {
  /** The folder under `handlers/`. */
  name: string;
  /** The SigV4 credential-scope service name. */
  signingName: string;
  /** How its requests are read and its answers written: `queryProtocol(…)` or `jsonProtocol`. */
  protocol: Protocol;
  /** Query protocol: the `Version` parameter that tells this service from others sharing its signing name. */
  apiVersion: string;
  /** JSON protocol: the `X-Amz-Target` prefix before the dot. */
  targetPrefix?: string;
  /** Every operation of the service as AWS defines it; a handler file must name one of these. */
  operations: readonly string[];
  /**
   * Query protocol: operations whose name another service of the same signing name also has
   * (ELBv2 and classic ELB share nine). A call without `Version` is this service's when its
   * action is one of `operations` but not of these.
   */
  sharedOperations?: readonly string[];
}

/** Everything a handler may use; handlers import no singletons. */
export interface Context {
  requestId: string;
  accountId: string;
  region: string;
  log: Logger;
  db: Kysely<Database>;
  /** The read cache of hot reads (gateway/database/read-cache.ts); absent, every read goes to Postgres. */
  cache?: ReadCache;
  now(): Date;
  config: Config;
  /** Subnets, security groups, VPCs and instances as the upstream's EC2 knows them, when it serves EC2. */
  ec2: Ec2Facts;
}

/**
 * The contract of `handlers/<service>/<Operation>.ts`: the input members, and the handler that
 * receives what `parseInput` made of them. Each file declares its handler as
 * `handler(req: InputOf<typeof input, XInput>, ctx): Promise<XOutput>` with the SDK's types, so
 * the compiler checks the schema against the SDK's input and the result against its output.
 */
export interface OperationModule<M extends Members = Members> {
  /** Members of the operation's input, checked before `handler` runs. */
  input: M;
  handler(input: Infer<M>, ctx: Context): Promise<object>;
}
