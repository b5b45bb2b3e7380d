import type { Kysely, Transaction } from 'kysely';
import { countTargets, deregisterTargets, DRAINING, drainSeconds, listTargets, maxTargets, registerTargets } from '../../../handlers/elbv2/lib/targets.js';
import type { TargetKey } from '../../../handlers/elbv2/lib/target-ids.js';
import { tagsOf } from '../../../handlers/elbv2/lib/tags.js';
import { bumpRoutingVersion } from '../../database/routing-version.js';
import type { Database } from '../../database/tables.js';
import type { Logger } from '../../logger.js';
import type { PodSnapshot } from './pod-view.js';
import { labelledGroupNames, POD_SELECTOR_TAG, targetsFromPods } from './targets-from-pods.js';

/** `targets.managed_by` of the targets the reconciler registered; it drains no others. */
export const KUBERNETES_OWNER = 'kubernetes';

/** What a reconcile pass needs besides the database and the pods. */
export interface ReconcileOptions {
  /** KECS_ACCOUNT_ID: the account of labelled pods whose service ARN does not say. */
  accountId: string;
  /** KECS_DEFAULT_REGION: their Region when neither the service ARN nor the namespace says. */
  defaultRegion: string;
  log: Logger;
  now(): Date;
}

/** What a pass changed. */
export interface ReconcileSummary {
  /** Targets registered (new, or a draining one registered afresh). */
  registered: number;
  /** Targets put into `draining` (or removed at once from a group no listener uses). */
  drained: number;
  /** Target groups that changed; each bumped the routing version once. */
  groups: number;
}

type Trx = Transaction<Database>;

/**
 * One level-triggered pass: makes the pod-registered targets of every target group equal to what
 * targetsFromPods wants for the snapshot. Missing targets are registered (`initial`, as
 * RegisterTargets does); targets this reconciler registered that are no longer wanted (pod not
 * Ready, deleted, label or selector tag changed) drain for the group's deregistration delay, as
 * DeregisterTargets does. Targets registered by hand are never touched. An unsynced snapshot
 * (the watcher's first list has not arrived) changes nothing: an empty view is not "no pods".
 *
 * Each target group is reconciled in its own transaction, so one failing group (logged) does not
 * hold the others back; the next pass retries it.
 */
export async function reconcilePodTargets(db: Kysely<Database>, snapshot: PodSnapshot, options: ReconcileOptions): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = { registered: 0, drained: 0, groups: 0 };
  if (!snapshot.synced) return summary;
  for (const arn of await candidateGroups(db, snapshot)) {
    try {
      const changed = await db.transaction().execute((trx) => reconcileGroup(trx, arn, snapshot, options));
      summary.registered += changed.registered;
      summary.drained += changed.drained;
      if (changed.registered + changed.drained > 0) summary.groups++;
    } catch (error) {
      options.log.error({ err: error, targetGroup: arn }, 'reconciling pod targets failed; the next pass retries');
    }
  }
  return summary;
}

/**
 * The target groups a pass may have to change: those some pod's labels name, those with a
 * selector tag, and those holding targets the reconciler registered (which may have to drain).
 * In ARN order, so replicas take the group locks in one order.
 */
async function candidateGroups(db: Kysely<Database>, snapshot: PodSnapshot): Promise<string[]> {
  const names = [...new Set([...snapshot.pods.values()].flatMap(labelledGroupNames))];
  const rows = await db.selectFrom('target_groups').select('arn')
    .where((eb) => eb.or([
      ...(names.length > 0 ? [eb('name', 'in', names)] : []),
      eb('arn', 'in', eb.selectFrom('tags').select('resource_arn').where('key', '=', POD_SELECTOR_TAG)),
      eb('arn', 'in', eb.selectFrom('targets').select('target_group_arn').where('managed_by', '=', KUBERNETES_OWNER)),
    ]))
    .orderBy('arn').execute();
  return rows.map((row) => row.arn);
}

/**
 * Reconciles one group under its row lock (`FOR UPDATE`, as RegisterTargets and DeregisterTargets
 * take it). Why replicas running the same pass at once agree: the lock makes them take turns, and
 * the one that waited reads the group, its tags and its targets only after the other committed
 * (READ COMMITTED gives each statement a fresh snapshot), so it finds nothing left to do and
 * bumps nothing. The primary key (group, id, port) with ON CONFLICT in registerTargets rules out a
 * second row even without the lock. Reading the tags under the lock too means that the last
 * replica to reconcile a group sees its latest tags.
 */
async function reconcileGroup(trx: Trx, arn: string, snapshot: PodSnapshot, options: ReconcileOptions): Promise<{ registered: number; drained: number }> {
  const tg = await trx.selectFrom('target_groups').selectAll().where('arn', '=', arn).forUpdate().executeTakeFirst();
  if (!tg) return { registered: 0, drained: 0 }; // deleted since the candidates were read
  const tags = Object.fromEntries((await tagsOf(trx, [arn])).get(arn)!.map((tag) => [tag.Key!, tag.Value ?? '']));
  const plan = targetsFromPods(snapshot, [{ ...tg, tags }], options);
  for (const note of plan.notes) options.log.warn({ targetGroup: tg.name, targetGroupArn: arn, pods: note.pods }, `pods left out of a target group: ${note.problem}`);
  const wanted = plan.desired.get(arn) ?? [];

  const rows = new Map((await listTargets(trx, arn)).map((row) => [keyOf(row), row]));
  const wantedKeys = new Set(wanted.map(keyOf));
  const stale = [...rows.values()].filter((row) => row.managed_by === KUBERNETES_OWNER && row.state !== DRAINING.state && !wantedKeys.has(keyOf(row)));
  const now = options.now();
  const drained = stale.length === 0 ? 0 : await deregisterTargets(trx, tg, stale.map(toKey), now, await drainSeconds(trx, tg));

  // A wanted target that has a row is left alone unless the reconciler's own row is draining:
  // then it is registered afresh. A row registered by hand stays the user's, whatever its state.
  const revived = wanted.filter((target) => {
    const row = rows.get(keyOf(target));
    return row?.managed_by === KUBERNETES_OWNER && row.state === DRAINING.state;
  });
  const fresh = wanted.filter((target) => !rows.has(keyOf(target)));
  // The quota (1,000 per ip target group) holds under the lock: registering fewer pods than
  // wanted, and saying which, beats failing the whole group with TooManyTargets.
  const room = Math.max(0, maxTargets(tg) - (await countTargets(trx, arn)));
  if (fresh.length > room) {
    options.log.warn({ targetGroup: tg.name, targetGroupArn: arn, pods: fresh.slice(room).map((target) => target.pod) },
      `the target group is full (${maxTargets(tg)} targets); ${fresh.length - room} pods are not registered`);
  }
  const registered = await registerTargets(trx, tg, [...revived, ...fresh.slice(0, room)].map(toKey), now, KUBERNETES_OWNER);
  if (registered + drained > 0) await bumpRoutingVersion(trx);
  return { registered, drained };
}

function keyOf(target: { id: string; port: number }): string {
  return `${target.id}:${target.port}`;
}

function toKey(target: { id: string; port: number }): TargetKey {
  return { id: target.id, port: target.port, availability_zone: null };
}
