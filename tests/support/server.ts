import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** `npm start`'s entry point through tsx's loader, on loopback, with its own data folder. */
function spawnGateway(dataDir: string, env: Record<string, string>, port: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
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
 * Starts the gateway as `npm start` does (the same entry point through tsx's loader) on a free
 * loopback port with its own data folder, and waits until `/_kecs/health` answers.
 */
export async function startServer(dataDir: string, env: Record<string, string> = {}, port?: number): Promise<StartedServer> {
  const chosen = port ?? await freePort();
  const child = spawnGateway(dataDir, env, chosen);
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
export async function failedStart(dataDir: string, env: Record<string, string> = {}, port?: number): Promise<FailedStart> {
  const chosen = port ?? await freePort();
  const child = spawnGateway(dataDir, env, chosen);
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
