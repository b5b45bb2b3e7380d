import { boolean, integer, list, map, string, structure, type ValueOf } from '../../../gateway/api/schema.js';
import { arn } from './schemas.js';

// Member schemas of listener and rule operations (API reference, "Data Types": Action,
// RuleCondition, Certificate). Cross-field rules live in actions.ts and conditions.ts.

const authCommon = {
  SessionCookieName: string(),
  Scope: string(),
  SessionTimeout: integer({ min: 1, max: 604800 }),
  AuthenticationRequestExtraParams: map(string({ max: 2048 })),
  OnUnauthenticatedRequest: string({ enum: ['deny', 'allow', 'authenticate'] }),
};

const action = structure({
  Type: string({ required: true, enum: ['forward', 'authenticate-oidc', 'authenticate-cognito', 'redirect', 'fixed-response', 'jwt-validation'] }),
  TargetGroupArn: arn(),
  AuthenticateOidcConfig: structure({
    Issuer: string({ required: true }),
    AuthorizationEndpoint: string({ required: true }),
    TokenEndpoint: string({ required: true }),
    UserInfoEndpoint: string({ required: true }),
    ClientId: string({ required: true }),
    ClientSecret: string(),
    UseExistingClientSecret: boolean(),
    ...authCommon,
  }),
  AuthenticateCognitoConfig: structure({
    UserPoolArn: string({ required: true }),
    UserPoolClientId: string({ required: true }),
    UserPoolDomain: string({ required: true }),
    ...authCommon,
  }),
  Order: integer({ min: 1, max: 50000 }),
  RedirectConfig: structure({
    Protocol: string({ pattern: /^(HTTPS?|#\{protocol\})$/ }),
    Port: string(),
    Host: string({ min: 1, max: 128 }),
    Path: string({ min: 1, max: 128 }),
    Query: string({ max: 128 }),
    StatusCode: string({ required: true, enum: ['HTTP_301', 'HTTP_302'] }),
  }),
  FixedResponseConfig: structure({
    MessageBody: string({ max: 1024 }),
    StatusCode: string({ required: true, pattern: /^(2|4|5)\d\d$/ }),
    ContentType: string({ max: 32, enum: ['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'] }),
  }),
  ForwardConfig: structure({
    TargetGroups: list(structure({ TargetGroupArn: arn(), Weight: integer({ min: 0, max: 999 }) })),
    TargetGroupStickinessConfig: structure({ Enabled: boolean(), DurationSeconds: integer({ min: 1, max: 604800 }) }),
  }),
  JwtValidationConfig: structure({
    JwksEndpoint: string({ required: true }),
    Issuer: string({ required: true }),
    AdditionalClaims: list(structure({
      Format: string({ required: true, enum: ['single-string', 'string-array', 'space-separated-values'] }),
      Name: string({ required: true }),
      Values: list(string(), { required: true }),
    })),
  }),
});

/** An Action as the schema delivers it: its Type is always there. */
export type ActionInput = ValueOf<typeof action>;
export const actionList = <R extends boolean = true>(required?: R) => list(action, { required: required ?? true });

const values = () => list(string());

const condition = structure({
  Field: string({ max: 64 }),
  Values: values(),
  HostHeaderConfig: structure({ Values: values(), RegexValues: values() }),
  PathPatternConfig: structure({ Values: values(), RegexValues: values() }),
  HttpHeaderConfig: structure({ HttpHeaderName: string(), Values: values(), RegexValues: values() }),
  QueryStringConfig: structure({ Values: list(structure({ Key: string(), Value: string() })) }),
  HttpRequestMethodConfig: structure({ Values: values() }),
  SourceIpConfig: structure({ Values: values(), IpAddressType: string({ enum: ['ipv4', 'ipv6'] }) }),
  RegexValues: values(),
});

export const conditionList = <R extends boolean = true>(required?: R) => list(condition, { required: required ?? true });

export const certificateList = () => list(structure({ CertificateArn: string(), IsDefault: boolean() }));

// RewriteConfig API reference: Regex and Replace are at most 1,024 characters. An empty Regex
// would match every request, so it is refused; an empty Replace deletes what matched.
const rewrites = () => structure({
  Rewrites: list(structure({ Regex: string({ required: true, min: 1, max: 1024 }), Replace: string({ required: true, max: 1024 }) })),
});

/** RuleTransform; one host-header and one URL rewrite per rule at most (CreateRule API reference). */
export const transformList = () => list(structure({
  Type: string({ required: true, enum: ['host-header-rewrite', 'url-rewrite'] }),
  HostHeaderRewriteConfig: rewrites(),
  UrlRewriteConfig: rewrites(),
}), { max: 2 });

export const listenerProtocol = () => string({ enum: ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE', 'QUIC', 'TCP_QUIC'] });

export const mutualAuthentication = () => structure({
  Mode: string({ enum: ['off', 'passthrough', 'verify'] }),
  TrustStoreArn: arn(),
  IgnoreClientCertificateExpiry: boolean(),
  AdvertiseTrustStoreCaNames: string({ enum: ['on', 'off'] }),
});
