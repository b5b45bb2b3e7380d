import type { Tag } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Kysely, Transaction } from 'kysely';
import { ServiceError, validationError } from '../../../gateway/errors.js';
import type { Database } from '../../../gateway/database/tables.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Tags per resource: ELBv2 quota, "Tags per load balancer / target group / listener / rule". */
export const MAX_TAGS_PER_RESOURCE = 50;

/** Rejects keys AWS reserves and keys given twice in one request (`DuplicateTagKeys`). */
export function checkNewTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const { Key } of tags) {
    if (Key!.toLowerCase().startsWith('aws:')) throw validationError(`Tag keys starting with 'aws:' are reserved for AWS use: '${Key}'`);
    if (seen.has(Key!)) throw new ServiceError('DuplicateTagKeys', `Tag key '${Key}' is duplicated`);
    seen.add(Key!);
  }
}

/** Upserts tags on one resource and enforces the per-resource quota, inside the caller's transaction. */
export async function putTags(trx: Db, resourceArn: string, tags: readonly Tag[]): Promise<void> {
  if (tags.length === 0) return;
  checkNewTags(tags);
  await trx
    .insertInto('tags')
    .values(tags.map((t) => ({ resource_arn: resourceArn, key: t.Key!, value: t.Value ?? '' })))
    .onConflict((oc) => oc.columns(['resource_arn', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
  const { count } = await trx
    .selectFrom('tags')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('resource_arn', '=', resourceArn)
    .executeTakeFirstOrThrow();
  if (Number(count) > MAX_TAGS_PER_RESOURCE) {
    throw new ServiceError('TooManyTags', `The quota of ${MAX_TAGS_PER_RESOURCE} tags per resource would be exceeded for '${resourceArn}'`);
  }
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
