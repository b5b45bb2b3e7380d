import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedSeconds } from './durations.js';
import { planProcesses } from './process-plan.js';

const same = (file: string) => file;
const FILES = [
  'tests/e2e/health.test.ts',
  'tests/e2e/kubernetes.test.ts',
  'tests/gateway/console/console.browser.test.ts',
  'tests/handlers/scheduled/health-check.test.ts',
  'tests/handlers/elbv2/rules.sdk.test.ts',
  'tests/handlers/elbv2/lib/matcher.test.ts',
  'tests/gateway/api/schema.test.ts',
  'tests/gateway/api/json-codec.test.ts',
];

describe('test process plan', () => {
  it('gives each end-to-end suite a process and deals every other file into the shared ones, each file once', () => {
    const plan = planProcesses(FILES, same, 2);
    for (const e2e of FILES.filter((file) => file.startsWith('tests/e2e/'))) assert.ok(plan.some((members) => members.length === 1 && members[0] === e2e), e2e);
    const shared = plan.filter((members) => !members[0].startsWith('tests/e2e/'));
    assert.equal(shared.length, 2);
    assert.deepEqual(plan.flat().sort(), [...FILES].sort());
  });

  it('balances the shared processes by expected time and lists the longest process first', () => {
    const plan = planProcesses(FILES, same, 2);
    const total = (members: string[]) => members.reduce((sum, file) => sum + expectedSeconds(file), 0);
    const shared = plan.filter((members) => !members[0].startsWith('tests/e2e/')).map(total);
    // Longest file first into the emptiest process: no process exceeds another by more than its longest file.
    assert.ok(Math.abs(shared[0] - shared[1]) <= expectedSeconds('tests/gateway/console/console.browser.test.ts'), `${shared}`);
    const totals = plan.map(total);
    assert.deepEqual(totals, [...totals].sort((a, b) => b - a));
  });

  it('with no shared processes, runs every file in its own', () => {
    const plan = planProcesses(FILES, same, 0);
    assert.equal(plan.length, FILES.length);
    assert.ok(plan.every((members) => members.length === 1));
  });
});
