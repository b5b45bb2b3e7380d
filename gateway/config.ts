import type { LogFormat } from './logger.js';
import type { KubernetesMode } from './traffic/kubernetes/kubernetes-mode.js';
import { parseTargetAddresses, type TargetAddresses } from './target-addresses.js';

/** A port of this machine the gateway itself uses, which no listener may take. */
export interface ReservedPort {
  port: number;
  /** What uses it, for messages. */
  use: string;
}

/** Runtime configuration, read once from the environment (documented in the README). */
export interface Config {
  port: number;
  /** The address the API and the listener ports bind; loopback unless set (KECS_HOST). */
  host: string;
  /** Host names browsers may use besides the built-in ones (browser-guard.ts); `*` allows any. */
  allowedHosts: string[];
  /** Open connections each server (API port, each listener port) accepts at most; open flows per UDP port too. */
  maxConnections: number;
  /**
   * KECS_UDP_IDLE_TIMEOUT_SECONDS: a UDP flow with no datagram either way for this long ends.
   * AWS's is 120 s and cannot be changed (NLB FAQ); setting it is for tests and demos.
   */
  udpIdleTimeoutSeconds: number;
  dataDir: string;
  databaseUrl: string | undefined;
  upstreamUrl: string | undefined;
  /**
   * KECS_ECS_URL: the ECS control plane Traefik's AWS entrypoint sends ECS calls to
   * (traffic/traefik/aws-endpoint.ts); unset, ECS calls go where every other service goes.
   */
  ecsUrl: string | undefined;
  accountId: string;
  defaultRegion: string;
  logLevel: string;
  /** KECS_LOG_FORMAT: JSON lines, pretty ones, or pretty only on a terminal (`auto`). */
  logFormat: LogFormat;
  /**
   * KECS_ACCESS_LOG: where the data plane writes one ALB-style line per request (`stdout` or a
   * file path); undefined: no access log.
   */
  accessLog: string | undefined;
  allowReset: boolean;
  dnsSuffix: string;
  maxBodyBytes: number;
  /** Milliseconds between scheduler ticks. */
  tickMs: number;
  /** `embedded`: serve listeners from this process; `off`: Traefik serves them (in a cluster). */
  dataPlane: 'embedded' | 'off';
  /** KECS_TARGET_ADDRESSES: the addresses health checks and data-plane traffic may go to. */
  targetAddresses: TargetAddresses;
  /**
   * Ports listeners may not use: the API port (KECS_PORT), and once the database is open the
   * port of a Postgres on this machine (gateway/reserved-ports.ts).
   */
  reservedPorts: readonly ReservedPort[];
  /**
   * KECS_CONSOLE: the browser console at /_kecs/console/ for `loopback` clients only (the
   * default), for any client (`public`), or not at all (`off`, which also keeps no requests).
   */
  console: 'loopback' | 'public' | 'off';
  /** KECS_KUBERNETES: watch pods `on`, `off`, or `auto` (in a cluster only; kubernetes/kube-config.ts). */
  kubernetes: KubernetesMode;
}

/** Raised for a configuration value that cannot be used; the gateway refuses to start. */
export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got '${raw}'`);
  }
  return value;
}

/** Reads the configuration from `env`; throws {@link ConfigError} for values out of range. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const accountId = env.KECS_ACCOUNT_ID || '000000000000';
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`KECS_ACCOUNT_ID must be 12 digits, got '${accountId}'`);
  const upstreamUrl = env.KECS_UPSTREAM_URL || undefined;
  if (upstreamUrl !== undefined && !URL.canParse(upstreamUrl)) {
    throw new ConfigError(`KECS_UPSTREAM_URL is not a URL: '${upstreamUrl}'`);
  }
  const ecsUrl = env.KECS_ECS_URL || undefined;
  if (ecsUrl !== undefined && !(URL.canParse(ecsUrl) && /^https?:$/.test(new URL(ecsUrl).protocol))) {
    throw new ConfigError(`KECS_ECS_URL is not an http(s) URL: '${ecsUrl}'`);
  }
  const dataPlane = env.KECS_DATAPLANE || 'embedded';
  if (dataPlane !== 'embedded' && dataPlane !== 'off') throw new ConfigError(`KECS_DATAPLANE must be 'embedded' or 'off', got '${dataPlane}'`);
  const targetAddresses = parseTargetAddresses(env.KECS_TARGET_ADDRESSES || 'loopback,private');
  if ('invalid' in targetAddresses) {
    throw new ConfigError(`KECS_TARGET_ADDRESSES takes 'loopback', 'private', 'any' and CIDRs, separated by commas; got '${targetAddresses.invalid}'`);
  }
  const kubernetes = env.KECS_KUBERNETES || 'auto';
  if (kubernetes !== 'off' && kubernetes !== 'on' && kubernetes !== 'auto') {
    throw new ConfigError(`KECS_KUBERNETES must be 'off', 'on' or 'auto', got '${kubernetes}'`);
  }
  const logFormat = env.KECS_LOG_FORMAT || 'auto';
  if (logFormat !== 'json' && logFormat !== 'pretty' && logFormat !== 'auto') {
    throw new ConfigError(`KECS_LOG_FORMAT must be 'json', 'pretty' or 'auto', got '${logFormat}'`);
  }
  const consoleMode = env.KECS_CONSOLE || 'loopback';
  if (consoleMode !== 'loopback' && consoleMode !== 'public' && consoleMode !== 'off') {
    throw new ConfigError(`KECS_CONSOLE must be 'loopback', 'public' or 'off', got '${consoleMode}'`);
  }
  const port = integer(env, 'KECS_PORT', 4566, 0, 65535);
  return {
    port,
    // Loopback: nothing here checks signatures, so the network is the only lock (README, Security).
    host: env.KECS_HOST || '127.0.0.1',
    allowedHosts: (env.KECS_ALLOWED_HOSTS ?? '').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean),
    maxConnections: integer(env, 'KECS_MAX_CONNECTIONS', 1024, 1, 1_000_000),
    udpIdleTimeoutSeconds: integer(env, 'KECS_UDP_IDLE_TIMEOUT_SECONDS', 120, 1, 6000),
    dataDir: env.KECS_DATA_DIR || './.kecs',
    databaseUrl: env.DATABASE_URL || undefined,
    upstreamUrl,
    ecsUrl,
    accountId,
    defaultRegion: env.KECS_DEFAULT_REGION || env.AWS_DEFAULT_REGION || env.AWS_REGION || 'us-east-1',
    logLevel: env.KECS_LOG_LEVEL || 'info',
    logFormat,
    accessLog: env.KECS_ACCESS_LOG || undefined,
    allowReset: env.KECS_ALLOW_RESET === '1',
    dnsSuffix: env.KECS_DNS_SUFFIX || 'elb.localhost',
    maxBodyBytes: integer(env, 'KECS_MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    tickMs: integer(env, 'KECS_TICK_MS', 1000, 10, 60_000),
    dataPlane,
    targetAddresses,
    // Port 0 asks for a free port; the one bound is reserved for the data plane at start-up.
    reservedPorts: port === 0 ? [] : [{ port, use: 'the API port (KECS_PORT)' }],
    console: consoleMode,
    kubernetes,
  };
}
