import { isIP } from 'node:net';
import type { QueryStringKeyValuePair } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import { re2Error } from '../../../gateway/traffic/route-table/re2.js';

// Value checks per condition field, worded like ELBv2's answers. Character sets and lengths:
// ALB guide, "Condition types for listener rules" (rule-condition-types.html).

const MAX_VALUE = 128;

export function requireValues<T>(values: readonly T[] | undefined, field: string): readonly T[] {
  if (!values || values.length === 0) throw validationError(field === 'source-ip' ? "A 'source-ip' value must be specified" : 'A condition value must be specified');
  return values;
}

function checkLength(field: string, value: string, max = MAX_VALUE): void {
  if (value.length === 0) throw validationError('A condition value must be specified');
  if (value.length > max) throw validationError(`The '${field}' value is too long; the limit is '${max}'`);
}

/** Host names: A-Z a-z 0-9 - . and the wildcards; at least one '.', only letters (or wildcards) after the last. */
export function checkHost(value: string): void {
  checkLength('host-header', value);
  if (!/^[A-Za-z0-9.*?-]+$/.test(value) || !/\.[A-Za-z*?]+$/.test(value)) {
    throw validationError(`The 'host-header' value '${value}' is not valid: use A-Z, a-z, 0-9, '-', '.', '*' and '?', with at least one '.' and only letters after the last '.'`);
  }
}

/** Path patterns: A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards. */
export function checkPath(value: string): void {
  checkLength('path-pattern', value);
  if (!/^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/.test(value)) {
    throw validationError(`The 'path-pattern' value '${value}' is not valid: use A-Z, a-z, 0-9, the characters _ - . $ / ~ " ' @ : + & and the wildcards * and ?`);
  }
}

/** Header names are RFC 7230 tokens of at most 40 characters; values up to 128 with wildcards. */
export function checkHeader(name: string | undefined, values: readonly string[]): void {
  if (!name) throw validationError("An 'HttpHeaderName' must be specified in 'HttpHeaderConfig'");
  if (name.length > 40) throw validationError("The 'HttpHeaderName' value is too long; the limit is '40'");
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw validationError(`The 'HttpHeaderName' value '${name}' is not a valid HTTP header name`);
  for (const value of values) checkLength('http-header', value);
}

export function checkMethod(value: string): void {
  checkLength('http-request-method', value, 40);
  if (!/^[A-Z_-]+$/.test(value)) throw validationError("The 'http-request-method' value is invalid; the allowed characters are A-Z, hyphen and underscore");
}

export function checkQueryPair(pair: QueryStringKeyValuePair): void {
  if (pair.Value === undefined) throw validationError("A 'Value' must be specified in 'QueryStringKeyValuePair'");
  if (pair.Key !== undefined && pair.Key.length > MAX_VALUE) throw validationError(`The 'Key' value is too long; the limit is '${MAX_VALUE}'`);
  if (pair.Value.length === 0) throw validationError('A condition value must be specified');
  if (pair.Value.length > MAX_VALUE) throw validationError(`The 'Value' value is too long; the limit is '${MAX_VALUE}'`);
}

/** Source addresses are IPv4 or IPv6 CIDR blocks; wildcards are not supported. */
export function checkCidr(value: string): void {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  const family = match ? isIP(match[1]) : 0;
  if (!match || family === 0 || Number(match[2]) > (family === 4 ? 32 : 128)) {
    throw validationError(`The 'source-ip' value '${value}' is not a valid CIDR block`);
  }
}

/** Unescaped `*` and `?` in a value: what the quota "Condition wildcards per rule" counts. */
export function wildcardsIn(value: string): number {
  return (value.replace(/\\./g, '').match(/[*?]/g) ?? []).length;
}

/**
 * Regular expressions (RegexValues of host-header, path-pattern and http-header): at most 128
 * characters and RE2 syntax — what Traefik's Go regexp compiles and what the embedded data plane
 * runs (re2js). JavaScript's parser would let through `\u00e9`, `[^]`, `\cA`, lookarounds and
 * back-references, which Go rejects, and Traefik would then drop the router without a word.
 * AWS's own message for an invalid regex is not documented; this one says which value failed.
 */
export function checkRegex(field: string, value: string): void {
  checkLength(field, value);
  if (re2Error(value) !== undefined) throw validationError(`The '${field}' regular expression '${value}' is not valid`);
}
