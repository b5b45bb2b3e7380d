import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** A change as etcd would keep it: the object before (undefined when added) and after (undefined when deleted). */
interface Change {
  rv: number;
  before: V1Pod | undefined;
  after: V1Pod | undefined;
}

interface OpenWatch {
  response: ServerResponse;
  namespace: string | undefined;
  selector: (labels: Record<string, string>) => boolean;
  /** The resourceVersion it started from, for the 410 message. */
  from: string;
  /** Writes are chained so an event split in two (slow mode) is never interleaved with the next. */
  writing: Promise<void>;
}

/** A fake Kubernetes API server: pods only, the list + watch protocol client-node 1.x speaks. */
export interface FakeKubeApi {
  /** `http://127.0.0.1:<port>`, the same across stop() and start(). */
  url: string;
  port: number;
  /** Milliseconds every list response and every watch's headers wait (a slow API server). */
  delayMs: number;
  /** When set, every watch event is written in two chunks this many milliseconds apart. */
  splitEventsMs: number;
  /** Requests answered so far, by kind, to see re-lists and reconnects. */
  counts: { lists: number; watches: number };
  addPod(pod: V1Pod): V1Pod;
  /** Replaces the stored pod of the same namespace and name. */
  updatePod(pod: V1Pod): V1Pod;
  deletePod(namespace: string, name: string): void;
  /** The stored pods, as a list would return them. */
  pods(): V1Pod[];
  /**
   * Compacts the history at the current resourceVersion: open watches get an `ERROR` event with a
   * 410 Status and end; a watch from an older resourceVersion gets the same; if no watch is open,
   * the next watch gets it whatever its resourceVersion, so a client that was caught up re-lists too.
   */
  expire(): void;
  /** Sends a `BOOKMARK` with the current resourceVersion to every open watch. */
  bookmark(): void;
  /** Ends every open watch: by destroying its connection, or (`graceful`) by ending the response as a server-side timeout does. */
  dropWatches(options?: { graceful?: boolean }): void;
  openWatches(): number;
  /** Closes the port and every connection; the pods and their history are kept, as etcd keeps them. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

/**
 * Parses the label selectors this fake honours: `k=v`, `k==v`, `k!=v`, `k` and `!k`, joined by
 * commas. Set-based forms (`in`, `notin`) are refused with a 400, so a client relying on them
 * notices instead of getting every pod.
 */
function parseSelector(text: string | null): ((labels: Record<string, string>) => boolean) | undefined {
  if (!text) return () => true;
  const tests: Array<(labels: Record<string, string>) => boolean> = [];
  for (const term of text.split(',').map((t) => t.trim()).filter(Boolean)) {
    const match = /^(!?)([A-Za-z0-9._/-]+)(?:\s*(==|=|!=)\s*([A-Za-z0-9._-]*))?$/.exec(term);
    if (!match) return undefined;
    const [, not, key, op, value] = match;
    if (op === undefined) tests.push(not ? (l) => !(key in l) : (l) => key in l);
    else if (not) return undefined;
    else if (op === '!=') tests.push((l) => l[key] !== value);
    else tests.push((l) => l[key] === value);
  }
  return (labels) => tests.every((test) => test(labels));
}

const key = (namespace: string | undefined, name: string | undefined) => `${namespace}/${name}`;

/** Starts a fake API server on a free loopback port. */
export async function startFakeKubeApi(): Promise<FakeKubeApi> {
  const store = new Map<string, V1Pod>();
  let history: Change[] = [];
  let rv = 1000;
  let compactedAt = 0;
  let expireNextWatch = false;
  const watches = new Set<OpenWatch>();
  let server: Server;
  let port = 0;

  const stamp = (pod: V1Pod): V1Pod => {
    const copy = structuredClone(pod);
    copy.metadata = { ...copy.metadata, resourceVersion: String(++rv) };
    return copy;
  };

  const write = (watch: OpenWatch, type: EventType, object: unknown) => {
    const line = `${JSON.stringify({ type, object })}\n`;
    watch.writing = watch.writing.then(async () => {
      if (watch.response.destroyed || watch.response.writableEnded) return;
      if (api.splitEventsMs > 0) {
        const half = Math.floor(line.length / 2);
        watch.response.write(line.slice(0, half));
        await new Promise((r) => setTimeout(r, api.splitEventsMs));
        if (watch.response.destroyed || watch.response.writableEnded) return;
        watch.response.write(line.slice(half));
      } else {
        watch.response.write(line);
      }
    });
  };

  /** What a watch with this filter sees of a change: a pod entering or leaving the selection is ADDED or DELETED for it, as the real server does. */
  const deliver = (watch: OpenWatch, change: Change) => {
    const visible = (pod: V1Pod | undefined) =>
      pod !== undefined && (watch.namespace === undefined || pod.metadata?.namespace === watch.namespace) && watch.selector(pod.metadata?.labels ?? {});
    const was = visible(change.before);
    const is = visible(change.after);
    if (was && is) write(watch, 'MODIFIED', change.after);
    else if (is) write(watch, 'ADDED', change.after);
    // A deletion carries the object's last state with the deletion's resourceVersion.
    else if (was) write(watch, 'DELETED', change.after ?? { ...change.before, metadata: { ...change.before!.metadata, resourceVersion: String(change.rv) } });
  };

  const record = (change: Change) => {
    history.push(change);
    for (const watch of watches) deliver(watch, change);
  };

  const endWithExpiry = (watch: OpenWatch) => {
    write(watch, 'ERROR', status(410, 'Expired', `too old resource version: ${watch.from} (${rv})`));
    void watch.writing.then(() => watch.response.end());
    watches.delete(watch);
  };

  const delay = () => (api.delayMs > 0 ? new Promise((r) => setTimeout(r, api.delayMs)) : Promise.resolve());

  const sendJson = (response: ServerResponse, code: number, body: unknown) => {
    response.writeHead(code, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = /^\/api\/v1(?:\/namespaces\/([^/]+))?\/pods$/.exec(url.pathname);
    if (!path) return sendJson(response, 404, status(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`));
    if (request.method !== 'GET') return sendJson(response, 405, status(405, 'MethodNotAllowed', `${request.method} is not supported by this fake`));
    const namespace = path[1];
    const selector = parseSelector(url.searchParams.get('labelSelector'));
    if (!selector) return sendJson(response, 400, status(400, 'BadRequest', `unsupported label selector: ${url.searchParams.get('labelSelector')}`));
    const matching = () => [...store.values()].filter((p) => (namespace === undefined || p.metadata?.namespace === namespace) && selector(p.metadata?.labels ?? {}));

    if (url.searchParams.get('watch') !== 'true' && url.searchParams.get('watch') !== '1') {
      api.counts.lists++;
      await delay();
      // Taken after the delay: a slow list still returns one consistent state and its version.
      return sendJson(response, 200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items: matching() });
    }

    api.counts.watches++;
    await delay();
    if (response.destroyed) return;
    response.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // Without this client-node's fetch never resolves, so the informer never starts (reference/kubernetes.md).
    response.flushHeaders();
    const from = url.searchParams.get('resourceVersion') ?? '';
    const watch: OpenWatch = { response, namespace, selector, from, writing: Promise.resolve() };
    if (expireNextWatch || (from !== '' && from !== '0' && Number(from) < compactedAt)) {
      expireNextWatch = false;
      return endWithExpiry(watch);
    }
    if (from === '' || from === '0') {
      // "Any version": the current state as synthetic ADDED events, then live changes.
      for (const pod of matching()) write(watch, 'ADDED', pod);
    } else {
      for (const change of history) if (change.rv > Number(from)) deliver(watch, change);
    }
    watches.add(watch);
    response.on('close', () => watches.delete(watch));
  }

  const api: FakeKubeApi = {
    url: '',
    port: 0,
    delayMs: 0,
    splitEventsMs: 0,
    counts: { lists: 0, watches: 0 },
    addPod(pod) {
      const k = key(pod.metadata?.namespace, pod.metadata?.name);
      if (store.has(k)) throw new Error(`pod ${k} already exists`);
      const stored = stamp(pod);
      store.set(k, stored);
      record({ rv, before: undefined, after: stored });
      return stored;
    },
    updatePod(pod) {
      const k = key(pod.metadata?.namespace, pod.metadata?.name);
      const before = store.get(k);
      if (!before) throw new Error(`pod ${k} does not exist`);
      const stored = stamp({ ...pod, metadata: { ...pod.metadata, uid: before.metadata?.uid } });
      store.set(k, stored);
      record({ rv, before, after: stored });
      return stored;
    },
    deletePod(namespace, name) {
      const k = key(namespace, name);
      const before = store.get(k);
      if (!before) throw new Error(`pod ${k} does not exist`);
      store.delete(k);
      rv++;
      record({ rv, before, after: undefined });
    },
    pods: () => [...store.values()].map((p) => structuredClone(p)),
    expire() {
      compactedAt = rv;
      history = [];
      if (watches.size === 0) expireNextWatch = true;
      for (const watch of [...watches]) endWithExpiry(watch);
    },
    bookmark() {
      // A real server sends these only to watches that asked (allowWatchBookmarks); sent to all here so a client's handling is exercised.
      for (const watch of watches) write(watch, 'BOOKMARK', { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(rv) } });
    },
    dropWatches(options = {}) {
      for (const watch of [...watches]) {
        watches.delete(watch);
        if (options.graceful) void watch.writing.then(() => watch.response.end());
        else watch.response.socket?.destroy();
      }
    },
    openWatches: () => watches.size,
    async stop() {
      for (const watch of watches) watch.response.socket?.destroy();
      watches.clear();
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
    async start() {
      server = createServer((request, response) => {
        handle(request, response).catch((error: unknown) => {
          if (!response.headersSent) sendJson(response, 500, status(500, 'InternalError', String(error)));
          else response.destroy();
        });
      });
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
      port = (server.address() as { port: number }).port;
      api.port = port;
      api.url = `http://127.0.0.1:${port}`;
    },
  };
  await api.start();
  return api;
}

/**
 * Writes a kubeconfig for `url` into `dir` and returns its path. Plain HTTP needs
 * `insecure-skip-tls-verify: true`, or client-node refuses the cluster.
 */
export async function writeKubeconfig(dir: string, url: string): Promise<string> {
  const file = join(dir, 'kubeconfig');
  await writeFile(file, [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: fake',
    '  cluster:',
    `    server: ${url}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    '- name: fake',
    '  user:',
    '    token: fake-token',
    'contexts:',
    '- name: fake',
    '  context:',
    '    cluster: fake',
    '    user: fake',
    'current-context: fake',
    '',
  ].join('\n'));
  return file;
}

/** What {@link pod} builds; everything but the name has a realistic default. */
export interface PodOptions {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** `status.podIP`; none while Pending. */
  ip?: string;
  ready?: boolean;
  /** Container ports of the one container: numbers, or full port objects. */
  ports?: Array<number | { name?: string; containerPort: number; protocol?: string }>;
  /** Sets `deletionTimestamp`, as the API server does when a deletion with a grace period starts. */
  terminating?: boolean;
}

/** A V1Pod as the API server returns it: Running and Ready with an IP by default. */
export function pod(options: PodOptions): V1Pod {
  const now = new Date();
  const ready = options.ready ?? true;
  const ip = 'ip' in options ? options.ip : '127.0.0.2';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: options.name,
      namespace: options.namespace ?? 'default',
      uid: options.uid ?? crypto.randomUUID(),
      labels: options.labels ?? {},
      annotations: options.annotations ?? {},
      creationTimestamp: now,
      ...(options.terminating ? { deletionTimestamp: now, deletionGracePeriodSeconds: 30 } : {}),
    },
    spec: {
      containers: [{
        name: 'app',
        image: 'nginx:1.27',
        ports: (options.ports ?? [80]).map((p) => (typeof p === 'number' ? { containerPort: p, protocol: 'TCP' } : { protocol: 'TCP', ...p })),
      }],
    },
    status: {
      phase: ip === undefined ? 'Pending' : 'Running',
      ...(ip === undefined ? {} : { podIP: ip, podIPs: [{ ip }] }),
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
        { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now },
      ],
    },
  };
}
