import type { Tag } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import type { Db } from '../../../gateway/database/tables.js';
import { checkArn, type ArnKind, type Scope } from './arn.js';
import { duplicateTagKeys, tooManyTags } from './errors.js';
import { getListeners } from './listeners.js';
import { getLoadBalancers } from './load-balancers.js';
import { getRules } from './rules.js';
import type { TagInput } from './schemas.js';
import { getTargetGroups } from './target-groups.js';
import { getTrustStores } from './trust-stores.js';

/** Tags per resource: ELBv2 quota, "Tags per load balancer / target group / listener / rule". */
export const MAX_TAGS_PER_RESOURCE = 50;

// API reference, Tag: keys 1–128 and values 0–256 characters of this set.
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Rejects keys AWS reserves, characters the Tag type forbids, and keys given twice (`DuplicateTagKeys`). */
export function checkNewTags(tags: readonly TagInput[]): void {
  const seen = new Set<string>();
  tags.forEach(({ Key, Value }, index) => {
    for (const [member, text] of [['key', Key], ['value', Value ?? '']]) {
      if (!TAG_TEXT.test(text)) {
        throw validationError(`1 validation error detected: Value '${text}' at 'tags.${index + 1}.member.${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${TAG_TEXT.source}`);
      }
    }
    if (Key.toLowerCase().startsWith('aws:')) throw validationError(`Tag keys starting with 'aws:' are reserved for AWS use: '${Key}'`);
    if (seen.has(Key)) throw duplicateTagKeys(Key);
    seen.add(Key);
  });
}

/** Upserts already checked tags on one resource and enforces the per-resource quota, inside the caller's transaction. */
export async function writeTags(trx: Db, resourceArn: string, tags: readonly TagInput[]): Promise<void> {
  if (tags.length === 0) return;
  await trx
    .insertInto('tags')
    .values(tags.map((t) => ({ resource_arn: resourceArn, key: t.Key, value: t.Value ?? '' })))
    .onConflict((oc) => oc.columns(['resource_arn', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
  const { count } = await trx
    .selectFrom('tags')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('resource_arn', '=', resourceArn)
    .executeTakeFirstOrThrow();
  if (Number(count) > MAX_TAGS_PER_RESOURCE) throw tooManyTags(MAX_TAGS_PER_RESOURCE, resourceArn);
}

/** `checkNewTags` then `writeTags`: the tags a Create* call brings. */
export async function putTags(trx: Db, resourceArn: string, tags: readonly TagInput[]): Promise<void> {
  checkNewTags(tags);
  await writeTags(trx, resourceArn, tags);
}

/** Tags of each ARN, in key order; every ARN asked for is in the map. */
export async function tagsOf(db: Db, arns: readonly string[]): Promise<Map<string, Tag[]>> {
  const byArn = new Map<string, Tag[]>(arns.map((arn) => [arn, []]));
  if (arns.length === 0) return byArn;
  const rows = await db.selectFrom('tags').selectAll().where('resource_arn', 'in', arns).orderBy('key').execute();
  for (const row of rows) byArn.get(row.resource_arn)?.push({ Key: row.key, Value: row.value });
  return byArn;
}

/** Removes every tag of the given resources (their deletion). */
export async function dropTags(trx: Db, arns: readonly string[]): Promise<void> {
  if (arns.length > 0) await trx.deleteFrom('tags').where('resource_arn', 'in', arns).execute();
}

/** The lookup of each kind of taggable resource, by the resource type of its ARN. */
const TAGGABLE = {
  loadbalancer: getLoadBalancers,
  targetgroup: getTargetGroups,
  listener: getListeners,
  'listener-rule': getRules,
  truststore: getTrustStores,
} as const;

const RESOURCE_TYPE = /^arn:[^:]*:elasticloadbalancing:[^:]*:[^:]*:(loadbalancer|targetgroup|listener|listener-rule|truststore)\//;

/**
 * Checks that every ARN of AddTags/RemoveTags/DescribeTags names an existing resource the caller
 * can see. The kind comes from the ARN (API reference, AddTags: load balancers, target groups,
 * listeners, rules and trust stores); all ARNs are checked for form before any is looked up, so
 * a malformed one is a `ValidationError` whatever else is asked. `forUpdate` locks the rows, so a
 * concurrent delete cannot leave tags behind on a resource that is gone.
 */
export async function requireTaggable(db: Db, scope: Scope, arns: readonly string[], options: { forUpdate?: boolean } = {}): Promise<void> {
  const byKind = new Map<ArnKind, string[]>();
  for (const arn of arns) {
    const kind = RESOURCE_TYPE.exec(arn)?.[1] as ArnKind | undefined;
    if (!kind) throw validationError(`'${arn}' is not a valid resource ARN`);
    checkArn(arn, kind, scope);
    byKind.set(kind, [...(byKind.get(kind) ?? []), arn]);
  }
  for (const [kind, group] of byKind) {
    await TAGGABLE[kind](db, scope, group, options);
  }
}
