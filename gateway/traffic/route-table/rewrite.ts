import type { RewriteConfig, RuleTransform } from '@aws-sdk/client-elastic-load-balancing-v2';
import { RE2JS } from 're2js';

// One RewriteConfig (Regex + Replace) of a rule transform, as both data planes apply it. ALB user
// guide, "Transforms for listener rules": the transform "uses a regular expression to match a
// pattern … and then replaces it with a replacement string"; "If there is no pattern match, the
// original request is sent to the target". RewriteConfig API reference: "You can specify capture
// groups in the regular expression (for example, $1 and $2)".
//
// What AWS does not document, and what kecs-lb does:
// - the regex engine: RE2 (the guide lists the Perl features it lacks, as RE2 does), run on re2js
//   as for RegexValues conditions, so Traefik's Go regexp means the same;
// - the replacement syntax beyond `$1`: Go's regexp.Expand (`$n`, `${n}`, `$name`, `${name}`, `$$`
//   for a literal `$`, a `$` that starts no reference kept as is), which is also what Traefik's
//   replacePathRegex runs;
// - every match or the first: the first (leftmost) one only. With the anchored regexes of AWS's
//   examples there is only one.

/** A compiled rewrite: the input with its first match replaced, or undefined when nothing matches. */
export type Rewrite = (input: string) => string | undefined;

/** Letters, digits and `_`: what a Go template reference name is made of (regexp.extract). */
const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/**
 * Go's regexp.Expand of `template` for one match. `group(n)` is the text of group n, undefined
 * when it did not take part or does not exist; `named` maps group names to numbers.
 */
export function expand(template: string, group: (index: number) => string | undefined, named: Record<string, number>): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) break;
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      out += '$';
      i++;
      continue;
    }
    const braced = template[i] === '{';
    let end = braced ? i + 1 : i;
    while (end < template.length) {
      const char = String.fromCodePoint(template.codePointAt(end)!);
      if (!NAME_CHAR.test(char)) break;
      end += char.length;
    }
    const name = template.slice(braced ? i + 1 : i, end);
    if (name === '' || (braced && template[end] !== '}')) {
      // Malformed: Go writes the `$` as raw text and reads on after it.
      out += '$';
      continue;
    }
    i = braced ? end + 1 : end;
    // Decimal without a leading zero, of at most nine digits (Go stops at 1e8 before the next
    // digit), is a group number; anything else a name.
    const index = /^(0|[1-9]\d{0,8})$/.test(name) ? Number(name) : named[name];
    out += (index === undefined ? undefined : group(index)) ?? '';
  }
  return out + template.slice(i);
}

/** Compiles one RewriteConfig; throws when RE2 rejects the regex (the API refuses those). */
export function compileRewrite(config: RewriteConfig): Rewrite {
  const regex = RE2JS.compile(config.Regex ?? '');
  const named = regex.namedGroups();
  const count = regex.groupCount();
  const replace = config.Replace ?? '';
  return (input) => {
    const matcher = regex.matcher(input);
    if (!matcher.find()) return undefined;
    const group = (index: number) => (index <= count ? matcher.group(index) ?? undefined : undefined);
    return input.slice(0, matcher.start()) + expand(replace, group, named) + input.slice(matcher.end());
  };
}

/** A rule's rewrites by kind (one of each at most, one RewriteConfig each: lib/rules.ts). */
export interface RuleRewrites {
  host?: RewriteConfig;
  url?: RewriteConfig;
}

export function rewritesOf(transforms: readonly RuleTransform[]): RuleRewrites {
  const rewrites: RuleRewrites = {};
  for (const transform of transforms) {
    if (transform.Type === 'host-header-rewrite') rewrites.host = transform.HostHeaderRewriteConfig?.Rewrites?.[0];
    else if (transform.Type === 'url-rewrite') rewrites.url = transform.UrlRewriteConfig?.Rewrites?.[0];
  }
  return rewrites;
}
