import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Whether the tests run compiled: `npm test` compiles everything once with tsc into `.build/`
 * and runs the JavaScript with plain node, since importing the gateway through tsx costs about
 * twice the CPU, in every test process. A file run on its own
 * (`node --import tsx --test tests/x.test.ts`) runs from the sources through tsx.
 */
export const COMPILED = import.meta.url.endsWith('.js');

function repositoryRoot(): URL {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    if (existsSync(new URL('package.json', dir))) return dir;
    if (dir.pathname === '/') throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
  }
}

/** The checkout: the nearest folder above holding package.json, the same from `.build/` (which has none). */
export const REPOSITORY = repositoryRoot();

/**
 * Node's arguments that run `script`, named as an import names it (`new URL('./child.js',
 * import.meta.url)`), the way this process runs: the compiled file, or its `.ts` source through tsx.
 */
export function nodeArguments(script: URL): string[] {
  const path = fileURLToPath(script);
  return COMPILED ? [path] : ['--import', 'tsx', path.replace(/\.js$/, '.ts')];
}
