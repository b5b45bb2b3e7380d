import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './server.js';

/** Why moto cannot run here (`python3 -c "import moto"` fails), or `false` when it can: a `skip` value. */
export const motoMissing: string | false = spawnSync('python3', ['-c', 'import moto'], { stdio: 'ignore' }).status === 0
  ? false
  : 'moto is not installed here (python3 -c "import moto" failed): the tests against a real EC2 emulator are skipped';

export interface MotoServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts `python3 -m moto.server` on a free loopback port and waits until it answers. */
export async function startMoto(timeoutMs = 30_000): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-2000); });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto.server exited (${child.exitCode}): ${stderr}`);
    try {
      if ((await fetch(`${url}/moto-api/reset`, { method: 'POST' })).ok) return { url, stop };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto.server did not answer on ${url} within ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
