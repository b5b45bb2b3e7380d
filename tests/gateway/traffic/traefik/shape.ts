// A structural validator of Traefik v3 dynamic configuration: the keys and types of
// reference/traefik.md §1.7 (the Go json tags of pkg/config/dynamic), strict like the HTTP
// provider's decoder (an unknown key fails the document). Unlike SchemaStore's schema it accepts
// `servers: []` (how "no routable target" is expressed) and v3.4+ `strategy`.

type Shape =
  | 'string' | 'integer' | 'boolean'
  | { enum: string[] }
  | { array: Shape }
  | { map: Shape }
  | { object: Record<string, Shape>; required?: string[]; exactlyOne?: string[] };

const strings: Shape = { array: 'string' };
const obj = (fields: Record<string, Shape>, required: string[] = [], exactlyOne?: string[]): Shape => ({ object: fields, required, exactlyOne });

const cookie = obj({ name: 'string', secure: 'boolean', httpOnly: 'boolean', sameSite: 'string', maxAge: 'integer', path: 'string', domain: 'string' });
const sticky = obj({ cookie });
const children = { array: obj({ name: 'string', weight: 'integer' }, ['name']) };
const domains = { array: obj({ main: 'string', sans: strings }) };
const httpHealthCheck = obj({
  scheme: 'string', mode: { enum: ['http', 'grpc'] }, path: 'string', method: 'string', status: 'integer', port: 'integer', interval: 'string',
  unhealthyInterval: 'string', timeout: 'string', hostname: 'string', followRedirects: 'boolean', headers: { map: 'string' },
});

const httpService = obj({
  middlewares: strings,
  loadBalancer: obj({
    servers: { array: obj({ url: 'string', weight: 'integer', preservePath: 'boolean' }, ['url']) },
    strategy: { enum: ['wrr', 'p2c', 'hrw', 'leasttime'] },
    sticky,
    healthCheck: httpHealthCheck,
    passiveHealthCheck: obj({ failureWindow: 'string', maxFailedAttempts: 'integer' }),
    passHostHeader: 'boolean',
    responseForwarding: obj({ flushInterval: 'string' }),
    serversTransport: 'string',
  }, ['servers']),
  weighted: obj({ services: children, sticky, healthCheck: obj({}) }, ['services']),
  highestRandomWeight: obj({ services: children, healthCheck: obj({}) }, ['services']),
  failover: obj({ service: 'string', fallback: 'string', healthCheck: obj({}), errors: obj({ status: strings, maxRequestBodyBytes: 'integer' }) }, ['service', 'fallback']),
  mirroring: obj({ service: 'string', mirrorBody: 'boolean', maxBodySize: 'integer', mirrors: { array: obj({ name: 'string', percent: 'integer' }, ['name']) } }, ['service']),
}, [], ['loadBalancer', 'weighted', 'highestRandomWeight', 'failover', 'mirroring']);

const httpMiddleware = obj({
  redirectRegex: obj({ regex: 'string', replacement: 'string', permanent: 'boolean' }, ['regex', 'replacement']),
  redirectScheme: obj({ scheme: 'string', port: 'string', permanent: 'boolean' }),
  replacePath: obj({ path: 'string' }, ['path']),
  replacePathRegex: obj({ regex: 'string', replacement: 'string' }, ['regex', 'replacement']),
  stripPrefix: obj({ prefixes: strings }, ['prefixes']),
  headers: obj({ customRequestHeaders: { map: 'string' }, customResponseHeaders: { map: 'string' } }),
  errors: obj({ status: strings, statusRewrites: { map: 'integer' }, service: 'string', query: 'string' }, ['status', 'service']),
}, [], ['redirectRegex', 'redirectScheme', 'replacePath', 'replacePathRegex', 'stripPrefix', 'headers', 'errors']);

const tcpTls = obj({ passthrough: 'boolean', options: 'string', certResolver: 'string', domains });
const tcpHealthCheck = obj({ port: 'integer', send: 'string', expect: 'string', interval: 'string', unhealthyInterval: 'string', timeout: 'string' });

/** The whole document. */
export const DYNAMIC_CONFIGURATION: Shape = obj({
  http: obj({
    routers: { map: obj({
      entryPoints: strings, rule: 'string', priority: 'integer', service: 'string', middlewares: strings,
      tls: obj({ options: 'string', certResolver: 'string', domains }),
      observability: obj({ accessLogs: 'boolean', metrics: 'boolean', tracing: 'boolean' }),
      ruleSyntax: 'string',
    }, ['rule', 'service']) },
    services: { map: httpService },
    middlewares: { map: httpMiddleware },
    serversTransports: { map: obj({
      serverName: 'string', insecureSkipVerify: 'boolean', rootCAs: strings, maxIdleConnsPerHost: 'integer', disableHTTP2: 'boolean',
      forwardingTimeouts: obj({ dialTimeout: 'string', responseHeaderTimeout: 'string', idleConnTimeout: 'string' }),
    }) },
  }),
  tcp: obj({
    routers: { map: obj({ entryPoints: strings, rule: 'string', priority: 'integer', service: 'string', middlewares: strings, tls: tcpTls }, ['rule', 'service']) },
    services: { map: obj({
      loadBalancer: obj({ servers: { array: obj({ address: 'string', tls: 'boolean' }, ['address']) }, serversTransport: 'string', healthCheck: tcpHealthCheck }, ['servers']),
      weighted: obj({ services: children, healthCheck: obj({}) }, ['services']),
    }, [], ['loadBalancer', 'weighted']) },
    middlewares: { map: obj({ ipAllowList: obj({ sourceRange: strings }), inFlightConn: obj({ amount: 'integer' }) }, [], ['ipAllowList', 'inFlightConn']) },
    serversTransports: { map: obj({
      dialTimeout: 'string', dialKeepAlive: 'string', terminationDelay: 'string', proxyProtocol: obj({ version: 'integer' }),
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
});

/** Every structural error of `value` against `shape`, as `path: message`. */
export function validateShape(value: unknown, shape: Shape = DYNAMIC_CONFIGURATION, path = '$'): string[] {
  if (shape === 'string') return typeof value === 'string' ? [] : [`${path}: expected a string`];
  if (shape === 'integer') return Number.isInteger(value) ? [] : [`${path}: expected an integer`];
  if (shape === 'boolean') return typeof value === 'boolean' ? [] : [`${path}: expected a boolean`];
  if ('enum' in shape) return shape.enum.includes(value as string) ? [] : [`${path}: expected one of ${shape.enum.join(', ')}`];
  if ('array' in shape) {
    if (!Array.isArray(value)) return [`${path}: expected an array`];
    return value.flatMap((item, index) => validateShape(item, shape.array, `${path}[${index}]`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected an object`];
  const entries = Object.entries(value);
  if ('map' in shape) return entries.flatMap(([key, item]) => validateShape(item, shape.map, `${path}.${key}`));
  const errors = entries.flatMap(([key, item]) => (shape.object[key] === undefined
    ? [`${path}.${key}: unknown key`]
    : validateShape(item, shape.object[key], `${path}.${key}`)));
  for (const key of shape.required ?? []) if (!(key in value)) errors.push(`${path}.${key}: required`);
  if (shape.exactlyOne && shape.exactlyOne.filter((key) => key in value).length !== 1) {
    errors.push(`${path}: exactly one of ${shape.exactlyOne.join(', ')} expected`);
  }
  return errors;
}
