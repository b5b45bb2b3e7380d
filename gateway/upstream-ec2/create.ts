import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { NO_EC2, type Ec2Facts } from './facts.js';

/**
 * The EC2 facts of this configuration: the upstream's EC2 when KECS_UPSTREAM_URL is set, else none.
 * @aws-sdk/client-ec2 is loaded only then: loading it takes about 0.7 s of CPU, in every gateway
 * and in every test process that builds one.
 */
export async function ec2FactsFor(config: Pick<Config, 'upstreamUrl'>, log: Logger): Promise<Ec2Facts & { close(): void }> {
  if (!config.upstreamUrl) return { ...NO_EC2, close() {} };
  const { UpstreamEc2Facts } = await import('./upstream-facts.js');
  return new UpstreamEc2Facts(config.upstreamUrl, log);
}
