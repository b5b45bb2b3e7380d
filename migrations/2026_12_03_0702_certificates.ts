import { sql, type Kysely } from 'kysely';

// Frozen in time: this file describes the schema as of its date and imports nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  // The local certificate authority that issues listener certificates when an ACM certificate
  // cannot be served. One per installation (id = 1): users trust it once, whatever account or
  // region their load balancers are in. Keys are PKCS#8 PEM.
  await db.schema
    .createTable('local_certificate_authority')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('private_key_pem', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // Leaf certificates the local CA issued, one per set of DNS names (`names`: sorted, comma
  // separated), so every replica and every restart serves the same certificate for a listener.
  await db.schema
    .createTable('local_certificates')
    .addColumn('names', 'text', (c) => c.primaryKey())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('private_key_pem', 'text', (c) => c.notNull())
    .addColumn('not_after', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('local_certificates').execute();
  await db.schema.dropTable('local_certificate_authority').execute();
}
