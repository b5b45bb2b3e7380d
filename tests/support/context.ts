import type { Context } from '../../gateway/api/service.js';
import { useTestGateway, type FakeClock } from './gateway.js';
import type { TestDatabase } from './database.js';

/** What a handler test holds: a fresh `Context` per call, the clock it reads, and the database. */
export interface HandlerTestKit {
  /** A handler `Context` (account ACCOUNT, region REGION unless overridden) on the suite's database. */
  ctx(overrides?: Partial<Context>): Context;
  clock: FakeClock;
  database: TestDatabase;
}

/**
 * Runs handlers individually, without the gateway's codecs, schema or socket: called in a
 * `describe` body, it starts a real, migrated, empty database for the suite (emptied again before
 * each test) and gives contexts on it, so a test can do
 *
 * ```ts
 * import { handler } from '../../../handlers/elbv2/CreateRule.js';
 * const kit = testContext();
 * it('…', async () => { const out = await handler({ ListenerArn, Priority: 1, … }, kit.ctx()); });
 * ```
 *
 * The input is what the schema would have produced: typed AWS shapes, no wire strings.
 */
export function testContext(env: Record<string, string> = {}): HandlerTestKit {
  const { gw } = useTestGateway(env);
  return {
    ctx: (overrides = {}) => gw.context(overrides),
    get clock() { return gw.clock; },
    get database() { return gw.database; },
  };
}
