import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort, stopChild, tail, waitUntilReady, type Server } from './servers.js';

/**
 * nginx as a reverse-proxy peer of the data plane: the same target, load generator and machine, so
 * its ratio to direct shows how much of the gap is the machine (load generator, target and proxy
 * sharing its cores) rather than kecs-lb.
 */

// Distributions install nginx in an sbin folder that is often not on a user's PATH.
const env: NodeJS.ProcessEnv = { ...process.env, PATH: [process.env.PATH, '/usr/sbin'].filter(Boolean).join(delimiter) };

export function nginxInstalled(): boolean {
  return spawnSync('nginx', ['-v'], { env, stdio: 'ignore' }).status === 0;
}

/** 1 matches kecs-lb's single Node process; 'auto' is one worker per CPU, nginx's usual setting. */
export type NginxWorkers = 1 | 'auto';

export const nginxLabel = (workers: NginxWorkers) =>
  workers === 1 ? 'nginx, 1 worker' : `nginx, auto=${availableParallelism()} workers`;

/** The proxying both servers do, with the headers the listener sets, so both do comparable work per request. */
const location = `
    location / {
      proxy_pass http://target;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Port $server_port;
      proxy_set_header X-Amzn-Trace-Id "Root=1-$msec-$request_id";
    }`;

/** Relative paths resolve against the prefix (`-p`), the temporary folder. */
const config = (port: number, targetPort: number, workers: NginxWorkers, tls: { port: number; cert: string; key: string } | undefined) => `
daemon off;
master_process on;
worker_processes ${workers};
pid nginx.pid;
error_log error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  # The packaged defaults point into system folders that a bench run must not touch.
  client_body_temp_path body; proxy_temp_path proxy; fastcgi_temp_path fastcgi; uwsgi_temp_path uwsgi; scgi_temp_path scgi;
  # nginx closes a keep-alive connection after 1000 requests by default; Node's server (the
  # listener's and the target's) never does, so reconnecting would be a cost only nginx paid.
  keepalive_requests 1000000;
  upstream target {
    server 127.0.0.1:${targetPort};
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};${location}
  }${tls ? `
  server {
    listen 127.0.0.1:${tls.port} ssl;
    ssl_certificate ${tls.cert};
    ssl_certificate_key ${tls.key};${location}
  }` : ''}
}
`;

/**
 * Starts nginx in the foreground on a free loopback port, proxying to the target; answers once it
 * does. With `tls`, it also terminates TLS on a second port (`httpsUrl`) with that certificate.
 */
export async function startNginx(targetPort: number, workers: NginxWorkers, tls?: { cert: string; key: string }): Promise<Server & { httpsUrl?: string }> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'kecs-lb-bench-nginx-'));
  const file = join(dir, 'nginx.conf');
  let https: { port: number; cert: string; key: string } | undefined;
  if (tls) {
    https = { port: await freePort(), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
    await writeFile(https.cert, tls.cert);
    await writeFile(https.key, tls.key, { mode: 0o600 });
  }
  await writeFile(file, config(port, targetPort, workers, https));
  // With daemon off the spawned PID is nginx's master, so signalling it stops its workers too.
  const child = spawn('nginx', ['-c', file, '-p', dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = tail(child);
  const output = () => {
    try {
      return stderr() + readFileSync(join(dir, 'error.log'), 'utf8').slice(-4000);
    } catch {
      return stderr();
    }
  };
  const name = nginxLabel(workers);
  const stop = async () => {
    const running = child.exitCode === null && child.signalCode === null;
    const status = await stopChild(child);
    if (running && status !== 0) console.error(`${name} exited with ${status}:\n${output()}`);
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilReady(name, child, url, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name, url, pid: child.pid, stop, httpsUrl: https ? `https://127.0.0.1:${https.port}/` : undefined };
}
