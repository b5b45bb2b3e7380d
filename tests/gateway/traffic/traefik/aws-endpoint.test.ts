import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { HttpRequest } from '@smithy/protocol-http';
import { readHints } from '../../../../gateway/api/detect.js';
import { compileRouteTable } from '../../../../gateway/traffic/route-table/compile.js';
import { compileRe2 } from '../../../../gateway/traffic/route-table/re2.js';
import { AWS_NAMES, ECS_TARGET_REGEX, ELB_AUTHORIZATION_REGEX, ELB_PRESIGNED_REGEX } from '../../../../gateway/traffic/traefik/aws-endpoint.js';
import { renderTraefikConfig, serializeTraefikConfig, type TraefikOptions } from '../../../../gateway/traffic/traefik/configuration.js';
import type { TraefikConfig } from '../../../../gateway/traffic/traefik/types.js';
import {
  classicElbSignedRequest, ecsSignedRequest, elbv2PresignedRequest, elbv2SignedRequest, s3PresignedRequest, s3SignedRequest,
  stsSignedRequest, UNSIGNED,
} from './aws-signed-requests.js';
import { routingState } from './fixtures.js';
import { REPRESENTATIVE } from './representative-state.js';
import { referenceErrors } from './references.js';
import { pickRouter } from './router-match.js';
import { checkRule } from './rule-syntax.js';
import { validateShape } from './shape.js';

const KECS = 'http://kecs-lb.kecs-system.svc:4566';
const FULL: TraefikOptions = { actionsUrl: KECS, aws: { entryPoint: 'aws', upstreamUrl: 'http://localstack:4566', ecsUrl: 'http://kecs-control-plane:8080/' } };
const render = (options: TraefikOptions, state = routingState({})) => renderTraefikConfig(compileRouteTable(state), options);
const ENTRY_POINTS = /^(elb-\d+|aws)$/;

/** Where each router's service sends requests. */
function destination(config: TraefikConfig, router: string | undefined): string | undefined {
  const service = router === undefined ? undefined : config.http?.services?.[config.http.routers![router].service];
  return service && 'loadBalancer' in service ? service.loadBalancer.servers[0].url : undefined;
}

describe("Traefik as the cluster's AWS endpoint: the generated routers", () => {
  it('match the golden document', async () => {
    const golden = await readFile(new URL('golden/aws-endpoint.json', import.meta.url), 'utf8');
    assert.equal(serializeTraefikConfig(render(FULL)), golden);
  });

  it('pass the strict shape validator and the reference checks, beside a representative set of listeners', () => {
    for (const config of [render(FULL), render(FULL, REPRESENTATIVE), render({ actionsUrl: KECS, aws: { entryPoint: 'aws' } })]) {
      assert.deepEqual(validateShape(JSON.parse(serializeTraefikConfig(config))), []);
      assert.deepEqual(referenceErrors(config, ENTRY_POINTS), []);
      for (const router of Object.values(config.http?.routers ?? {})) checkRule(router.rule);
    }
  });

  it('are left out unless asked for, so the listener-only document is unchanged', async () => {
    const golden = await readFile(new URL('golden/representative.json', import.meta.url), 'utf8');
    assert.equal(serializeTraefikConfig(render({ actionsUrl: 'http://kecs-lb.kecs.svc:4566' }, REPRESENTATIVE)), golden);
    assert.equal(serializeTraefikConfig(render({ actionsUrl: KECS })), '{}\n');
  });

  it('give every router of the entrypoint a distinct explicit priority, the catch-all lowest', () => {
    const routers = Object.entries(render(FULL).http?.routers ?? {}).filter(([, r]) => r.entryPoints.includes('aws'));
    const priorities = routers.map(([, r]) => r.priority);
    assert.equal(new Set(priorities).size, priorities.length);
    assert.ok(priorities.every((p) => Number.isInteger(p) && p > 0));
    assert.equal(Math.min(...priorities), render(FULL).http?.routers?.[AWS_NAMES.rest].priority);
    assert.equal(render(FULL).http?.routers?.[AWS_NAMES.rest].rule, 'PathPrefix(`/`)');
  });

  it('use regexes RE2 compiles, which JavaScript reads the same way on the values they meet', async () => {
    const values = [
      ...(await Promise.all([elbv2SignedRequest(), ecsSignedRequest(), s3SignedRequest(), stsSignedRequest(), classicElbSignedRequest()]))
        .map((r) => r.headers.authorization),
      'AmazonEC2ContainerServiceV20141113.CreateService', 'AmazonEC2ContainerServiceV20141113', 'AWSEvents.PutRule',
      (await elbv2PresignedRequest()).query['X-Amz-Credential'] as string, (await s3PresignedRequest()).query['X-Amz-Credential'] as string,
    ];
    for (const source of [ECS_TARGET_REGEX, ELB_AUTHORIZATION_REGEX, ELB_PRESIGNED_REGEX]) {
      const re2 = compileRe2(source);
      const js = new RegExp(source);
      for (const value of values) assert.equal(re2.test(value), js.test(value), `${source} on ${value}`);
    }
  });
});

describe("Traefik as the cluster's AWS endpoint: real SDK requests land on the right router", () => {
  const config = render(FULL, REPRESENTATIVE);
  const land = (request: HttpRequest) => pickRouter(config, 'aws', request);

  const cases: Array<[string, () => Promise<HttpRequest> | HttpRequest, string, string]> = [
    ['ELBv2 DescribeLoadBalancers (the v3 client, signed)', elbv2SignedRequest, AWS_NAMES.elbv2, KECS],
    ['ELBv2 presigned GET', elbv2PresignedRequest, AWS_NAMES.elbv2Presigned, KECS],
    ['classic ELB (same signing name; kecs-lb forwards it upstream)', classicElbSignedRequest, AWS_NAMES.elbv2, KECS],
    ['ECS ListClusters (signed for ecs, X-Amz-Target)', ecsSignedRequest, AWS_NAMES.ecs, 'http://kecs-control-plane:8080'],
    ['S3 ListObjectsV2 (signed for s3)', s3SignedRequest, AWS_NAMES.rest, 'http://localstack:4566'],
    ['S3 presigned GetObject', s3PresignedRequest, AWS_NAMES.rest, 'http://localstack:4566'],
    ['STS GetCallerIdentity (signed for sts)', stsSignedRequest, AWS_NAMES.rest, 'http://localstack:4566'],
    ['unsigned ELBv2 form POST', UNSIGNED.elbv2Form, AWS_NAMES.unsigned, KECS],
    ['unsigned ELBv2 GET with Action and Version', UNSIGNED.elbv2Get, AWS_NAMES.unsigned, KECS],
    ['unsigned STS AssumeRoleWithWebIdentity (kecs-lb forwards it upstream)', UNSIGNED.stsForm, AWS_NAMES.unsigned, KECS],
    ['unsigned S3 GET of a public object', UNSIGNED.s3Get, AWS_NAMES.rest, 'http://localstack:4566'],
    ['unsigned S3 PUT (any size: it never passes through kecs-lb)', UNSIGNED.s3Put, AWS_NAMES.rest, 'http://localstack:4566'],
    ["LocalStack's own health endpoint", UNSIGNED.localstackHealth, AWS_NAMES.rest, 'http://localstack:4566'],
  ];
  for (const [name, make, router, url] of cases) {
    it(name, async () => {
      const picked = land(await make());
      assert.equal(picked, router);
      assert.equal(destination(config, picked), url);
    });
  }

  it('Traefik sends to kecs-lb exactly the signed calls kecs-lb itself reads as elasticloadbalancing', async () => {
    for (const make of [elbv2SignedRequest, elbv2PresignedRequest, classicElbSignedRequest, ecsSignedRequest, s3SignedRequest, s3PresignedRequest, stsSignedRequest]) {
      const request = await make();
      const toKecs = destination(config, land(request)) === KECS;
      assert.equal(toKecs, readHints(request).signingName === 'elasticloadbalancing', `${request.method} ${request.headers.authorization ?? request.query['X-Amz-Credential']}`);
    }
  });

  it('the listener entrypoints never see these routers, nor the AWS entrypoint the listeners', () => {
    for (const [name, router] of Object.entries(config.http?.routers ?? {})) {
      assert.equal(name.startsWith('kecs-aws-'), router.entryPoints.includes('aws'), name);
    }
  });

  it('without KECS_ECS_URL, ECS takes the catch-all to LocalStack; without KECS_UPSTREAM_URL, the catch-all is kecs-lb', async () => {
    const noEcs = render({ actionsUrl: KECS, aws: { entryPoint: 'aws', upstreamUrl: 'http://localstack:4566' } });
    assert.equal(destination(noEcs, pickRouter(noEcs, 'aws', await ecsSignedRequest())), 'http://localstack:4566');
    const alone = render({ actionsUrl: KECS, aws: { entryPoint: 'aws' } });
    assert.equal(destination(alone, pickRouter(alone, 'aws', await s3SignedRequest())), KECS);
    assert.equal(alone.http?.services?.[AWS_NAMES.upstream], undefined);
  });
});
