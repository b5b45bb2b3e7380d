import { compileRe2 } from '../../../../gateway/traffic/route-table/re2.js';
import { checkRule } from './rule-syntax.js';

// A model of how Traefik v3.7's HTTP provider decodes a dynamic configuration document: the keys
// and types of reference/traefik.md §1.7 (pkg/config/dynamic), decoded as github.com/traefik/
// paerser's file decoder does (file/raw_node.go, parser/nodes_metadata.go, parser/element_fill.go):
//
// - Only the root keys http, tcp, udp and tls are read; any other root key is ignored.
// - Keys match field names case-insensitively; a `null` value is skipped as if absent.
// - One unknown key below the root, or a value that does not convert to its field's type, fails
//   the whole document: Traefik logs the error and keeps the previous configuration.
// - Scalars are read as text and converted: `"5"` is a valid priority, `1.5` is not, `5` is a
//   valid string; `"1"`/`"t"`/`"TRUE"` are booleans; durations are seconds or Go durations.
// - An object without keys (`healthCheck: {}`, `routers: {}`) fails the document ("cannot be a
//   standalone element") unless its field is tagged `file:"allowEmpty"` (HTTP and TCP router
//   `tls`, `sticky`, `sticky.cookie`, and the health checks of weighted, failover, mirroring and
//   HRW services).
// - A list field given a plain string fails ("the value must be a list").
//
// Decoding does not check required fields, that a service has exactly one kind, or rules and
// regexes: Traefik reports those per router, service or middleware (that one is left out, the
// rest applies), so they are a separate class of error here. Rules are parsed and their regexes
// compiled with RE2 (rule-syntax.ts), as Traefik's Go regexp would. Unlike SchemaStore's schema,
// `servers: []` (how "no routable target" is expressed) and v3.4+ `strategy` are accepted.

/** `rule` and `regex` are strings Traefik then parses: a Traefik rule, a Go regexp. */
type Scalar = 'string' | 'rule' | 'regex' | 'integer' | 'boolean' | 'duration' | { enum: string[] };

type Shape =
  | Scalar
  | { array: Shape }
  | { map: Shape }
  | { object: Record<string, Shape>; required?: string[]; exactlyOne?: string[]; allowEmpty?: boolean };

const obj = (fields: Record<string, Shape>, required: string[] = [], exactlyOne?: string[]): Shape => ({ object: fields, required, exactlyOne });
/** A field tagged `file:"allowEmpty"`: `{}` enables it with defaults. */
const allowEmpty = (shape: Shape): Shape => ({ ...(shape as { object: Record<string, Shape> }), allowEmpty: true });

const strings: Shape = { array: 'string' };

const cookie = obj({ name: 'string', secure: 'boolean', httpOnly: 'boolean', sameSite: 'string', maxAge: 'integer', path: 'string', domain: 'string' });
const sticky = allowEmpty(obj({ cookie: allowEmpty(cookie) }));
const children = { array: obj({ name: 'string', weight: 'integer' }, ['name']) };
const domains = { array: obj({ main: 'string', sans: strings }) };
const httpHealthCheck = obj({
  scheme: 'string', mode: { enum: ['http', 'grpc'] }, path: 'string', method: 'string', status: 'integer', port: 'integer', interval: 'duration',
  unhealthyInterval: 'duration', timeout: 'duration', hostname: 'string', followRedirects: 'boolean', headers: { map: 'string' },
});

const httpService = obj({
  middlewares: strings,
  loadBalancer: obj({
    servers: { array: obj({ url: 'string', weight: 'integer', preservePath: 'boolean' }, ['url']) },
    strategy: { enum: ['wrr', 'p2c', 'hrw', 'leasttime'] },
    sticky,
    healthCheck: httpHealthCheck,
    passiveHealthCheck: obj({ failureWindow: 'duration', maxFailedAttempts: 'integer' }),
    passHostHeader: 'boolean',
    responseForwarding: obj({ flushInterval: 'duration' }),
    serversTransport: 'string',
  }, ['servers']),
  weighted: obj({ services: children, sticky, healthCheck: allowEmpty(obj({})) }, ['services']),
  highestRandomWeight: obj({ services: children, healthCheck: allowEmpty(obj({})) }, ['services']),
  failover: obj({ service: 'string', fallback: 'string', healthCheck: allowEmpty(obj({})), errors: obj({ status: strings, maxRequestBodyBytes: 'integer' }) }, ['service', 'fallback']),
  mirroring: obj({ service: 'string', mirrorBody: 'boolean', maxBodySize: 'integer', healthCheck: allowEmpty(obj({})), mirrors: { array: obj({ name: 'string', percent: 'integer' }, ['name']) } }, ['service']),
}, [], ['loadBalancer', 'weighted', 'highestRandomWeight', 'failover', 'mirroring']);

const httpMiddleware = obj({
  redirectRegex: obj({ regex: 'regex', replacement: 'string', permanent: 'boolean' }, ['regex', 'replacement']),
  redirectScheme: obj({ scheme: 'string', port: 'string', permanent: 'boolean' }),
  replacePath: obj({ path: 'string' }, ['path']),
  replacePathRegex: obj({ regex: 'regex', replacement: 'string' }, ['regex', 'replacement']),
  stripPrefix: obj({ prefixes: strings }, ['prefixes']),
  headers: obj({ customRequestHeaders: { map: 'string' }, customResponseHeaders: { map: 'string' } }),
  errors: obj({ status: strings, statusRewrites: { map: 'integer' }, service: 'string', query: 'string' }, ['status', 'service']),
}, [], ['redirectRegex', 'redirectScheme', 'replacePath', 'replacePathRegex', 'stripPrefix', 'headers', 'errors']);

const tcpTls = allowEmpty(obj({ passthrough: 'boolean', options: 'string', certResolver: 'string', domains }));
const tcpHealthCheck = obj({ port: 'integer', send: 'string', expect: 'string', interval: 'duration', unhealthyInterval: 'duration', timeout: 'duration' });

/** The sections Traefik reads (the root's other keys are ignored). */
const DYNAMIC_CONFIGURATION = obj({
  http: obj({
    routers: { map: obj({
      entryPoints: strings, rule: 'rule', priority: 'integer', service: 'string', middlewares: strings,
      tls: allowEmpty(obj({ options: 'string', certResolver: 'string', domains })),
      observability: obj({ accessLogs: 'boolean', metrics: 'boolean', tracing: 'boolean' }),
      ruleSyntax: 'string',
    }, ['rule', 'service']) },
    services: { map: httpService },
    middlewares: { map: httpMiddleware },
    serversTransports: { map: obj({
      serverName: 'string', insecureSkipVerify: 'boolean', rootCAs: strings, maxIdleConnsPerHost: 'integer', disableHTTP2: 'boolean',
      forwardingTimeouts: obj({ dialTimeout: 'duration', responseHeaderTimeout: 'duration', idleConnTimeout: 'duration' }),
    }) },
  }),
  tcp: obj({
    routers: { map: obj({ entryPoints: strings, rule: 'rule', priority: 'integer', service: 'string', middlewares: strings, tls: tcpTls }, ['rule', 'service']) },
    services: { map: obj({
      loadBalancer: obj({ servers: { array: obj({ address: 'string', tls: 'boolean' }, ['address']) }, serversTransport: 'string', healthCheck: tcpHealthCheck }, ['servers']),
      weighted: obj({ services: children, healthCheck: allowEmpty(obj({})) }, ['services']),
    }, [], ['loadBalancer', 'weighted']) },
    middlewares: { map: obj({ ipAllowList: obj({ sourceRange: strings }), inFlightConn: obj({ amount: 'integer' }) }, [], ['ipAllowList', 'inFlightConn']) },
    serversTransports: { map: obj({
      dialTimeout: 'duration', dialKeepAlive: 'duration', terminationDelay: 'duration', proxyProtocol: obj({ version: 'integer' }),
      tls: obj({ serverName: 'string', insecureSkipVerify: 'boolean', rootCAs: strings, peerCertURI: 'string' }),
    }) },
  }),
  udp: obj({
    routers: { map: obj({ entryPoints: strings, service: 'string' }, ['service']) },
    services: { map: obj({
      loadBalancer: obj({ servers: { array: obj({ address: 'string' }, ['address']) } }, ['servers']),
      weighted: obj({ services: children }, ['services']),
    }, [], ['loadBalancer', 'weighted']) },
  }),
  tls: obj({
    certificates: { array: obj({ certFile: 'string', keyFile: 'string', stores: strings }) },
    options: { map: obj({
      minVersion: 'string', maxVersion: 'string', cipherSuites: strings, curvePreferences: strings, sniStrict: 'boolean',
      alpnProtocols: strings, disableSessionTickets: 'boolean', clientAuth: obj({ caFiles: strings, clientAuthType: 'string' }),
    }) },
    stores: { map: obj({ defaultCertificate: obj({ certFile: 'string', keyFile: 'string' }), defaultGeneratedCert: obj({ resolver: 'string', domain: obj({ main: 'string', sans: strings }) }) }) },
  }),
});

/** What Traefik makes of a document. */
export interface DecodeReport {
  /** Errors that fail the whole document: the previous configuration stays in force. */
  rejected: string[];
  /** Routers or services Traefik refuses one by one (the rest of the document applies). */
  objects: string[];
  /** Accepted only through conversion or defaults (`"5"` for 5, a scalar read as an empty list…). */
  loose: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScalar = (value: unknown) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const scalarShape = (shape: Shape): shape is Scalar => typeof shape === 'string' || 'enum' in shape;
/** The keys the decoder sees: `null` values are skipped. */
const present = (value: Record<string, unknown>) => Object.entries(value).filter(([, item]) => item !== null);
/** Go's strconv.ParseBool. */
const BOOLEANS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);
/** Go's time.ParseDuration. */
const DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;
const INTEGER = /^[-+]?\d+$/;

/** Why Traefik refuses a rule or regex, or undefined. */
function parseError(type: 'rule' | 'regex', text: string): string | undefined {
  try {
    if (type === 'rule') checkRule(text);
    else compileRe2(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function scalar(value: unknown, shape: Scalar, path: string, report: DecodeReport): void {
  const type = typeof shape !== 'string' || shape === 'rule' || shape === 'regex' ? 'string' : shape;
  if (isObject(value)) {
    if (present(value).length > 0) report.rejected.push(`${path}: expected a ${type}`);
    else report.loose.push(`${path}: {} read as an empty ${type}`);
    return;
  }
  if (Array.isArray(value)) {
    if (type !== 'string' || value.some((item) => !isScalar(item))) report.rejected.push(`${path}: expected a ${type}`);
    else report.loose.push(`${path}: a list read as one string`);
    return;
  }
  const text = String(value);
  switch (type) {
    case 'string':
      if (typeof value !== 'string') report.loose.push(`${path}: ${text} read as a string`);
      break;
    case 'integer':
      if (typeof value === 'number' ? !Number.isSafeInteger(value) : !INTEGER.test(text) || typeof value === 'boolean') report.rejected.push(`${path}: expected an integer`);
      else if (typeof value !== 'number') report.loose.push(`${path}: '${text}' read as an integer`);
      break;
    case 'boolean':
      if (!BOOLEANS.has(text)) report.rejected.push(`${path}: expected a boolean`);
      else if (typeof value !== 'boolean') report.loose.push(`${path}: '${text}' read as a boolean`);
      break;
    case 'duration':
      if (typeof value === 'boolean' || !(INTEGER.test(text) || DURATION.test(text))) report.rejected.push(`${path}: expected a duration`);
      break;
  }
  if (typeof shape !== 'string' && !shape.enum.includes(text)) report.objects.push(`${path}: expected one of ${shape.enum.join(', ')}`);
  const refused = (shape === 'rule' || shape === 'regex') ? parseError(shape, text) : undefined;
  if (refused !== undefined) report.objects.push(`${path}: ${refused}`);
}

function array(value: unknown, shape: { array: Shape }, path: string, report: DecodeReport): void {
  const structs = !scalarShape(shape.array);
  if (!Array.isArray(value)) {
    if (isScalar(value) && !structs) report.rejected.push(`${path}: the value must be a list`);
    else report.loose.push(`${path}: not a list, read as ${structs && isScalar(value) ? 'an empty list' : 'a list'}`);
    return;
  }
  value.forEach((item, index) => {
    const at = `${path}[${index}]`;
    if (item === null || Array.isArray(item)) report.rejected.push(`${at}: unsupported list item`);
    else if (!structs) scalar(item, shape.array as Scalar, at, report);
    else if (isObject(item)) fields(item, shape.array as Extract<Shape, { object: unknown }>, at, report);
    else report.loose.push(`${at}: not an object, ignored`);
  });
}

/** A struct's keys: matched case-insensitively, an unknown one fails the document. */
function fields(value: Record<string, unknown>, shape: Extract<Shape, { object: unknown }>, path: string, report: DecodeReport): void {
  const seen = new Set<string>();
  for (const [key, item] of present(value)) {
    const field = Object.keys(shape.object).find((name) => name.toLowerCase() === key.toLowerCase());
    if (field === undefined) {
      report.rejected.push(`${path}.${key}: unknown key`);
      continue;
    }
    seen.add(field);
    walk(item, shape.object[field], `${path}.${key}`, report);
  }
  for (const key of shape.required ?? []) if (!seen.has(key)) report.objects.push(`${path}.${key}: required`);
  if (shape.exactlyOne && shape.exactlyOne.filter((key) => seen.has(key)).length !== 1) {
    report.objects.push(`${path}: exactly one of ${shape.exactlyOne.join(', ')} expected`);
  }
}

/** A field's value (never null: the caller skips those). */
function walk(value: unknown, shape: Shape, path: string, report: DecodeReport): void {
  if (scalarShape(shape)) return scalar(value, shape, path, report);
  if ('array' in shape) return array(value, shape, path, report);
  const canBeEmpty = 'object' in shape && shape.allowEmpty === true;
  if (!isObject(value)) {
    if (isScalar(value) && canBeEmpty) report.loose.push(`${path}: ${String(value)} read as an empty object`);
    else report.rejected.push(`${path}: expected an object`);
    return;
  }
  const entries = present(value);
  if (entries.length === 0) {
    if (!canBeEmpty) report.rejected.push(`${path}: cannot be an empty object`);
    return;
  }
  if ('object' in shape) return fields(value, shape, path, report);
  // A map's entries: names are free; a struct entry that is not an object decodes as an empty one.
  for (const [key, item] of entries) {
    const at = `${path}.${key}`;
    if (scalarShape(shape.map) || 'array' in shape.map) walk(item, shape.map, at, report);
    else if (Array.isArray(item)) report.rejected.push(`${at}: expected an object`);
    else fields(isObject(item) ? item : {}, shape.map as Extract<Shape, { object: unknown }>, at, report);
    if (isScalar(item) && !scalarShape(shape.map)) report.loose.push(`${at}: ${String(item)} read as an empty object`);
  }
}

/** Decodes `document` (parsed JSON) as Traefik's HTTP provider would. */
export function decodeDynamicConfiguration(document: unknown): DecodeReport {
  const report: DecodeReport = { rejected: [], objects: [], loose: [] };
  if (!isObject(document)) {
    report.rejected.push('$: expected an object');
    return report;
  }
  const sections = DYNAMIC_CONFIGURATION as Extract<Shape, { object: unknown }>;
  for (const [key, item] of present(document)) {
    const section = Object.keys(sections.object).find((name) => name.toLowerCase() === key.toLowerCase());
    if (section !== undefined) walk(item, sections.object[section], `$.${key}`, report);
  }
  return report;
}

/** Everything short of a clean decode: what kecs-lb generates must have none of it. */
export function validateShape(document: unknown): string[] {
  const { rejected, objects, loose } = decodeDynamicConfiguration(document);
  return [...rejected, ...objects, ...loose];
}
