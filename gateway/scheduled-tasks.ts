import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { HANDLER_FILE } from './api/registry.js';
import type { ScheduledContext, ScheduledTask } from './scheduler.js';

/**
 * The scheduled tasks, found at start-up the way operations are: each `PascalCase.ts` of
 * `handlers/scheduled/` exporting `handler(ctx)` is one task, named after its file; a file without
 * that export is a start-up error. They are listed in name order, and any order would do: every
 * tick starts each task without waiting for the others (`startScheduler`), and none relies on
 * another having run first — activation, drain removal and health checks touch different rows,
 * and health results are written only onto the state they were claimed from.
 */
export async function loadScheduledTasks(dir: URL): Promise<ScheduledTask[]> {
  const tasks: ScheduledTask[] = [];
  for (const file of (await readdir(dir)).sort()) {
    const match = HANDLER_FILE.exec(file);
    if (!match) continue;
    const url = new URL(file, dir);
    const { handler }: { handler?: unknown } = await import(url.href);
    if (!isScheduledHandler(handler)) throw new Error(`${fileURLToPath(url)} must export handler`);
    tasks.push({ name: match[1], run: handler });
  }
  return tasks;
}

function isScheduledHandler(value: unknown): value is (ctx: ScheduledContext) => Promise<unknown> {
  return typeof value === 'function';
}
