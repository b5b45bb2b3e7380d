import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

// Requests as AWS SDK v3 clients put them on the wire, for checking where Traefik's AWS entrypoint
// sends them. ELBv2 comes from the real client (its request is captured after signing). The ECS,
// S3 and STS clients are not installed here, so those requests are built as their serializers
// shape them (method, path, content type, X-Amz-Target, body) and signed by @smithy/signature-v4
// — the signer every v3 client uses — with the ELBv2 client's own SHA-256, so their Authorization
// headers and presigned queries have the SDK's exact format.

const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const REGION = 'eu-west-1';
const HOST = 'localhost:4566';

/** The SDK's request, signed, captured instead of sent. */
class Captured extends Error {
  constructor(readonly request: HttpRequest) { super('captured'); }
}

function elbv2Client(): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({
    region: REGION,
    endpoint: `http://${HOST}`,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { handle: async (request: HttpRequest) => { throw new Captured(request); } },
  });
}

/** What ELBv2's client sends for DescribeLoadBalancers: a signed query-protocol POST. */
export async function elbv2SignedRequest(): Promise<HttpRequest> {
  try {
    await elbv2Client().send(new DescribeLoadBalancersCommand({}));
  } catch (error) {
    if (error instanceof Captured) return error.request;
    throw error;
  }
  throw new Error('the client sent nothing');
}

function signer(service: string, s3 = false): SignatureV4 {
  return new SignatureV4({
    service,
    region: REGION,
    credentials: CREDENTIALS,
    sha256: elbv2Client().config.sha256,
    // S3 signs the path as sent and the payload hash into x-amz-content-sha256 (S3 client defaults).
    uriEscapePath: !s3,
    applyChecksum: s3,
  });
}

function request(init: { method: string; path: string; headers?: Record<string, string>; query?: Record<string, string>; body?: string }): HttpRequest {
  return new HttpRequest({ protocol: 'http:', hostname: 'localhost', port: 4566, query: {}, ...init, headers: { host: HOST, ...init.headers } });
}

/** A form POST of the query protocol (ELBv2, classic ELB, STS). */
function queryCall(params: Record<string, string>): HttpRequest {
  return request({
    method: 'POST', path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(params).toString(),
  });
}

/** ECS ListClusters (JSON 1.1: X-Amz-Target), signed for `ecs`. */
export async function ecsSignedRequest(): Promise<HttpRequest> {
  return signer('ecs').sign(request({
    method: 'POST', path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' },
    body: '{}',
  })) as Promise<HttpRequest>;
}

/** S3 ListObjectsV2, path-style, signed for `s3`. */
export async function s3SignedRequest(): Promise<HttpRequest> {
  return signer('s3', true).sign(request({ method: 'GET', path: '/my-bucket', query: { 'list-type': '2' } })) as Promise<HttpRequest>;
}

/** An S3 GetObject presigned URL (credential in X-Amz-Credential). */
export async function s3PresignedRequest(): Promise<HttpRequest> {
  return signer('s3', true).presign(request({ method: 'GET', path: '/my-bucket/report.csv' }), { expiresIn: 900 }) as Promise<HttpRequest>;
}

/** STS GetCallerIdentity (query protocol), signed for `sts`. */
export async function stsSignedRequest(): Promise<HttpRequest> {
  return signer('sts').sign(queryCall({ Action: 'GetCallerIdentity', Version: '2011-06-15' })) as Promise<HttpRequest>;
}

/** Classic ELB DescribeLoadBalancers: the same signing name as ELBv2, Version 2012-06-01. */
export async function classicElbSignedRequest(): Promise<HttpRequest> {
  return signer('elasticloadbalancing').sign(queryCall({ Action: 'DescribeLoadBalancers', Version: '2012-06-01' })) as Promise<HttpRequest>;
}

/** An ELBv2 DescribeLoadBalancers presigned as a GET (credential in X-Amz-Credential). */
export async function elbv2PresignedRequest(): Promise<HttpRequest> {
  return signer('elasticloadbalancing').presign(
    request({ method: 'GET', path: '/', query: { Action: 'DescribeLoadBalancers', Version: '2015-12-01' } }),
    { expiresIn: 900 },
  ) as Promise<HttpRequest>;
}

/** Unsigned calls: what curl or a test script sends without credentials. */
export const UNSIGNED = {
  elbv2Form: () => queryCall({ Action: 'DescribeLoadBalancers', Version: '2015-12-01' }),
  elbv2Get: () => request({ method: 'GET', path: '/', query: { Action: 'DescribeLoadBalancers', Version: '2015-12-01' } }),
  /** STS AssumeRoleWithWebIdentity is unsigned by design. */
  stsForm: () => queryCall({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 's', WebIdentityToken: 't' }),
  s3Get: () => request({ method: 'GET', path: '/public-bucket/index.html' }),
  s3Put: () => request({ method: 'PUT', path: '/public-bucket/big.bin', headers: { 'content-type': 'application/octet-stream' } }),
  localstackHealth: () => request({ method: 'GET', path: '/_localstack/health' }),
};
