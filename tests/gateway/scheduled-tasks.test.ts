import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { loadScheduledTasks } from '../../gateway/scheduled-tasks.js';
import { handler as removeDrainedTargets } from '../../handlers/scheduled/RemoveDrainedTargets.js';

describe('scheduled task loader', () => {
  it('finds every PascalCase file of handlers/scheduled, in name order, and nothing under lib/', async () => {
    const tasks = await loadScheduledTasks(new URL('../../handlers/scheduled/', import.meta.url));
    assert.deepEqual(tasks.map((task) => task.name), ['ActivateLoadBalancers', 'HealthCheck', 'RemoveDrainedTargets']);
    assert.equal(tasks.find((task) => task.name === 'RemoveDrainedTargets')?.run, removeDrainedTargets);
  });

  it('refuses a task file that exports no handler', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kecs-scheduled-'));
    try {
      await mkdir(join(root, 'lib'));
      await writeFile(join(root, 'lib', 'helper.js'), 'export const x = 1;');
      await writeFile(join(root, 'Sweep.js'), 'export async function handler() { return {}; }');
      assert.deepEqual((await loadScheduledTasks(pathToFileURL(`${root}/`))).map((task) => task.name), ['Sweep']);
      await writeFile(join(root, 'Sweeep.js'), 'export async function hadnler() { return {}; }');
      await assert.rejects(loadScheduledTasks(pathToFileURL(`${root}/`)), /Sweeep\.js must export handler/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
