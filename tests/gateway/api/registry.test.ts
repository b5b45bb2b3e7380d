import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import * as sdk from '@aws-sdk/client-elastic-load-balancing-v2';
import { HANDLER_FILE, loadRegistry } from '../../../gateway/api/registry.js';
import { service } from '../../../handlers/elbv2/service.js';

/** The operations the official SDK knows: every `XCommand` export. */
const sdkOperations = Object.keys(sdk).filter((key) => /^[A-Z]\w+Command$/.test(key)).map((key) => key.slice(0, -'Command'.length)).sort();

describe('operation registry', () => {
  it("lists exactly the ELBv2 operations of AWS's model", () => {
    assert.deepEqual([...service.operations].sort(), sdkOperations);
  });

  it('has a handler file for operations of the service only, each exporting input and handler', async () => {
    const registry = await loadRegistry(new URL('../../../handlers/', import.meta.url));
    const elbv2 = registry.get('elbv2');
    assert.ok(elbv2);
    const files = (await readdir(new URL('../../../handlers/elbv2/', import.meta.url))).filter((f) => HANDLER_FILE.test(f));
    assert.equal(elbv2.operations.size, files.length);
    for (const [name, module] of elbv2.operations) {
      assert.ok(sdkOperations.includes(name), `${name} is not an ELBv2 operation`);
      assert.equal(typeof module.handler, 'function', name);
      assert.equal(typeof module.input, 'object', name);
    }
  });

  /** A registry root holding a `fake` service of one operation, DoThing, and one handler file. */
  async function fakeService(file: string, source: string): Promise<{ root: URL; remove(): Promise<void> }> {
    const dir = await mkdtemp(join(tmpdir(), 'kecs-registry-'));
    await mkdir(join(dir, 'fake'));
    await writeFile(join(dir, 'fake', 'service.js'), "export const service = { name: 'fake', operations: ['DoThing'] };");
    await writeFile(join(dir, 'fake', file), source);
    return { root: pathToFileURL(`${dir}/`), remove: () => rm(dir, { recursive: true, force: true }) };
  }

  it('refuses a handler file that names no operation of its service', async () => {
    const fake = await fakeService('DoThnig.js', 'export const input = {}; export async function handler() { return {}; }');
    await assert.rejects(loadRegistry(fake.root), /DoThnig\.js names no operation of fake/);
    await fake.remove();
  });

  it('refuses an operation file that does not export both input and handler', async () => {
    const fake = await fakeService('DoThing.js', 'export async function handler() { return {}; }');
    await assert.rejects(loadRegistry(fake.root), /DoThing\.js must export input and handler/);
    await fake.remove();
  });
});
