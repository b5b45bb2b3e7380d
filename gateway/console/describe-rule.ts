import type { Action, RedirectActionConfig, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';

/** `a, b` with each value quoted as the console shows it; regex values marked with `~`. */
function values(plain: readonly string[] | undefined, regex: readonly string[] | undefined): string {
  return [...(plain ?? []).map((v) => JSON.stringify(v)), ...(regex ?? []).map((v) => `~${JSON.stringify(v)}`)].join(', ');
}

/**
 * One condition in one line, e.g. `path-pattern "/api/*"`, `http-header X-Env "blue"`,
 * `query-string version=2`. A condition may give its values in `Values` (host-header and
 * path-pattern, the older form) or in its `…Config` (API reference, RuleCondition).
 */
export function describeCondition(condition: RuleCondition): string {
  const field = condition.Field ?? '?';
  switch (field) {
    case 'host-header':
      return `${field} ${values(condition.HostHeaderConfig?.Values ?? condition.Values, condition.HostHeaderConfig?.RegexValues)}`;
    case 'path-pattern':
      return `${field} ${values(condition.PathPatternConfig?.Values ?? condition.Values, condition.PathPatternConfig?.RegexValues)}`;
    case 'http-header': {
      const config = condition.HttpHeaderConfig;
      return `${field} ${config?.HttpHeaderName ?? '?'} ${values(config?.Values, config?.RegexValues)}`;
    }
    case 'http-request-method':
      return `${field} ${(condition.HttpRequestMethodConfig?.Values ?? []).join(', ')}`;
    case 'query-string':
      return `${field} ${(condition.QueryStringConfig?.Values ?? []).map((kv) => (kv.Key ? `${kv.Key}=${kv.Value ?? ''}` : kv.Value ?? '')).join(', ')}`;
    case 'source-ip':
      return `${field} ${(condition.SourceIpConfig?.Values ?? []).join(', ')}`;
    default:
      return `${field} ${values(condition.Values, undefined)}`;
  }
}

/**
 * One action in one line, with target groups by name where `groupNames` knows them:
 * `forward tg-a (weight 1), tg-b (weight 3)`, `redirect HTTP_301 https://#{host}:443/#{path}?#{query}`,
 * `fixed-response 503 text/plain`.
 */
export function describeAction(action: Action, groupNames: ReadonlyMap<string, string>): string {
  const name = (arn: string | undefined) => (arn ? groupNames.get(arn) ?? arn : '?');
  switch (action.Type) {
    case 'forward': {
      const groups = action.ForwardConfig?.TargetGroups;
      if (!groups?.length) return `forward ${name(action.TargetGroupArn)}`;
      if (groups.length === 1) return `forward ${name(groups[0].TargetGroupArn)}`;
      return `forward ${groups.map((g) => `${name(g.TargetGroupArn)} (weight ${g.Weight ?? 1})`).join(', ')}`;
    }
    case 'redirect': {
      const c: Partial<RedirectActionConfig> = action.RedirectConfig ?? {};
      const protocol = (c.Protocol ?? '#{protocol}').toLowerCase();
      return `redirect ${c.StatusCode ?? '?'} ${protocol}://${c.Host ?? '#{host}'}:${c.Port ?? '#{port}'}${c.Path ?? '/#{path}'}?${c.Query ?? '#{query}'}`;
    }
    case 'fixed-response': {
      const c = action.FixedResponseConfig;
      return `fixed-response ${c?.StatusCode ?? '?'}${c?.ContentType ? ` ${c.ContentType}` : ''}`;
    }
    default:
      return action.Type ?? '?';
  }
}
