import { BlockList, isIP } from 'node:net';
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { headerPatterns, hostPatterns, pathPatterns } from '../route-table/condition-patterns.js';
import { parseQuery, queryMatcher } from './query-string.js';
import type { RequestFacts } from './request-facts.js';
import { anyMatches, compilePattern } from './patterns.js';

export type Matcher = (facts: RequestFacts) => boolean;

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
      const patterns = hostPatterns(condition).map(compilePattern);
      return (facts) => anyMatches(patterns, facts.host);
    }
    case 'path-pattern': {
      // Case-sensitive, and applied to the path only, never to the query string.
      const patterns = pathPatterns(condition).map(compilePattern);
      return (facts) => anyMatches(patterns, facts.path);
    }
    case 'http-header': {
      const config = condition.HttpHeaderConfig;
      if (!config?.HttpHeaderName) throw new Error('http-header condition without HttpHeaderName');
      // The name is case-insensitive, wildcard values too (regexes as written); a repeated header is
      // searched line by line.
      const name = config.HttpHeaderName.toLowerCase();
      const patterns = headerPatterns(condition).map(compilePattern);
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
 * Throws for a condition that cannot be compiled (unknown field, malformed CIDR, a regex RE2
 * rejects — the API refuses those, so only rows written around it); the
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
