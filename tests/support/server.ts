import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { nodeArguments, REPOSITORY } from './run-mode.js';

const ROOT = fileURLToPath(REPOSITORY);

/** The first port of the kernel's ephemeral range, the ports of outgoing connections and of `listen(0)`. */
function firstEphemeralPort(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

const FIRST_PORT = 20_000;

async function listensOn(port: number): Promise<number | undefined> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  try {
    await once(server, 'listening');
  } catch {
    return undefined; // taken
  }
  const address = server.address() as { port: number };
  server.close();
  return address.port;
}

/**
 * A loopback port nothing listens on, for something the test starts next. Not one `listen(0)`
 * hands out: that port comes from the ephemeral range, where any outgoing connection of the
 * machine (a Postgres client, a probe) may take it before the test listens on it — with tests,
 * gateways and benchmarks running side by side, that happened. A random port below that range
 * is taken only by another listener.
 */
export async function freePort(): Promise<number> {
  const end = firstEphemeralPort();
  if (end - FIRST_PORT < 1_000) return (await listensOn(0))!;
  for (;;) {
    const port = await listensOn(FIRST_PORT + Math.floor(Math.random() * (end - FIRST_PORT)));
    if (port !== undefined) return port;
  }
}

/**
 * How the gateway process starts. `'npm start'`: gateway/main.ts from the sources through tsx's
 * loader, as a user's `npm start` runs it — for the suites about starting, the embedded Postgres
 * and restarts. `'like the tests'`: the way this test process runs — compiled under `npm test`,
 * which saves tsx's second or more of CPU per start, through tsx for a file run on its own — for
 * the suites where the running process is under test, not how it starts.
 */
export type Launch = 'npm start' | 'like the tests';

export interface StartOptions {
  /** The API port; a free one when absent. */
  port?: number;
  /** `'npm start'` when absent. */
  launch?: Launch;
}

function gatewayArguments(launch: Launch): string[] {
  return launch === 'npm start' ? ['--import', 'tsx', 'gateway/main.ts'] : nodeArguments(new URL('../../gateway/main.js', import.meta.url));
}

/** The gateway on loopback, with its own data folder. */
function spawnGateway(dataDir: string, env: Record<string, string>, port: number, launch: Launch): ChildProcess {
  return spawn(process.execPath, gatewayArguments(launch), {
    cwd: ROOT,
    env: { ...process.env, KECS_PORT: String(port), KECS_HOST: '127.0.0.1', KECS_DATA_DIR: dataDir, KECS_LOG_LEVEL: 'info', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface StartedServer {
  url: string;
  port: number;
  process: ChildProcess;
  /** What the server wrote, for failure messages. */
  output(): string;
  /** SIGTERM, then waits for a clean exit; returns the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash with no chance to clean up. */
  kill(): Promise<void>;
}

/**
 * Starts the gateway (as `npm start` does, unless `launch` says otherwise) on a free loopback port
 * with its own data folder, and waits until `/_kecs/health` answers.
 */
export async function startServer(dataDir: string, env: Record<string, string> = {}, { port, launch = 'npm start' }: StartOptions = {}): Promise<StartedServer> {
  const chosen = port ?? await freePort();
  const child = spawnGateway(dataDir, env, chosen, launch);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { output += c.toString(); });
  const url = `http://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/_kecs/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gateway did not become healthy within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = once(child, 'exit');
  return {
    url,
    port: chosen,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      return child.exitCode;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface FailedStart {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the gateway as {@link startServer} does but expects it to give up: waits for its exit
 * (at most 60 s) and answers its exit code with stdout and stderr kept apart.
 */
export async function failedStart(dataDir: string, env: Record<string, string> = {}, { port, launch = 'npm start' }: StartOptions = {}): Promise<FailedStart> {
  const chosen = port ?? await freePort();
  const child = spawnGateway(dataDir, env, chosen, launch);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code] = await once(child, 'exit') as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Whether the AWS CLI is installed; the CLI suites skip with a message when it is not. */
export function hasAwsCli(): boolean {
  return spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs `aws <args>` against the gateway and parses its JSON output. Asynchronous: a suite whose
 * targets live in the test process (health checks) must keep answering while the CLI waits.
 */
export async function awsCli(url: string, args: string[]): Promise<{ status: number; json: any; stderr: string }> {
  const child = spawn('aws', ['--endpoint-url', url, '--output', 'json', ...args], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const [code] = await once(child, 'close') as [number | null];
  return { status: code ?? -1, json: stdout.trim() ? JSON.parse(stdout) : undefined, stderr };
}
