import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { PersistentVolumeClaim, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { ClusterRole, ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { parseAllDocuments } from 'yaml';
import { compileRouteTable } from '../../gateway/traffic/route-table/compile.js';
import { renderTraefikConfig } from '../../gateway/traffic/traefik/configuration.js';
import { TRAEFIK_CONFIG_PATH } from '../../gateway/traffic/traefik/provider-endpoint.js';
import { entryPointName } from '../../gateway/traffic/traefik/names.js';
import { forward, listener, loadBalancer, routingState, rule, target, targetGroup } from '../gateway/traffic/traefik/fixtures.js';
import { METRICS_PATH } from '../../gateway/metrics/endpoint.js';
import { REPOSITORY } from '../support/run-mode.js';

// Static consistency checks of the in-cluster deployment (manifests/, Dockerfile). Nothing here
// talks to a cluster: the manifests are parsed and cross-checked against each other and against
// the gateway's source (config.ts env names, the Traefik entrypoint convention and endpoint path).

// The checkout, also when this file runs compiled from .build/.
const ROOT = REPOSITORY;
const MANIFESTS = new URL('manifests/', ROOT);
const NAMESPACE = 'kecs-system';
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass']);

interface ContainerPort { name?: string; containerPort: number; protocol?: string }
interface Probe { httpGet?: { path?: string; port: number | string }; tcpSocket?: { port: number | string } }
interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }
interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: ContainerPort[];
  env?: EnvVar[];
  envFrom?: Array<{ secretRef?: { name: string; optional?: boolean } }>;
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}
interface PodSpec { containers: Container[]; initContainers?: Container[]; automountServiceAccountToken?: boolean; serviceAccountName?: string }
interface ServicePort { name?: string; port: number; targetPort?: number | string; protocol?: string }
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: {
    type?: string;
    clusterIP?: string;
    externalTrafficPolicy?: string;
    selector?: Record<string, string> & { matchLabels?: Record<string, string> };
    ports?: ServicePort[];
    serviceName?: string;
    template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec };
  };
  stringData?: Record<string, string>;
  data?: Record<string, string>;
}
interface Source { file: string; doc: K8sObject }

const manifestFiles = readdirSync(MANIFESTS).filter((name) => /\.(ya?ml|json)$/.test(name)).sort();
const sources: Source[] = manifestFiles.flatMap((file) => {
  const text = readFileSync(new URL(file, MANIFESTS), 'utf8');
  return parseAllDocuments(text).map((document) => {
    assert.deepEqual(document.errors.map(String), [], `${file}: YAML errors`);
    return { file, doc: document.toJS() as K8sObject };
  });
}).filter(({ doc }) => doc !== null && doc !== undefined);
const docs = sources.map((source) => source.doc);

/** The kubernetes-models class validating each apiVersion/kind the manifests use. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace, 'v1/Secret': Secret, 'v1/Service': Service, 'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim, 'apps/v1/Deployment': Deployment, 'apps/v1/StatefulSet': StatefulSet,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole, 'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
};

const workloads = docs.filter((doc) => doc.kind === 'Deployment' || doc.kind === 'StatefulSet');
const services = docs.filter((doc) => doc.kind === 'Service');
const secrets = docs.filter((doc) => doc.kind === 'Secret');

function only(kind: string, name: string): K8sObject {
  const found = docs.filter((doc) => doc.kind === kind && doc.metadata.name === name);
  assert.equal(found.length, 1, `exactly one ${kind} ${name}`);
  return found[0];
}
function podSpec(workload: K8sObject): PodSpec {
  const spec = workload.spec?.template?.spec;
  assert.ok(spec, `${workload.kind} ${workload.metadata.name} has a pod template`);
  return spec;
}
function podLabels(workload: K8sObject): Record<string, string> {
  return workload.spec?.template?.metadata?.labels ?? {};
}
function containerNamed(workload: K8sObject, name: string): Container {
  const container = podSpec(workload).containers.find((candidate) => candidate.name === name);
  assert.ok(container, `${workload.metadata.name} has a container ${name}`);
  return container;
}
function subset(small: Record<string, string>, big: Record<string, string>): boolean {
  return Object.entries(small).every(([key, value]) => big[key] === value);
}
function secretValue(name: string, key: string): string | undefined {
  const secret = secrets.find((doc) => doc.metadata.name === name);
  if (!secret) return undefined;
  if (secret.stringData?.[key] !== undefined) return secret.stringData[key];
  const encoded = secret.data?.[key];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}
/** The container port a Service targetPort or probe port designates: by name, else by number. */
function resolvePort(container: Container, port: number | string): ContainerPort | undefined {
  return (container.ports ?? []).find((candidate) => (typeof port === 'string' ? candidate.name === port : candidate.containerPort === port));
}
/** The workloads whose pods a Service selects. */
function selectedBy(service: K8sObject): K8sObject[] {
  const selector = service.spec?.selector ?? {};
  return workloads.filter((workload) => workload.metadata.namespace === service.metadata.namespace && subset(selector, podLabels(workload)));
}
function envOf(container: Container): Map<string, EnvVar> {
  return new Map((container.env ?? []).map((variable) => [variable.name, variable]));
}
/** `--a.b=c` arguments as a map keyed by lower-cased flag (Traefik's flags are case-insensitive). */
function flags(args: readonly string[]): Map<string, string> {
  return new Map(args.map((arg) => {
    const match = /^--([^=]+)=(.*)$/.exec(arg);
    assert.ok(match, `flag '${arg}' has the form --name=value`);
    return [match[1].toLowerCase(), match[2]];
  }));
}
// Kubernetes IANA_SVC_NAME (port names): ≤15 characters, [a-z0-9-], a letter, no `--`, no edge `-`.
function validPortName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

describe('manifests: files and documents', () => {
  test('the kustomization lists every manifest file, and kubectl apply -f sees no kustomization', () => {
    const kustomization = parseAllDocuments(readFileSync(new URL('Kustomization', MANIFESTS), 'utf8'))[0].toJS() as {
      kind: string;
      resources: string[];
    };
    assert.equal(kustomization.kind, 'Kustomization');
    assert.deepEqual([...kustomization.resources].sort(), manifestFiles);
    // `kubectl apply -f manifests/` reads every *.yaml; a kustomization.yaml there would fail it.
    assert.ok(!existsSync(new URL('kustomization.yaml', MANIFESTS)) && !existsSync(new URL('kustomization.yml', MANIFESTS)));
    // Files apply in name order with -f: the namespace must come first.
    assert.equal(sources[0].doc.kind, 'Namespace');
  });

  test('every document has apiVersion, kind and metadata.name, and is unique', () => {
    assert.ok(docs.length >= 8, `found ${docs.length} documents`);
    const seen = new Set<string>();
    for (const { file, doc } of sources) {
      assert.equal(typeof doc.apiVersion, 'string', `${file}: apiVersion`);
      assert.equal(typeof doc.kind, 'string', `${file}: kind`);
      assert.equal(typeof doc.metadata?.name, 'string', `${file}: metadata.name of a ${doc.kind}`);
      assert.match(doc.metadata.name, /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, `${file}: ${doc.kind} name is a DNS label`);
      const key = `${doc.kind}/${doc.metadata.namespace ?? ''}/${doc.metadata.name}`;
      assert.ok(!seen.has(key), `${file}: duplicate ${key}`);
      seen.add(key);
    }
  });

  test('everything namespaced lives in the kecs-system namespace, which is declared', () => {
    only('Namespace', NAMESPACE);
    for (const { file, doc } of sources) {
      if (CLUSTER_SCOPED.has(doc.kind)) continue;
      assert.equal(doc.metadata.namespace, NAMESPACE, `${file}: ${doc.kind} ${doc.metadata.name} namespace`);
    }
  });

  test('every object is valid against the Kubernetes schemas (kubernetes-models)', () => {
    for (const { file, doc } of sources) {
      const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      assert.ok(Model, `${file}: no schema known for ${doc.apiVersion} ${doc.kind}; add it to MODELS`);
      assert.doesNotThrow(() => new Model(doc as never).validate(), `${file}: ${doc.kind} ${doc.metadata.name}`);
    }
  });

  test('the schema check fails on a bad field', () => {
    const kecs = structuredClone(only('Deployment', 'kecs-lb'));
    (podSpec(kecs).containers[0].ports ?? [])[0].containerPort = 'api' as unknown as number;
    assert.throws(() => new Deployment(kecs as never).validate(), /containerPort must be integer/);
    const role = structuredClone(only('ClusterRole', 'kecs-lb-pod-reader')) as unknown as { rules: Array<{ verbs: unknown }> };
    role.rules[0].verbs = 'get';
    assert.throws(() => new ClusterRole(role as never).validate(), /verbs must be array/);
  });

  test('RBAC: only kecs-lb has an account and a token, allowed to get, list and watch pods and nothing else', () => {
    assert.deepEqual(docs.filter((doc) => /Role|ServiceAccount/.test(doc.kind)).map((doc) => `${doc.kind}/${doc.metadata.name}`).sort(),
      ['ClusterRole/kecs-lb-pod-reader', 'ClusterRoleBinding/kecs-lb-pod-reader', 'ServiceAccount/kecs-lb']);
    const role = only('ClusterRole', 'kecs-lb-pod-reader') as unknown as { rules: unknown[] };
    assert.deepEqual(role.rules, [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = only('ClusterRoleBinding', 'kecs-lb-pod-reader') as unknown as { roleRef: unknown; subjects: unknown[] };
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kecs-lb-pod-reader' });
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'kecs-lb', namespace: NAMESPACE }]);
    for (const workload of workloads) {
      const spec = podSpec(workload);
      if (workload.metadata.name === 'kecs-lb') {
        assert.equal(spec.serviceAccountName, 'kecs-lb');
        assert.equal(spec.automountServiceAccountToken, true, 'the pod watcher talks to the API');
      } else {
        assert.equal(spec.serviceAccountName, undefined, `${workload.metadata.name} uses the default account`);
        assert.equal(spec.automountServiceAccountToken, false, `${workload.metadata.name} mounts no token`);
      }
    }
    const traefikFlags = [...flags(containerNamed(only('Deployment', 'traefik'), 'traefik').args ?? []).keys()];
    assert.deepEqual(traefikFlags.filter((flag) => flag.startsWith('providers.kubernetes')), []);
  });

  test('no file names a path of the machine it was written on', () => {
    const root = fileURLToPath(ROOT).replace(/\/$/, '');
    const files = [...manifestFiles.map((name) => new URL(name, MANIFESTS)), new URL('Kustomization', MANIFESTS),
      new URL('README.md', MANIFESTS), new URL('Dockerfile', ROOT), new URL('.dockerignore', ROOT)];
    for (const file of files) assert.ok(!readFileSync(file, 'utf8').includes(root), `${file.pathname.slice(root.length)} mentions the checkout path`);
  });
});

describe('manifests: workloads and services', () => {
  test('workload selectors match their pod labels; container port names are valid and unique', () => {
    assert.ok(workloads.length >= 4);
    for (const workload of workloads) {
      const matchLabels = workload.spec?.selector?.matchLabels ?? {};
      assert.ok(Object.keys(matchLabels).length > 0, `${workload.metadata.name} has a selector`);
      assert.ok(subset(matchLabels, podLabels(workload)), `${workload.metadata.name}: selector ⊆ pod labels`);
      for (const container of [...podSpec(workload).containers, ...(podSpec(workload).initContainers ?? [])]) {
        assert.ok(container.image, `${workload.metadata.name}/${container.name} has an image`);
        const names = (container.ports ?? []).map((port) => port.name ?? '');
        for (const name of names) assert.ok(validPortName(name), `${workload.metadata.name}/${container.name}: port name '${name}'`);
        assert.equal(new Set(names).size, names.length, `${workload.metadata.name}/${container.name}: unique port names`);
      }
    }
    // No two workloads' pods are told apart only by accident.
    for (const a of workloads) {
      for (const b of workloads) {
        if (a !== b) assert.ok(!subset(a.spec?.selector?.matchLabels ?? {}, podLabels(b)), `${a.metadata.name}'s selector also selects ${b.metadata.name}`);
      }
    }
  });

  test('each Service selects exactly one workload and targets ports its containers declare', () => {
    assert.ok(services.length >= 4);
    for (const service of services) {
      const name = service.metadata.name;
      assert.ok(Object.keys(service.spec?.selector ?? {}).length > 0, `Service ${name} has a selector`);
      const selected = selectedBy(service);
      assert.equal(selected.length, 1, `Service ${name} selects ${selected.map((w) => w.metadata.name).join(', ') || 'nothing'}`);
      const containers = podSpec(selected[0]).containers;
      const ports = service.spec?.ports ?? [];
      assert.ok(ports.length > 0, `Service ${name} has ports`);
      const portNames = ports.map((port) => port.name ?? '');
      assert.equal(new Set(portNames).size, portNames.length, `Service ${name}: unique port names`);
      for (const port of ports) {
        if (ports.length > 1 || port.name !== undefined) assert.ok(validPortName(port.name ?? ''), `Service ${name}: port name '${port.name}'`);
        const target = port.targetPort ?? port.port;
        const protocol = port.protocol ?? 'TCP';
        const matches = containers.map((container) => resolvePort(container, target)).filter((found) => found !== undefined);
        assert.equal(matches.length, 1, `Service ${name} port ${port.port}: targetPort ${target} is declared by one container`);
        assert.equal(matches[0].protocol ?? 'TCP', protocol, `Service ${name} port ${port.port}: protocol`);
      }
    }
  });

  test('a StatefulSet is governed by a headless Service', () => {
    for (const set of workloads.filter((workload) => workload.kind === 'StatefulSet')) {
      const governing = only('Service', set.spec?.serviceName ?? '');
      assert.equal(governing.spec?.clusterIP, 'None');
      assert.deepEqual(selectedBy(governing), [set]);
    }
  });

  test('probes use ports their container declares', () => {
    for (const workload of workloads) {
      for (const container of podSpec(workload).containers) {
        for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) {
          const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
          if (port === undefined) continue;
          assert.ok(resolvePort(container, port), `${workload.metadata.name}/${container.name}: probe port ${port}`);
        }
      }
    }
  });

  test('secret references name secrets and keys the manifests define (unless optional)', () => {
    for (const workload of workloads) {
      for (const container of [...podSpec(workload).containers, ...(podSpec(workload).initContainers ?? [])]) {
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef;
          if (!ref || ref.optional) continue;
          assert.notEqual(secretValue(ref.name, ref.key), undefined, `${workload.metadata.name}/${container.name} ${variable.name}: ${ref.name}.${ref.key}`);
        }
        for (const from of container.envFrom ?? []) {
          if (from.secretRef && !from.secretRef.optional) only('Secret', from.secretRef.name);
        }
      }
    }
  });
});

describe('manifests: Postgres and the kecs-lb control plane', () => {
  const kecs = only('Deployment', 'kecs-lb');
  const container = containerNamed(kecs, 'kecs-lb');
  const env = envOf(container);
  const kecsService = only('Service', 'kecs-lb');

  test('Postgres is postgres:16 on a persistent claim, its credentials from the Secret', () => {
    const postgres = only('StatefulSet', 'postgres');
    const pg = containerNamed(postgres, 'postgres');
    assert.equal(pg.image, 'postgres:16');
    assert.ok((pg.envFrom ?? []).some((from) => from.secretRef?.name === 'kecs-lb-postgres'));
    const claims = (postgres.spec as { volumeClaimTemplates?: Array<{ metadata: { name: string } }> }).volumeClaimTemplates ?? [];
    assert.deepEqual(claims.map((claim) => claim.metadata.name), ['data']);
  });

  test('the DATABASE_URL in the Secret agrees with the Postgres credentials and Service', () => {
    const raw = secretValue('kecs-lb-postgres', 'DATABASE_URL');
    assert.ok(raw);
    const url = new URL(raw);
    assert.match(url.protocol, /^postgres(ql)?:$/);
    assert.equal(decodeURIComponent(url.username), secretValue('kecs-lb-postgres', 'POSTGRES_USER'));
    assert.equal(decodeURIComponent(url.password), secretValue('kecs-lb-postgres', 'POSTGRES_PASSWORD'));
    assert.equal(url.pathname, `/${secretValue('kecs-lb-postgres', 'POSTGRES_DB')}`);
    const [serviceName, namespace = NAMESPACE] = url.hostname.split('.');
    assert.equal(namespace, NAMESPACE);
    const service = only('Service', serviceName);
    assert.deepEqual(selectedBy(service).map((w) => w.metadata.name), ['postgres']);
    assert.ok((service.spec?.ports ?? []).some((port) => port.port === Number(url.port || 5432)), 'DATABASE_URL port is a Service port');
  });

  test('the kecs-lb container runs kecs-lb:dev with DATABASE_URL from the Secret and LocalStack upstream', () => {
    assert.equal(container.image, 'kecs-lb:dev');
    assert.deepEqual(env.get('DATABASE_URL')?.valueFrom?.secretKeyRef, { name: 'kecs-lb-postgres', key: 'DATABASE_URL' });
    assert.equal(env.get('KECS_UPSTREAM_URL')?.value, 'http://localstack:4566');
    const upstream = new URL(env.get('KECS_UPSTREAM_URL')?.value ?? '');
    const localstack = only('Service', upstream.hostname);
    assert.deepEqual(selectedBy(localstack).map((w) => w.metadata.name), ['localstack']);
    assert.ok((localstack.spec?.ports ?? []).some((port) => port.port === Number(upstream.port)));
    assert.match(containerNamed(only('Deployment', 'localstack'), 'localstack').image ?? '', /^localstack\/localstack:/);
  });

  test('LocalStack persists its state on a claim the manifests declare (seed 003)', () => {
    const localstack = only('Deployment', 'localstack');
    assert.equal(envOf(containerNamed(localstack, 'localstack')).get('PERSISTENCE')?.value, '1');
    const mount = (containerNamed(localstack, 'localstack') as Container & { volumeMounts?: Array<{ name: string; mountPath: string }> })
      .volumeMounts?.find((m) => m.mountPath === '/var/lib/localstack');
    assert.ok(mount, 'the LocalStack volume directory is mounted');
    const volumes = (podSpec(localstack) as PodSpec & { volumes?: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }> }).volumes ?? [];
    const claim = volumes.find((v) => v.name === mount.name)?.persistentVolumeClaim?.claimName;
    assert.ok(claim, 'from a PersistentVolumeClaim');
    only('PersistentVolumeClaim', claim);
    assert.equal((localstack.spec as { strategy?: { type?: string } }).strategy?.type, 'Recreate', 'a ReadWriteOnce claim: one pod at a time');
  });

  test('every env var on the kecs-lb container is one gateway/config.ts reads', () => {
    const source = readFileSync(new URL('gateway/config.ts', ROOT), 'utf8');
    const known = new Set(source.match(/\b(?:KECS_[A-Z0-9_]+|DATABASE_URL)\b/g) ?? []);
    assert.ok(known.has('KECS_PORT') && known.has('DATABASE_URL'), 'the scan of config.ts found its names');
    for (const name of env.keys()) assert.ok(known.has(name), `${name} is not read by gateway/config.ts`);
    assert.equal(container.envFrom, undefined, 'no bulk env: every name is checked');
  });

  test('the pod watcher is on; KECS_ECS_URL is empty (ECS to LocalStack) or an http URL', () => {
    assert.equal(env.get('KECS_KUBERNETES')?.value, 'on');
    const ecs = env.get('KECS_ECS_URL')?.value;
    assert.notEqual(ecs, undefined, 'KECS_ECS_URL is shown in the manifest');
    if (ecs) assert.match(new URL(ecs).protocol, /^https?:$/);
  });

  test('the kecs-lb Service is ClusterIP: Traefik, not kecs-lb, owns :4566 on the nodes', () => {
    assert.equal(kecsService.spec?.type ?? 'ClusterIP', 'ClusterIP');
  });

  test('KECS_PORT, the container port, the Service and the probes agree; probes hit /_kecs/health', () => {
    const port = Number(env.get('KECS_PORT')?.value ?? 4566);
    assert.equal(port, 4566);
    const api = (container.ports ?? []).find((candidate) => candidate.containerPort === port);
    assert.ok(api, 'the container declares KECS_PORT');
    const servicePort = (kecsService.spec?.ports ?? []).find((candidate) => candidate.port === 4566);
    assert.ok(servicePort);
    assert.equal(resolvePort(container, servicePort.targetPort ?? servicePort.port), api);
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      assert.equal(probe?.httpGet?.path, '/_kecs/health');
      assert.equal(resolvePort(container, probe?.httpGet?.port ?? -1), api);
    }
  });

  test("the pods are annotated for scraping the gateway's /metrics on the API port", () => {
    const annotations = kecs.spec?.template?.metadata?.annotations ?? {};
    assert.equal(annotations['prometheus.io/scrape'], 'true');
    assert.equal(Number(annotations['prometheus.io/port']), Number(env.get('KECS_PORT')?.value));
    assert.equal(annotations['prometheus.io/path'], METRICS_PATH);
  });
});

describe('manifests: Traefik', () => {
  const traefik = only('Deployment', 'traefik');
  const container = containerNamed(traefik, 'traefik');
  const args = flags(container.args ?? []);
  const service = only('Service', 'traefik');

  /** Declared entrypoints: name → port and protocol. */
  const entryPoints = new Map<string, { port: number; protocol: 'TCP' | 'UDP' }>();
  for (const [flag, value] of args) {
    const match = /^entrypoints\.([^.]+)\.address$/.exec(flag);
    if (!match) continue;
    const address = /^:(\d+)\/(tcp|udp)$/.exec(value);
    assert.ok(address, `entrypoint ${match[1]}: address '${value}' is :PORT/tcp or :PORT/udp`);
    entryPoints.set(match[1], { port: Number(address[1]), protocol: address[2] === 'udp' ? 'UDP' : 'TCP' });
  }
  const pool = [...entryPoints].filter(([name]) => name !== 'traefik' && name !== 'aws');

  test('is a Traefik v3 image', () => {
    assert.match(container.image ?? '', /^traefik:v3(\.|$)/);
  });

  test('the HTTP provider polls the kecs-lb Service every second at the dynamic-config path', () => {
    assert.equal(args.get('providers.http.pollinterval'), '1s');
    const endpoint = new URL(args.get('providers.http.endpoint') ?? '');
    assert.equal(endpoint.protocol, 'http:');
    assert.equal(endpoint.pathname, TRAEFIK_CONFIG_PATH);
    // No actionsUrl: it comes from the Host, so fixed responses and ELBv2 calls go back to this Service.
    assert.deepEqual([...endpoint.searchParams.keys()], ['awsEntryPoint']);
    assert.ok(entryPoints.has(endpoint.searchParams.get('awsEntryPoint') ?? ''), 'the AWS routers go on a declared entrypoint');
    const [serviceName, namespace, svc] = endpoint.hostname.split('.');
    assert.equal(svc, 'svc');
    assert.equal(namespace, NAMESPACE);
    const target = only('Service', serviceName);
    assert.deepEqual(selectedBy(target).map((w) => w.metadata.name), ['kecs-lb']);
    assert.ok((target.spec?.ports ?? []).some((port) => port.port === Number(endpoint.port || 80)), 'endpoint port is a kecs-lb Service port');
  });

  test('the listener pool follows the elb-<port> convention of gateway/traffic/traefik/names.ts', () => {
    assert.ok(pool.length >= 12, `pool of ${pool.length}`);
    for (const [name, { port, protocol }] of pool) {
      assert.equal(name, entryPointName(port, protocol === 'UDP'), `entrypoint ${name} on :${port}/${protocol.toLowerCase()}`);
    }
    for (const port of [80, 443, ...Array.from({ length: 10 }, (_, i) => 8080 + i)]) {
      assert.ok(entryPoints.has(entryPointName(port)), `elb-${port} is in the pool`);
    }
  });

  test('every pool port is declared over TCP and over UDP', () => {
    const ports = new Set(pool.map(([, { port }]) => port));
    for (const port of ports) {
      assert.deepEqual(entryPoints.get(entryPointName(port)), { port, protocol: 'TCP' }, `elb-${port}`);
      assert.deepEqual(entryPoints.get(entryPointName(port, true)), { port, protocol: 'UDP' }, `elb-${port}-udp`);
    }
  });

  test('every UDP entrypoint keeps an idle flow for NLB\'s 120 s, not Traefik\'s default 3 s', () => {
    const udp = pool.filter(([, { protocol }]) => protocol === 'UDP').map(([name]) => name);
    assert.ok(udp.length >= 12);
    for (const name of udp) assert.equal(args.get(`entrypoints.${name.toLowerCase()}.udp.timeout`), '120s', name);
  });

  test('every router generated for listeners of each protocol on pool ports has its entrypoint, with the right protocol', () => {
    // Traefik disables a router whose entrypoint is not declared (reference/traefik.md §12).
    const protocols = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP'];
    const ports = [...new Set(pool.map(([, { port }]) => port))];
    assert.ok(ports.length >= protocols.length);
    const alb = loadBalancer('web', '00000000000000a1');
    const nlb = loadBalancer('net', '00000000000000a2', { type: 'network' });
    const listeners = protocols.map((protocol, i) => listener(protocol.startsWith('HTTP') ? alb : nlb, `l${i}`, ports[i], protocol));
    const group = targetGroup('tg', '00000000000000b1');
    const config = renderTraefikConfig(compileRouteTable(routingState({
      loadBalancers: [alb, nlb], listeners, targetGroups: [group], targets: [target(group, '10.0.0.1', 80, 'healthy')],
      rules: listeners.map((l) => rule(l, 'd', 'default', [], [forward(group)])),
    })), { actionsUrl: 'http://kecs-lb.kecs-system.svc:4566' });
    const used: Array<[string, 'TCP' | 'UDP']> = [
      ...Object.values(config.http?.routers ?? {}).flatMap((router) => router.entryPoints.map((name) => [name, 'TCP'] as [string, 'TCP'])),
      ...Object.values(config.tcp?.routers ?? {}).flatMap((router) => router.entryPoints.map((name) => [name, 'TCP'] as [string, 'TCP'])),
      ...Object.values(config.udp?.routers ?? {}).flatMap((router) => router.entryPoints.map((name) => [name, 'UDP'] as [string, 'UDP'])),
    ];
    // One router per listener, two for TCP_UDP.
    assert.equal(used.length, protocols.length + 1);
    assert.equal(used.filter(([, protocol]) => protocol === 'UDP').length, 2);
    for (const [name, protocol] of used) assert.equal(entryPoints.get(name)?.protocol, protocol, `entrypoint ${name} is declared over ${protocol}`);
  });

  test('the Service keeps client addresses for ClientIP rules (externalTrafficPolicy: Local)', () => {
    assert.equal(service.spec?.externalTrafficPolicy, 'Local');
  });

  test("Traefik's own entrypoint is declared off the pool's ports and serves ping", () => {
    const own = entryPoints.get('traefik');
    assert.ok(own, 'the traefik entrypoint is declared (else Traefik puts it on :8080)');
    assert.ok(!pool.some(([, { port, protocol }]) => port === own.port && protocol === own.protocol));
    assert.equal(args.get('ping'), 'true');
    assert.equal(container.readinessProbe?.httpGet?.path, '/ping');
    assert.equal(resolvePort(container, container.readinessProbe?.httpGet?.port ?? -1)?.containerPort, own.port);
    assert.ok(!(service.spec?.ports ?? []).some((port) => port.name === 'traefik' || port.port === own.port), 'not exposed');
  });

  test("Prometheus metrics are on Traefik's own entrypoint, off the listener pool, and the pod is annotated for them", () => {
    assert.equal(args.get('metrics.prometheus'), 'true');
    const entryPoint = args.get('metrics.prometheus.entrypoint') ?? 'traefik';
    const own = entryPoints.get(entryPoint);
    assert.ok(own, `metrics entrypoint ${entryPoint} is declared`);
    assert.ok(!pool.some(([name]) => name === entryPoint), 'not a listener port');
    for (const labels of ['addentrypointslabels', 'addrouterslabels', 'addserviceslabels']) {
      assert.equal(args.get(`metrics.prometheus.${labels}`), 'true', labels);
    }
    const annotations = traefik.spec?.template?.metadata?.annotations ?? {};
    assert.equal(annotations['prometheus.io/scrape'], 'true');
    assert.equal(Number(annotations['prometheus.io/port']), own.port);
    assert.equal(annotations['prometheus.io/path'], '/metrics');
  });

  test('Traefik publishes the AWS API on :4566 as entrypoint aws', () => {
    assert.deepEqual(entryPoints.get('aws'), { port: 4566, protocol: 'TCP' });
  });

  test('the container declares and the Service exposes exactly the pool and the AWS port, port for port', () => {
    const exposed = new Map((service.spec?.ports ?? []).map((port) => [port.name ?? '', port]));
    const published = [...pool, ['aws', entryPoints.get('aws')!] as const];
    assert.deepEqual([...exposed.keys()].sort(), published.map(([name]) => name).sort());
    for (const [name, { port, protocol }] of published) {
      const declared = resolvePort(container, name);
      assert.ok(declared, `container port ${name}`);
      assert.equal(declared.containerPort, port, `container port ${name}`);
      assert.equal(declared.protocol ?? 'TCP', protocol, `container port ${name} protocol`);
      const servicePort = exposed.get(name);
      assert.ok(servicePort);
      assert.equal(servicePort.port, port, `Service port ${name}`);
      assert.equal(servicePort.protocol ?? 'TCP', protocol, `Service port ${name} protocol`);
      assert.equal(resolvePort(container, servicePort.targetPort ?? servicePort.port), declared, `Service port ${name} target`);
    }
    assert.equal(service.spec?.type, 'LoadBalancer');
  });

  test('the README maps every exposed port through k3d and uses the same image and entrypoint names', () => {
    const readme = readFileSync(new URL('README.md', MANIFESTS), 'utf8');
    const mapped = new Set<string>();
    for (const match of readme.matchAll(/-p "(\d+)(?:-(\d+))?:(\d+)(?:-(\d+))?(\/udp)?@loadbalancer"/g)) {
      const [, from, to = from, target, targetTo = target, udp] = match;
      assert.equal(from, target, 'host ports map to the same cluster ports');
      assert.equal(to, targetTo);
      for (let port = Number(from); port <= Number(to); port++) mapped.add(`${port}/${udp ? 'UDP' : 'TCP'}`);
    }
    for (const port of service.spec?.ports ?? []) {
      assert.ok(mapped.has(`${port.port}/${port.protocol ?? 'TCP'}`), `README's k3d cluster create maps port ${port.port}`);
    }
    assert.ok(readme.includes('docker build -t kecs-lb:dev .'));
    assert.ok(readme.includes('k3d image import kecs-lb:dev'));
    assert.ok(readme.includes('kubectl apply -k manifests/'));
    assert.ok(readme.includes('--disable=traefik'), "k3s's bundled Traefik would hold ports 80 and 443");
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(new URL('Dockerfile', ROOT), 'utf8');
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));

  test('node:20-slim, npm ci from the lockfile, and a CMD that runs gateway/main.ts with tsx', () => {
    assert.deepEqual(lines.filter((line) => line.startsWith('FROM ')), ['FROM node:20-slim']);
    assert.ok(lines.some((line) => /^COPY .*package-lock\.json/.test(line)));
    assert.ok(lines.some((line) => /^RUN npm ci\b/.test(line)));
    const cmd = lines.filter((line) => line.startsWith('CMD '));
    assert.equal(cmd.length, 1);
    const argv = JSON.parse(cmd[0].slice(4)) as string[];
    assert.deepEqual(argv, ['node', '--import', 'tsx', 'gateway/main.ts']);
    assert.ok(existsSync(new URL(argv[3], ROOT)));
    assert.ok(lines.includes('EXPOSE 4566'));
  });

  test('copies every source folder the gateway loads, and .dockerignore keeps them', () => {
    const ignored = readFileSync(new URL('.dockerignore', ROOT), 'utf8').split('\n').map((line) => line.trim());
    for (const folder of ['gateway', 'handlers', 'migrations']) {
      assert.ok(lines.some((line) => new RegExp(`^COPY .*\\b${folder}\\s+\\./${folder}$`).test(line)), `COPY ${folder}`);
      assert.ok(!ignored.includes(folder), `.dockerignore keeps ${folder}`);
    }
    assert.ok(ignored.includes('node_modules'), 'the host node_modules stays out of the build context');
  });
});
