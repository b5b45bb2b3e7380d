import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { NO_EC2, type Ec2Facts } from './facts.js';
import { UpstreamEc2Facts } from './upstream-facts.js';

/** The EC2 facts of this configuration: the upstream's EC2 when KECS_UPSTREAM_URL is set, else none. */
export function ec2FactsFor(config: Pick<Config, 'upstreamUrl'>, log: Logger): Ec2Facts & { close(): void } {
  return config.upstreamUrl ? new UpstreamEc2Facts(config.upstreamUrl, log) : { ...NO_EC2, close() {} };
}
