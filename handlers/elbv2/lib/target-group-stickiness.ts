import type { TargetGroupAttribute } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import type { AttributeSpecs } from './attributes.js';
import { stickinessNotOnTls, stickinessTypeNotSupported } from './errors.js';
import type { TargetGroupShape } from './target-group-kind.js';

/** The stickiness types of each protocol family, as AWS lists them in its "must be one of" answer. */
const GATEWAY_TYPES = ['source_ip_dest_ip_proto', 'source_ip_dest_ip'];
const OTHER_TYPES = ['app_cookie', 'lb_cookie', 'source_ip'];

/**
 * Checks a ModifyTargetGroupAttributes request's keys and stickiness the way AWS does, in AWS's
 * order, before any value is applied:
 *
 * 1. a key the group does not have → ValidationError "Target group attribute key 'k' is not recognized";
 * 2. a stickiness type outside its protocol family → ValidationError "'Stickiness type' must be
 *    one of [app_cookie, lb_cookie, source_ip]" (GENEVE: [source_ip_dest_ip_proto, source_ip_dest_ip]);
 * 3. a type of the family that the protocol does not take (source_ip on HTTP/HTTPS; lb_cookie or
 *    app_cookie on the TCP/UDP family) → InvalidConfigurationRequest, even with stickiness off;
 * 4. stickiness turned on for a TLS group → InvalidConfigurationRequest.
 */
export function checkStickiness(tg: TargetGroupShape, specs: AttributeSpecs, current: Readonly<Record<string, string>>, changes: readonly TargetGroupAttribute[]): void {
  for (const { Key } of changes) {
    if (!Object.hasOwn(specs, Key ?? '')) throw validationError(`Target group attribute key '${Key ?? ''}' is not recognized`);
  }
  const asked = (key: string) => [...changes].reverse().find((change) => change.Key === key)?.Value;
  const type = asked('stickiness.type');
  if (type !== undefined) {
    const family = tg.protocol === 'GENEVE' ? GATEWAY_TYPES : OTHER_TYPES;
    if (!family.includes(type)) throw validationError(`'Stickiness type' must be one of [${family.join(', ')}]`);
    if (specs['stickiness.type'].check(type) !== undefined) throw stickinessTypeNotSupported(type, tg.protocol ?? '');
  }
  const enabled = asked('stickiness.enabled') ?? current['stickiness.enabled'];
  if (tg.protocol === 'TLS' && enabled === 'true') throw stickinessNotOnTls();
}
