import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as sdk from '@aws-sdk/client-elastic-load-balancing-v2';
import { service } from '../../../handlers/elbv2/service.js';
import { loadRegistry } from '../../../gateway/api/registry.js';
import { useTestGateway } from '../../support/gateway.js';

type CommandClass = new (input: object) => object;

/** Every operation of the SDK, by the `<Operation>Command` classes it exports. */
const commands = Object.entries(sdk)
  .filter(([name, value]) => /^[A-Z]\w+Command$/.test(name) && typeof value === 'function')
  .map(([name, value]) => ({ operation: name.slice(0, -'Command'.length), Command: value as unknown as CommandClass }));

describe('every ELBv2 operation of the SDK', () => {
  const { elb } = useTestGateway();

  it("is in the service descriptor's list, and has a handler", async () => {
    const operations = commands.map((c) => c.operation).sort();
    assert.ok(operations.length >= 51, `only ${operations.length} commands found`);
    assert.deepEqual([...service.operations].sort(), operations);
    const registry = await loadRegistry(new URL('../../../handlers/', import.meta.url));
    const handled = [...registry.get('elbv2')!.operations.keys()].sort();
    assert.deepEqual(handled, operations);
  });

  it('answers every operation through the SDK with minimal input, never InvalidAction or a server error', async () => {
    const failures: string[] = [];
    for (const { operation, Command } of commands) {
      try {
        await elb.send(new Command({}) as never);
      } catch (error) {
        const { name, $metadata } = error as { name: string; $metadata?: { httpStatusCode?: number } };
        const status = $metadata?.httpStatusCode ?? 0;
        if (name === 'InvalidAction' || status >= 500 || status === 0) failures.push(`${operation}: ${name} (${status})`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
