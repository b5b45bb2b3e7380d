import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRelay } from './relay.js';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 20_000;

/** A server the benchmark started; `stop` ends only the process it spawned. */
export interface Server {
  name: string;
  url: string;
  /** The server's own process (its children included in CPU counts). */
  pid?: number;
  stop(): Promise<void>;
}

/** Asks the kernel for a free loopback port; the tiny race until the child binds is acceptable here. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, HOST);
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (typeof address !== 'object' || !address) throw new Error('no port from the kernel');
  return address.port;
}

/** Keeps the last few kilobytes a child wrote, shown only when it fails. */
export function tail(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer) => { text = (text + chunk.toString()).slice(-4000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}

export async function waitUntilReady(name: string, child: ChildProcess, probeUrl: string, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited during start-up (${child.exitCode ?? child.signalCode}):\n${output()}`);
    }
    try {
      const response = await fetch(probeUrl, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} not ready after ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/** SIGTERM to the one child, SIGKILL to the same PID if it has not exited in time; its exit status. */
export async function stopChild(child: ChildProcess): Promise<number | NodeJS.Signals | null> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  return child.exitCode ?? child.signalCode;
}

/** Starts the gateway like `npm start` does, on its own data folder, with no route off the machine; `extraEnv` adds settings. */
export async function startKecs(repoRoot: URL, extraEnv: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'kecs-lb-bench-'));
  const env: NodeJS.ProcessEnv = { ...process.env, KECS_HOST: HOST, KECS_PORT: String(port), KECS_DATA_DIR: dataDir, KECS_LOG_LEVEL: 'warn' };
  // An inherited external database or upstream would leave loopback and skew the figures; `extraEnv` may set them.
  delete env.DATABASE_URL;
  delete env.KECS_UPSTREAM_URL;
  Object.assign(env, extraEnv);
  // node with tsx's import hook rather than `npx tsx`, so the PID we signal is the gateway itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
    cwd: fileURLToPath(repoRoot),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = tail(child);
  // Warnings and errors of a running gateway are worth seeing; KECS_LOG_LEVEL=warn keeps them few.
  child.stdout.pipe(process.stderr);
  child.stderr.pipe(process.stderr);
  const url = `http://${HOST}:${port}`;
  const stop = async () => {
    // Shutdown chatter (pool connections cut as Postgres stops) is not the bench's business;
    // it is shown only when a running gateway does not exit cleanly.
    child.stdout.unpipe(process.stderr);
    child.stderr.unpipe(process.stderr);
    const running = child.exitCode === null && child.signalCode === null;
    const status = await stopChild(child);
    if (running && status !== 0) console.error(`kecs-lb exited with ${status}:\n${output()}`);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady('kecs-lb', child, `${url}/_kecs/health`, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: 'kecs-lb', url, pid: child.pid, stop };
}

export function motoInstalled(): boolean {
  return spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;
}

export async function startMoto(): Promise<Server> {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'moto.server', '-p', String(port), '-H', HOST], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Werkzeug logs every request; only the tail is kept, for start-up failures.
  const output = tail(child);
  const stop = async () => { await stopChild(child); };
  try {
    await waitUntilReady('moto', child, `http://${HOST}:${port}/moto-api/`, output);
  } catch (error) {
    await stop();
    throw error;
  }
  const relay = await startRelay(`http://${HOST}:${port}`);
  return {
    name: 'moto',
    url: relay.url,
    pid: child.pid,
    stop: async () => {
      await relay.close();
      await stop();
    },
  };
}
