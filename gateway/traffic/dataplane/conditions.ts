import { BlockList, isIP } from 'node:net';
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { parseQuery, queryMatcher } from './query-string.js';
import type { RequestFacts } from './request-facts.js';
import { anyMatches, wildcardRegExp } from './wildcard.js';

export type Matcher = (facts: RequestFacts) => boolean;

/** Legacy `Values` (host-header and path-pattern only) and the `*Config` form are both honoured. */
function valuesOf(condition: RuleCondition, configValues: string[] | undefined): string[] {
  return [...(condition.Values ?? []), ...(configValues ?? [])];
}

function regexesOf(condition: RuleCondition, configRegexes: string[] | undefined, flags: string): RegExp[] {
  return [...(condition.RegexValues ?? []), ...(configRegexes ?? [])].map((source) => new RegExp(source, flags));
}

/**
 * Source IP condition: the CIDRs (IPv4 or IPv6) are tested against the connection's client
 * address ("Source IP address conditions": X-Forwarded-For is not used).
 */
function sourceIpMatcher(cidrs: readonly string[]): Matcher {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (facts) => {
    const family = isIP(facts.sourceIp);
    return family !== 0 && list.check(facts.sourceIp, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** One condition, per "Condition types for listener rules" (ALB user guide). */
function compileCondition(condition: RuleCondition): Matcher {
  switch (condition.Field) {
    case 'host-header': {
      // Host names are case-insensitive.
      const patterns = [
        ...valuesOf(condition, condition.HostHeaderConfig?.Values).map((v) => wildcardRegExp(v, { caseInsensitive: true })),
        ...regexesOf(condition, condition.HostHeaderConfig?.RegexValues, 'i'),
      ];
      return (facts) => anyMatches(patterns, facts.host);
    }
    case 'path-pattern': {
      // Case-sensitive, and applied to the path only, never to the query string.
      const patterns = [
        ...valuesOf(condition, condition.PathPatternConfig?.Values).map((v) => wildcardRegExp(v, { caseInsensitive: false })),
        ...regexesOf(condition, condition.PathPatternConfig?.RegexValues, ''),
      ];
      return (facts) => anyMatches(patterns, facts.path);
    }
    case 'http-header': {
      const config = condition.HttpHeaderConfig;
      if (!config?.HttpHeaderName) throw new Error('http-header condition without HttpHeaderName');
      // The name is case-insensitive; the values too; a repeated header is searched line by line.
      const name = config.HttpHeaderName.toLowerCase();
      const patterns = [
        ...(config.Values ?? []).map((v) => wildcardRegExp(v, { caseInsensitive: true })),
        ...regexesOf(condition, config.RegexValues, ''),
      ];
      return (facts) => (facts.headers[name] ?? []).some((line) => anyMatches(patterns, line));
    }
    case 'http-request-method': {
      // Exact and case-sensitive; no wildcards.
      const methods = new Set(condition.HttpRequestMethodConfig?.Values ?? []);
      return (facts) => methods.has(facts.method);
    }
    case 'query-string': {
      const matches = queryMatcher(condition.QueryStringConfig?.Values ?? []);
      return (facts) => matches(facts.queryPairs ??= parseQuery(facts.rawQuery));
    }
    case 'source-ip':
      return sourceIpMatcher(condition.SourceIpConfig?.Values ?? []);
    default:
      throw new Error(`unknown condition field '${condition.Field}'`);
  }
}

/**
 * Compiles a rule's conditions once per route table: all conditions must hold (AND), and within
 * one condition any value may match (OR). No conditions (the default rule) always matches.
 * Throws for a condition that cannot be compiled (unknown field, malformed CIDR or regex); the
 * table compiler logs it and leaves that rule out.
 */
export function compileConditions(conditions: readonly RuleCondition[]): Matcher {
  const matchers = conditions.map(compileCondition);
  if (matchers.length === 0) return () => true;
  return (facts) => {
    for (const matcher of matchers) if (!matcher(facts)) return false;
    return true;
  };
}
