import { isDeepStrictEqual } from 'node:util';
import type { Action, CreateListenerInput, CreateListenerOutput, Listener } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Transaction } from 'kysely';
import { changeRouting } from '../../gateway/database/routing-version.js';
import type { Database, ListenerRow } from '../../gateway/database/tables.js';
import { type InputOf, integer, list, string } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { checkActionTargetGroups } from './lib/action-target-groups.js';
import { normalizeActions } from './lib/actions.js';
import { listenerArn, newId, ruleArn, type LoadBalancerType } from './lib/arn.js';
import { defaultAttributes } from './lib/attributes.js';
import { duplicateListener, tooManyListeners } from './lib/errors.js';
import { listenerAttributeSpecs } from './lib/listener-attributes.js';
import { checkListenerPort } from './lib/listener-port.js';
import { checkListenerSettings, type ListenerColumns } from './lib/listener-settings.js';
import { columnsOf, columnValues, defaultRulesOf, findListenerOnPort, MAX_LISTENERS_PER_LOAD_BALANCER, toListener } from './lib/listeners.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { isPgError, UNIQUE_VIOLATION } from './lib/pg-errors.js';
import { replaceRuleTargetGroups } from './lib/rules.js';
import { actionList, certificateList, listenerProtocol, mutualAuthentication } from './lib/rule-schemas.js';
import { arn, tagList } from './lib/schemas.js';
import { putTags } from './lib/tags.js';
import { associateTrustStore } from './lib/trust-store-associations.js';

export const input = {
  LoadBalancerArn: arn(true),
  Protocol: listenerProtocol(),
  Port: integer({ min: 1, max: 65535 }),
  SslPolicy: string(),
  Certificates: certificateList(),
  DefaultActions: actionList(),
  AlpnPolicy: list(string()),
  Tags: tagList(),
  MutualAuthentication: mutualAuthentication(),
};

const canonical = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/**
 * CreateListener API reference: "If you attempt to create multiple listeners with the same
 * settings, each call succeeds" — the same port with other settings is `DuplicateListener`.
 */
async function idempotent(trx: Transaction<Database>, existing: ListenerRow, columns: ListenerColumns, actions: Action[]): Promise<Listener> {
  const defaultRule = (await defaultRulesOf(trx, [existing.arn])).get(existing.arn)!;
  if (!isDeepStrictEqual(canonical(columnsOf(existing)), canonical(columns)) || !isDeepStrictEqual(defaultRule.actions, canonical(actions))) {
    throw duplicateListener();
  }
  return toListener(existing, defaultRule);
}

/** Creates a listener and, in the same transaction, its default rule (which holds the default actions). */
export async function handler(req: InputOf<typeof input, CreateListenerInput>, ctx: Context): Promise<CreateListenerOutput> {
  const lbArn = req.LoadBalancerArn;
  const type = (await getLoadBalancer(ctx.db, ctx, lbArn)).type as LoadBalancerType;
  const columns = checkListenerSettings(type, req);
  checkListenerPort(ctx.config, columns.port);
  const actions = normalizeActions(req.DefaultActions, { lbType: type, protocol: columns.protocol });
  // An idempotent repeat writes nothing, so only a created listener bumps the routing version.
  const create = () => changeRouting(ctx.db, async (trx) => {
    // Locking the load balancer serialises its listener creates, so the quota cannot be raced past.
    const lb = await getLoadBalancer(trx, ctx, lbArn, { forUpdate: true });
    const existing = columns.port === null ? undefined : await findListenerOnPort(trx, lbArn, columns.port);
    if (existing) return { listener: await idempotent(trx, existing, columns, actions), created: false };
    const { count } = await trx.selectFrom('listeners').select((eb) => eb.fn.countAll<string>().as('count'))
      .where('load_balancer_arn', '=', lbArn).executeTakeFirstOrThrow();
    if (Number(count) >= MAX_LISTENERS_PER_LOAD_BALANCER) throw tooManyListeners(MAX_LISTENERS_PER_LOAD_BALANCER);
    const targetGroups = await checkActionTargetGroups(trx, ctx, lb, columns.protocol, actions);
    const arn = listenerArn(lbArn, newId());
    const row = await trx.insertInto('listeners').values({
      arn,
      load_balancer_arn: lbArn,
      ...columnValues(columns),
      attributes: JSON.stringify(defaultAttributes(listenerAttributeSpecs(type, columns.protocol))),
      created_at: ctx.now(),
    }).returningAll().executeTakeFirstOrThrow();
    const defaultRule = await trx.insertInto('rules').values({
      arn: ruleArn(arn, newId()),
      listener_arn: arn,
      priority: null,
      is_default: true,
      conditions: '[]',
      actions: JSON.stringify(actions),
      created_at: ctx.now(),
    }).returningAll().executeTakeFirstOrThrow();
    await replaceRuleTargetGroups(trx, defaultRule.arn, lbArn, targetGroups);
    await associateTrustStore(trx, ctx, row, columns.mutual_authentication);
    await putTags(trx, arn, req.Tags ?? []);
    return { listener: toListener(row, defaultRule), created: true };
  }, { changed: (result) => result.created });
  try {
    return { Listeners: [(await create()).listener] };
  } catch (error) {
    // The unique (load balancer, port) constraint is the last word; answer as if the winner had come first.
    if (!isPgError(error, UNIQUE_VIOLATION, 'listeners_port_key')) throw error;
    return { Listeners: [(await create()).listener] };
  }
}
