import { sql, type Kysely } from 'kysely';

// Frozen in time: this file describes the schema as of its date and imports nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  // Trust stores (mTLS for HTTPS listeners). The CA bundle is kept as fetched from S3 (checked PEM
  // text), so GetTrustStoreCaCertificatesBundle serves exactly what was uploaded. location_key
  // signs the presigned-style download locations: one secret per store, in the database, so every
  // replica verifies the others' locations and a restart keeps them valid.
  // next_revocation_id: revocation ids are numbers per trust store, never reused.
  await db.schema
    .createTable('trust_stores')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ca_certificates_bundle', 'text', (c) => c.notNull())
    .addColumn('number_of_ca_certificates', 'integer', (c) => c.notNull())
    .addColumn('next_revocation_id', 'bigint', (c) => c.notNull().defaultTo(1))
    .addColumn('location_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('trust_stores_name_key', ['account_id', 'region', 'name'])
    .execute();

  // A revocation list (CRL) of a trust store: the bytes as fetched (PEM or DER) and the revoked
  // serial numbers read from them. It goes with its trust store.
  await db.schema
    .createTable('trust_store_revocations')
    .addColumn('trust_store_arn', 'text', (c) => c.notNull().references('trust_stores.arn').onDelete('cascade'))
    .addColumn('revocation_id', 'bigint', (c) => c.notNull())
    .addColumn('revocation_type', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('revoked_serials', sql`text[]`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('trust_store_revocations_pkey', ['trust_store_arn', 'revocation_id'])
    .execute();

  // Which listener verifies client certificates against which trust store. The RESTRICT foreign
  // key is what makes deleting a trust store in use fail, even against a concurrent listener change;
  // the association goes with its listener and load balancer.
  await db.schema
    .createTable('trust_store_associations')
    .addColumn('listener_arn', 'text', (c) => c.primaryKey().references('listeners.arn').onDelete('cascade'))
    .addColumn('trust_store_arn', 'text', (c) => c.notNull().references('trust_stores.arn').onDelete('restrict'))
    .addColumn('load_balancer_arn', 'text', (c) => c.notNull().references('load_balancers.arn').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('trust_store_associations_ts').on('trust_store_associations').column('trust_store_arn').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['trust_store_associations', 'trust_store_revocations', 'trust_stores']) {
    await db.schema.dropTable(table).execute();
  }
}
