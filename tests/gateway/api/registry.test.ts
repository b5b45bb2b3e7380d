import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { describe, it } from 'node:test';
import * as sdk from '@aws-sdk/client-elastic-load-balancing-v2';
import { loadRegistry } from '../../../gateway/api/registry.js';
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
    const files = (await readdir(new URL('../../../handlers/elbv2/', import.meta.url))).filter((f) => /^[A-Z]\w+\.ts$/.test(f));
    assert.equal(elbv2.operations.size, files.length);
    for (const [name, module] of elbv2.operations) {
      assert.ok(sdkOperations.includes(name), `${name} is not an ELBv2 operation`);
      assert.equal(typeof module.handler, 'function', name);
      assert.equal(typeof module.input, 'object', name);
    }
  });

  it('refuses a handler file that names no operation of its service', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const root = await mkdtemp(join(tmpdir(), 'kecs-registry-'));
    await mkdir(join(root, 'fake'));
    await writeFile(join(root, 'fake', 'service.js'), "export const service = { name: 'fake', operations: ['DoThing'] };");
    await writeFile(join(root, 'fake', 'DoThnig.js'), 'export const input = {}; export async function handler() { return {}; }');
    await assert.rejects(loadRegistry(pathToFileURL(`${root}/`)), /DoThnig\.js names no operation of fake/);
    await rm(root, { recursive: true, force: true });
  });

  it('refuses an operation file that does not export both input and handler', async () => {
    const { mkdtemp, mkdir, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const root = await mkdtemp(join(tmpdir(), 'kecs-registry-'));
    await mkdir(join(root, 'fake'));
    await writeFile(join(root, 'fake', 'service.js'), "export const service = { name: 'fake', operations: ['DoThing'] };");
    await writeFile(join(root, 'fake', 'DoThing.js'), 'export async function handler() { return {}; }');
    await assert.rejects(loadRegistry(pathToFileURL(`${root}/`)), /DoThing\.js must export input and handler/);
    await rm(root, { recursive: true, force: true });
  });
});
