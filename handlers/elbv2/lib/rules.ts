import type { Action, Rule, RuleCondition, RuleTransform } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Transaction } from 'kysely';
import { validationError } from '../../../gateway/api/errors.js';
import type { Database, Db, RuleRow } from '../../../gateway/database/tables.js';
import { re2Error } from '../../../gateway/traffic/route-table/re2.js';
import { echoActions } from './actions.js';
import { ruleNotFound } from './errors.js';
import { arnLookup } from './lookup.js';

/** ALB quota "Rules per Application Load Balancer (excluding default rules)". */
export const MAX_RULES_PER_LOAD_BALANCER = 100;

/** Rules by ARN, in the order asked; any unknown one is `RuleNotFound`. */
export const { one: getRule, many: getRules } = arnLookup('rules', 'listener-rule', ruleNotFound);

/** The order ALB evaluates rules in: priority ascending, the default rule last. */
export function byPriority(a: RuleRow, b: RuleRow): number {
  return (a.priority ?? Infinity) - (b.priority ?? Infinity);
}

/** The rules of a listener in evaluation order. */
export async function listRulesOf(db: Db, listenerArn: string, options: { forUpdate?: boolean } = {}): Promise<RuleRow[]> {
  const query = db.selectFrom('rules').selectAll().where('listener_arn', '=', listenerArn);
  const rows = await (options.forUpdate ? query.forUpdate() : query).execute();
  return rows.sort(byPriority);
}

/** Non-default rules on all listeners of a load balancer: what the rules quota counts. */
export async function countRulesOf(db: Db, loadBalancerArn: string): Promise<number> {
  const { count } = await db.selectFrom('rules').innerJoin('listeners', 'listeners.arn', 'rules.listener_arn')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('listeners.load_balancer_arn', '=', loadBalancerArn).where('rules.is_default', '=', false)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/**
 * Records which target groups a rule forwards to, replacing what it forwarded to before. Called
 * in the transaction that writes the rule's actions, so the RESTRICT foreign key on target
 * groups always reflects the actions in force.
 */
export async function replaceRuleTargetGroups(trx: Transaction<Database>, ruleArn: string, loadBalancerArn: string, targetGroupArns: readonly string[]): Promise<void> {
  await trx.deleteFrom('rule_target_groups').where('rule_arn', '=', ruleArn).execute();
  if (targetGroupArns.length === 0) return;
  await trx.insertInto('rule_target_groups')
    .values(targetGroupArns.map((arn) => ({ rule_arn: ruleArn, target_group_arn: arn, load_balancer_arn: loadBalancerArn })))
    .execute();
}

/** A row as the API's `Rule`; priorities are strings and the default rule's is "default". */
export function toRule(row: RuleRow): Rule {
  return {
    RuleArn: row.arn,
    Priority: row.is_default ? 'default' : String(row.priority),
    Conditions: row.conditions as RuleCondition[],
    Actions: echoActions(row.actions as Action[]),
    IsDefault: row.is_default,
    Transforms: (row.transforms as RuleTransform[] | null) ?? undefined,
  };
}

const TRANSFORM_CONFIG_OF = { 'host-header-rewrite': 'HostHeaderRewriteConfig', 'url-rewrite': 'UrlRewriteConfig' } as const;

/** `\p{L}`, `\PL`…: an unescaped backslash before p or P. */
const UNICODE_CLASS = /(?:^|[^\\])(?:\\\\)*\\[pP]/;

/**
 * A transform's regex as both data planes run it: RE2 (what Traefik's Go regexp and re2js
 * compile). The guide, "Transforms for listener rules": lookaheads, lookbehinds, back-references,
 * atomic groups, possessive quantifiers, subroutines, recursion and Unicode character classes
 * such as `\p{L}` are not supported — RE2 rejects all but the last, refused here. AWS's own
 * message for an invalid transform regex is not documented; this one says which value failed.
 */
function checkTransformRegex(type: string, regex: string): void {
  if (re2Error(regex) !== undefined || UNICODE_CLASS.test(regex)) {
    throw validationError(`The '${type}' regular expression '${regex}' is not valid`);
  }
}

/**
 * Checks a rule's transforms and returns them as AWS describes them, or null for none. The ALB
 * guide, "Transforms for listener rules": one host header rewrite and one URL rewrite per rule;
 * RuleTransform API reference: each config "Specify only when Type is" its type. One rewrite per
 * transform, as the Terraform provider (one `rewrite` block) and the guide's examples have it.
 * The data planes apply them (gateway/traffic/dataplane/transforms.ts, traefik/transforms.ts).
 */
export function normalizeTransforms(transforms: readonly RuleTransform[]): RuleTransform[] | null {
  const seen = new Set<string>();
  const out = transforms.map((transform): RuleTransform => {
    const type = transform.Type as keyof typeof TRANSFORM_CONFIG_OF;
    if (seen.has(type)) throw validationError(`A rule can only have one '${type}' transform`);
    seen.add(type);
    const key = TRANSFORM_CONFIG_OF[type];
    for (const other of Object.values(TRANSFORM_CONFIG_OF)) {
      if (other !== key && transform[other] !== undefined) throw validationError(`The '${other}' field is not compatible with '${type}'`);
    }
    const rewrites = transform[key]?.Rewrites ?? [];
    if (rewrites.length !== 1) throw validationError(`A '${type}' transform must have exactly one rewrite in '${key}'`);
    checkTransformRegex(type, rewrites[0].Regex!);
    const config = { Rewrites: [{ Regex: rewrites[0].Regex, Replace: rewrites[0].Replace }] };
    return type === 'url-rewrite' ? { Type: type, UrlRewriteConfig: config } : { Type: type, HostHeaderRewriteConfig: config };
  });
  return out.length > 0 ? out : null;
}
