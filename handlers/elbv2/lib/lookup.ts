import type { Kysely, Selectable } from 'kysely';
import type { ServiceError } from '../../../gateway/api/errors.js';
import type { Database, Db } from '../../../gateway/database/tables.js';
import { arnsInScope, type ArnKind, type Scope } from './arn.js';

/** The tables whose rows are named by an `arn` column. */
type ArnTable = { [T in keyof Database]: Database[T] extends { arn: string } ? T : never }[keyof Database];

export interface LookupOptions {
  /** Locks the rows for the caller's transaction. */
  forUpdate?: boolean;
}

/** The get-by-ARN pair of one resource, as `arnLookup` makes it. */
export interface ArnLookup<Row> {
  /** The rows with these ARNs, in the order asked. */
  many(db: Db, scope: Scope, arns: readonly string[], options?: LookupOptions): Promise<Row[]>;
  /** The row with this ARN. */
  one(db: Db, scope: Scope, arn: string, options?: LookupOptions): Promise<Row>;
}

/**
 * The get-by-ARN lookups of a resource kept in `table`. A malformed ARN is a `ValidationError`;
 * an ARN that is unknown, or of another account or region, is `notFound()` (AWS's
 * `LoadBalancerNotFound`, `ListenerNotFound`, …: "One or more … not found", for one ARN or many).
 * Each resource file exports its pair: `export const { one: getRule, many: getRules } = arnLookup(…)`.
 */
export function arnLookup<T extends ArnTable>(table: T, kind: ArnKind, notFound: () => ServiceError): ArnLookup<Selectable<Database[T]>> {
  type Row = Selectable<Database[T]>;
  async function many(db: Db, scope: Scope, arns: readonly string[], options: LookupOptions = {}): Promise<Row[]> {
    const wanted = arnsInScope(arns, kind, scope);
    if (wanted.length !== arns.length) throw notFound();
    if (wanted.length === 0) return [];
    // The table is chosen from a closed union, so the dynamic builder stays type-safe in practice.
    const query = (db as Kysely<any>).selectFrom(table).selectAll().where('arn', 'in', wanted);
    const rows = (await (options.forUpdate ? query.forUpdate() : query).execute()) as Array<Row & { arn: string }>;
    const byArn = new Map(rows.map((row) => [row.arn, row]));
    return wanted.map((arn) => {
      const row = byArn.get(arn);
      if (!row) throw notFound();
      return row;
    });
  }
  async function one(db: Db, scope: Scope, arn: string, options: LookupOptions = {}): Promise<Row> {
    const [row] = await many(db, scope, [arn], options);
    return row;
  }
  return { many, one };
}
