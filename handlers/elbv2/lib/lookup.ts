import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ServiceError } from '../../../gateway/api/errors.js';
import type { Database } from '../../../gateway/database/tables.js';
import { arnsInScope, type ArnKind, type Scope } from './arn.js';

type Db = Kysely<Database> | Transaction<Database>;
type ArnTable = 'load_balancers' | 'target_groups' | 'listeners' | 'rules' | 'trust_stores';

/**
 * The rows of `table` with these ARNs, in the order asked. A malformed ARN is a
 * `ValidationError`; an ARN that is unknown, or of another account or region, is `notFound()`.
 * `forUpdate` locks the rows for the caller's transaction.
 */
export async function fetchByArns<T extends ArnTable>(
  db: Db,
  table: T,
  kind: ArnKind,
  scope: Scope,
  arns: readonly string[],
  notFound: () => ServiceError,
  options: { forUpdate?: boolean } = {},
): Promise<Array<Selectable<Database[T]>>> {
  const wanted = arnsInScope(arns, kind, scope);
  if (wanted.length !== arns.length) throw notFound();
  if (wanted.length === 0) return [];
  // The table is chosen from a closed union, so the dynamic builder stays type-safe in practice.
  const query = (db as Kysely<any>).selectFrom(table).selectAll().where('arn', 'in', wanted);
  const rows = (await (options.forUpdate ? query.forUpdate() : query).execute()) as Array<Selectable<Database[T]> & { arn: string }>;
  const byArn = new Map(rows.map((row) => [row.arn, row]));
  return wanted.map((arn) => {
    const row = byArn.get(arn);
    if (!row) throw notFound();
    return row;
  });
}
