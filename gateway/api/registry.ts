import { readdir } from 'node:fs/promises';
import type { OperationModule, ServiceDescriptor } from './service.js';

export interface RegisteredService {
  descriptor: ServiceDescriptor;
  operations: ReadonlyMap<string, OperationModule>;
}

export type Registry = ReadonlyMap<string, RegisteredService>;

/** A handler file: `PascalCase.ts` (`.js` once compiled), named after what it handles. */
export const HANDLER_FILE = /^([A-Z][A-Za-z0-9]+)\.(ts|js)$/;

function isOperationModule(module: Record<string, unknown>): module is Record<string, unknown> & OperationModule {
  return typeof module.handler === 'function' && typeof module.input === 'object' && module.input !== null;
}

/**
 * Builds the registry once at start-up by scanning `handlers/<service>/`: `service.ts` describes
 * the service, each `PascalCase.ts` is one operation exporting `input` and `handler`. A file that
 * names no operation of its service, or lacks either export, is a start-up error, so a typo cannot
 * hide a handler.
 */
export async function loadRegistry(handlersDir: URL): Promise<Registry> {
  const registry = new Map<string, RegisteredService>();
  for (const entry of await readdir(handlersDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const serviceDir = new URL(`${entry.name}/`, handlersDir);
    const files = await readdir(serviceDir);
    const descriptorFile = files.find((file) => /^service\.(ts|js)$/.test(file));
    if (!descriptorFile) continue; // e.g. handlers/scheduled: not an AWS service
    const { service } = (await import(new URL(descriptorFile, serviceDir).href)) as { service: ServiceDescriptor };
    const operations = new Map<string, OperationModule>();
    for (const file of files) {
      const match = HANDLER_FILE.exec(file);
      if (!match) continue;
      const name = match[1];
      if (!service.operations.includes(name)) {
        throw new Error(`handlers/${entry.name}/${file} names no operation of ${service.name}`);
      }
      const module: Record<string, unknown> = await import(new URL(file, serviceDir).href);
      if (!isOperationModule(module)) throw new Error(`handlers/${entry.name}/${file} must export input and handler`);
      operations.set(name, module);
    }
    registry.set(service.name, { descriptor: service, operations });
  }
  return registry;
}
