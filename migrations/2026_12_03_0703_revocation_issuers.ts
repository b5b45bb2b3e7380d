import type { Kysely } from 'kysely';

// Frozen in time: this file describes the schema as of its date and imports nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  // Which CA issued a revocation list, by name: a serial number identifies a certificate only
  // together with its issuer, so mutual TLS verify mode checks a client certificate against the
  // lists of the CA that signed it. NULL for lists added before this column: they count for
  // every CA of their trust store.
  await db.schema.alterTable('trust_store_revocations').addColumn('issuer', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('trust_store_revocations').dropColumn('issuer').execute();
}
