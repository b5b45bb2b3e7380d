// Runs before `npm start` and `npm test` (npm's prestart/pretest hooks), in plain Node because
// tsx itself may not be installed yet: straight after `git clone`, it installs the locked
// dependencies once and says so, so the README's two commands are the whole set-up.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const wanted = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
const missing = wanted.filter((name) => !existsSync(new URL(`../node_modules/${name}/package.json`, import.meta.url)));

if (missing.length > 0) {
  console.error(`kecs-lb: ${missing.length} of ${wanted.length} dependencies are not installed (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}); running npm ci once`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('kecs-lb: npm ci failed; see its output above');
    process.exit(result.status ?? 1);
  }
}
