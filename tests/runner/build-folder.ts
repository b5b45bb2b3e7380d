import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/**
 * Completes the tree tsc compiles into `build` (tsconfig.build.json) so that it runs as the
 * sources do. Each file of `folders` tsc does not compile (the console's page, style and script,
 * golden files) is linked at the same place, since code reads such files next to itself. Each
 * compiled file whose source is gone is deleted, since handlers, scheduled tasks, migrations and
 * test files are found by scanning folders, where a stale one would still run.
 */
export async function completeBuildFolder(root: string, build: string, folders: readonly string[]): Promise<void> {
  for (const folder of folders) {
    await linkAssets(join(root, folder), join(build, folder));
    await removeStale(join(root, folder), join(build, folder));
  }
}

async function linkAssets(source: string, target: string): Promise<void> {
  for (const entry of await readdir(source, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
    const from = join(entry.parentPath, entry.name);
    const to = join(target, relative(source, from));
    if (existsSync(to)) continue;
    await mkdir(dirname(to), { recursive: true });
    await symlink(relative(dirname(to), from), to);
  }
}

async function removeStale(source: string, target: string): Promise<void> {
  if (!existsSync(target)) return;
  for (const entry of await readdir(target, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    // A link whose file is gone no longer resolves; a compiled file needs its `.ts` source.
    const stale = entry.isSymbolicLink()
      ? !existsSync(path)
      : entry.isFile() && entry.name.endsWith('.js') && !existsSync(join(source, relative(target, path)).replace(/\.js$/, '.ts'));
    if (stale) await rm(path);
  }
}
