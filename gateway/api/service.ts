import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../database/tables.js';
import type { Ec2Facts } from '../upstream-ec2/facts.js';
import type { Logger } from '../logger.js';
import type { Members } from './schema.js';

/** What the gateway needs to know of an AWS service: `handlers/<name>/service.ts` exports one. */
export interface ServiceDescriptor {
  /** The folder under `handlers/`. */
  name: string;
  /** The SigV4 credential-scope service name. */
  signingName: string;
  protocol: 'query' | 'json';
  /** Query protocol: the `Version` parameter that tells this service from others sharing its signing name. */
  apiVersion: string;
  /** Query protocol: the namespace of every response element. */
  xmlNamespace: string;
  /** JSON protocol: the `X-Amz-Target` prefix before the dot. */
  targetPrefix?: string;
  /** Every operation of the service as AWS defines it; a handler file must name one of these. */
  operations: readonly string[];
}

/** Everything a handler may use; handlers import no singletons. */
export interface Context {
  requestId: string;
  accountId: string;
  region: string;
  log: Logger;
  db: Kysely<Database>;
  now(): Date;
  config: Config;
  /** Subnets, security groups, VPCs and instances as the upstream's EC2 knows them, when it serves EC2. */
  ec2: Ec2Facts;
}

/** The contract of `handlers/<service>/<Operation>.ts`. */
export interface OperationModule {
  /** Members of the operation's input, checked before `handler` runs. */
  input: Members;
  handler(input: never, ctx: Context): Promise<object>;
}
