import type { ModifyListenerInput, ModifyListenerOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { changeRouting } from '../../gateway/database/routing-version.js';
import { type InputOf, integer, list, string } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import { checkActionTargetGroups } from './lib/action-target-groups.js';
import { normalizeActions } from './lib/actions.js';
import type { LoadBalancerType } from './lib/arn.js';
import { duplicateListener } from './lib/errors.js';
import { listenerAttributeSpecs, reconcileListenerAttributes } from './lib/listener-attributes.js';
import { checkListenerPort } from './lib/listener-port.js';
import { checkListenerSettings, isSecure, type ListenerColumns, type ListenerSettings } from './lib/listener-settings.js';
import { columnsOf, columnValues, getListener, lockLoadBalancerOf, toListener } from './lib/listeners.js';
import { getLoadBalancer } from './lib/load-balancers.js';
import { isPgError, UNIQUE_VIOLATION } from './lib/pg-errors.js';
import { replaceRuleTargetGroups } from './lib/rules.js';
import { actionList, certificateList, listenerProtocol, mutualAuthentication, type ActionInput } from './lib/rule-schemas.js';
import { arn } from './lib/schemas.js';
import { associateTrustStore } from './lib/trust-store-associations.js';

export const input = {
  ListenerArn: arn(true),
  Port: integer({ min: 1, max: 65535 }),
  Protocol: listenerProtocol(),
  SslPolicy: string(),
  Certificates: certificateList(),
  DefaultActions: actionList(false),
  AlpnPolicy: list(string()),
  MutualAuthentication: mutualAuthentication(),
};

/**
 * The settings after the change. ModifyListener API reference: changing HTTPS→HTTP or TLS→TCP
 * removes the security policy and certificate; changing to HTTPS or TLS needs a certificate.
 */
function merged(req: ModifyListenerInput, current: ListenerColumns): ListenerSettings {
  const protocol = req.Protocol ?? current.protocol ?? undefined;
  const keepTls = isSecure(protocol) && isSecure(current.protocol);
  const same = protocol === current.protocol;
  return {
    Protocol: protocol,
    Port: req.Port ?? current.port ?? undefined,
    SslPolicy: req.SslPolicy ?? (keepTls ? current.ssl_policy ?? undefined : undefined),
    Certificates: req.Certificates ?? (keepTls ? current.certificates ?? undefined : undefined),
    AlpnPolicy: req.AlpnPolicy ?? (same ? current.alpn_policy ?? undefined : undefined),
    MutualAuthentication: req.MutualAuthentication ?? (same ? current.mutual_authentication ?? undefined : undefined),
  };
}

/** Changes a listener's settings and/or its default actions (the actions of its default rule). */
export async function handler(req: InputOf<typeof input, ModifyListenerInput>, ctx: Context): Promise<ModifyListenerOutput> {
  // Only a port asked for is checked: a listener left on a reserved port by an older version
  // can still have its actions changed, and be moved off it.
  checkListenerPort(ctx.config, req.Port);
  const { arn: listenerArn } = await getListener(ctx.db, ctx, req.ListenerArn);
  try {
    const listener = await changeRouting(ctx.db, async (trx) => {
      await lockLoadBalancerOf(trx, listenerArn);
      const row = await getListener(trx, ctx, listenerArn, { forUpdate: true });
      const lb = await getLoadBalancer(trx, ctx, row.load_balancer_arn);
      const type = lb.type as LoadBalancerType;
      const current = columnsOf(row);
      const columns = checkListenerSettings(type, merged(req, current));
      let defaultRule = await trx.selectFrom('rules').selectAll()
        .where('listener_arn', '=', row.arn).where('is_default', '=', true).forUpdate().executeTakeFirstOrThrow();
      const protocolChanged = columns.protocol !== current.protocol;
      // A protocol change re-checks the default actions too: authentication needs HTTPS, and NLB
      // target groups must suit the new protocol.
      if (req.DefaultActions || protocolChanged) {
        // Stored actions went through normalizeActions, so each has the Type the schema requires.
        const stored = defaultRule.actions as ActionInput[];
        const actions = normalizeActions(req.DefaultActions ?? stored, { lbType: type, protocol: columns.protocol, previous: stored });
        const targetGroups = await checkActionTargetGroups(trx, ctx, lb, columns.protocol, actions);
        defaultRule = await trx.updateTable('rules').set({ actions: JSON.stringify(actions) })
          .where('arn', '=', defaultRule.arn).returningAll().executeTakeFirstOrThrow();
        await replaceRuleTargetGroups(trx, defaultRule.arn, lb.arn, targetGroups);
      }
      const attributes = reconcileListenerAttributes(listenerAttributeSpecs(type, columns.protocol), row.attributes);
      const updated = await trx.updateTable('listeners').set({
        ...columnValues(columns),
        attributes: JSON.stringify(attributes),
      }).where('arn', '=', row.arn).returningAll().executeTakeFirstOrThrow();
      await associateTrustStore(trx, ctx, updated, columns.mutual_authentication);
      return toListener(updated, defaultRule);
    });
    return { Listeners: [listener] };
  } catch (error) {
    if (isPgError(error, UNIQUE_VIOLATION, 'listeners_port_key')) throw duplicateListener();
    throw error;
  }
}
