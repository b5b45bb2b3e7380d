import type { HttpDraft } from './http.js';
import { literal } from './rules.js';

// Traefik as the one AWS endpoint of the cluster (DESIGN §8, seed 002): routers on the entrypoint
// that publishes :4566, generated with the listener routers so one document says where every
// request goes. Traefik sees headers and the query string, never the body, so it routes what the
// headers prove and leaves the rest to whoever can read the body:
//
//   ECS        X-Amz-Target: AmazonEC2ContainerServiceV20141113.*   → the ECS control plane
//   ELBv2      SigV4 scope …/elasticloadbalancing/aws4_request       → kecs-lb
//              (header, or a presigned URL's X-Amz-Credential)
//   unsigned   no credential, and a form body or Version=2015-12-01  → kecs-lb, which reads
//              Action + Version and forwards what is not ELBv2 to LocalStack
//   the rest                                                         → LocalStack, directly
//
// Why "the rest" goes to LocalStack rather than through kecs-lb (which would forward it too):
// kecs-lb reads a body it cannot attribute by headers up to KECS_MAX_BODY_BYTES (413 beyond) and
// answers UnknownService to a request naming no service (an unsigned S3 GET of a public object),
// so S3 uploads and anonymous S3 reads would break; and every LocalStack call would take one
// more hop and depend on kecs-lb being up. Only the unsigned form/query calls — small, and the one
// case where an ELBv2 call carries no header Traefik can see — take the detour.
//
// The regexes are Go RE2 (Traefik compiles them with regexp.Compile) written in the subset that
// JavaScript reads the same way: literals, ASCII classes, counted repeats, anchors, `(?i)`.
// Classic ELB signs with the same scope as ELBv2 and differs only in the body's Version, so it
// reaches kecs-lb too, which forwards it upstream.

/** Where the :4566 routers send each kind of call, and the entrypoint they live on. */
export interface AwsEndpointOptions {
  /** The Traefik entrypoint that publishes the AWS API port (the manifests call it `aws`). */
  entryPoint: string;
  /** kecs-lb itself (the URL Traefik fetched the configuration from). */
  kecsUrl: string;
  /** LocalStack (KECS_UPSTREAM_URL); without it the catch-all goes to kecs-lb, which answers UnsupportedService. */
  upstreamUrl?: string;
  /** The ECS control plane (KECS_ECS_URL); without it ECS calls take the catch-all. */
  ecsUrl?: string;
}

/** `X-Amz-Target` of every ECS operation (JSON 1.1 protocol). */
export const ECS_TARGET_REGEX = '^AmazonEC2ContainerServiceV20141113\\.';

/**
 * The SigV4 credential scope of ELBv2 (and classic ELB) in an `Authorization` header, e.g.
 * `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/elasticloadbalancing/aws4_request, …`.
 * Unanchored and with the same fields as gateway/api/detect.ts reads, so Traefik and kecs-lb agree.
 */
export const ELB_AUTHORIZATION_REGEX = 'Credential=[^/, ]+/[0-9]{8}/[^/, ]+/elasticloadbalancing/aws4_request';

/** The same scope as a presigned URL's `X-Amz-Credential` value (Go decodes the query first). */
export const ELB_PRESIGNED_REGEX = '^[^/]+/[0-9]{8}/[^/]+/elasticloadbalancing/aws4_request$';

/** Router and service names; `kecs-aws-` cannot collide with listener (`<lb>-<id>-<port>`) or group (`tg-`) names. */
export const AWS_NAMES = {
  ecs: 'kecs-aws-ecs',
  elbv2: 'kecs-aws-elbv2',
  elbv2Presigned: 'kecs-aws-elbv2-presigned',
  unsigned: 'kecs-aws-unsigned-query',
  rest: 'kecs-aws-default',
  upstream: 'kecs-aws-upstream',
} as const;

/**
 * Explicit priorities (Traefik tries the highest first and breaks ties in no defined order);
 * only these routers share the entrypoint, so small numbers suffice and the catch-all is last.
 */
export const AWS_PRIORITIES = { ecs: 50, elbv2: 40, elbv2Presigned: 30, unsigned: 20, rest: 1 } as const;

/** `HeaderRegexp(…, `^`)` matches any value, so its negation means "no such header" (matcher.go). */
const UNSIGNED = `!HeaderRegexp(\`Authorization\`, \`^\`) && !QueryRegexp(\`X-Amz-Credential\`, \`^\`)`;
const QUERY_PROTOCOL = `(HeaderRegexp(\`Content-Type\`, \`(?i)^application/x-www-form-urlencoded\`) || QueryRegexp(\`Version\`, \`^2015-12-01$\`))`;

/** A plain HTTP service for an AWS endpoint; the client's Host goes along, since SigV4 signs it. */
function endpointService(url: string) {
  return { loadBalancer: { servers: [{ url: new URL(url).origin }], strategy: 'wrr' as const, passHostHeader: true } };
}

/** Adds the :4566 routers and their services to the HTTP half of the configuration. */
export function addAwsEndpoint(draft: HttpDraft, options: AwsEndpointOptions): void {
  const entryPoints = [options.entryPoint];
  draft.services[AWS_NAMES.elbv2] = endpointService(options.kecsUrl);
  if (options.ecsUrl) {
    draft.services[AWS_NAMES.ecs] = endpointService(options.ecsUrl);
    draft.routers[AWS_NAMES.ecs] = {
      entryPoints, priority: AWS_PRIORITIES.ecs, service: AWS_NAMES.ecs,
      rule: `HeaderRegexp(\`X-Amz-Target\`, ${literal(ECS_TARGET_REGEX)})`,
    };
  }
  draft.routers[AWS_NAMES.elbv2] = {
    entryPoints, priority: AWS_PRIORITIES.elbv2, service: AWS_NAMES.elbv2,
    rule: `HeaderRegexp(\`Authorization\`, ${literal(ELB_AUTHORIZATION_REGEX)})`,
  };
  draft.routers[AWS_NAMES.elbv2Presigned] = {
    entryPoints, priority: AWS_PRIORITIES.elbv2Presigned, service: AWS_NAMES.elbv2,
    rule: `QueryRegexp(\`X-Amz-Credential\`, ${literal(ELB_PRESIGNED_REGEX)})`,
  };
  draft.routers[AWS_NAMES.unsigned] = {
    entryPoints, priority: AWS_PRIORITIES.unsigned, service: AWS_NAMES.elbv2,
    rule: `${UNSIGNED} && ${QUERY_PROTOCOL}`,
  };
  if (options.upstreamUrl) draft.services[AWS_NAMES.upstream] = endpointService(options.upstreamUrl);
  draft.routers[AWS_NAMES.rest] = {
    entryPoints, priority: AWS_PRIORITIES.rest, service: options.upstreamUrl ? AWS_NAMES.upstream : AWS_NAMES.elbv2,
    rule: 'PathPrefix(`/`)',
  };
}
