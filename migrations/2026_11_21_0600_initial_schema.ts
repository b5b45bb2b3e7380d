import { sql, type Kysely } from 'kysely';

// Frozen in time: this file describes the schema as of its date and imports nothing from the app.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('load_balancers')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('ip_address_type', 'text', (c) => c.notNull())
    .addColumn('dns_name', 'text', (c) => c.notNull().unique())
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('subnets', sql`text[]`, (c) => c.notNull())
    .addColumn('security_groups', sql`text[]`, (c) => c.notNull())
    .addColumn('attributes', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('load_balancers_name_key', ['account_id', 'region', 'name'])
    .execute();

  await db.schema
    .createTable('target_groups')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('protocol', 'text')
    .addColumn('protocol_version', 'text')
    .addColumn('port', 'integer')
    .addColumn('vpc_id', 'text')
    .addColumn('ip_address_type', 'text')
    .addColumn('health_check_enabled', 'boolean', (c) => c.notNull())
    .addColumn('health_check_protocol', 'text')
    .addColumn('health_check_port', 'text')
    .addColumn('health_check_path', 'text')
    .addColumn('health_check_interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('health_check_timeout_seconds', 'integer', (c) => c.notNull())
    .addColumn('healthy_threshold_count', 'integer', (c) => c.notNull())
    .addColumn('unhealthy_threshold_count', 'integer', (c) => c.notNull())
    .addColumn('matcher', 'jsonb')
    .addColumn('attributes', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('target_groups_name_key', ['account_id', 'region', 'name'])
    .execute();

  await db.schema
    .createTable('listeners')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('load_balancer_arn', 'text', (c) => c.notNull().references('load_balancers.arn').onDelete('cascade'))
    .addColumn('port', 'integer')
    .addColumn('protocol', 'text')
    .addColumn('ssl_policy', 'text')
    .addColumn('certificates', 'jsonb')
    .addColumn('alpn_policy', 'jsonb')
    .addColumn('mutual_authentication', 'jsonb')
    .addColumn('attributes', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('listeners_port_key', ['load_balancer_arn', 'port'])
    .execute();

  // The listener's default actions are its default rule (priority NULL, is_default): one source of truth.
  await db.schema
    .createTable('rules')
    .addColumn('arn', 'text', (c) => c.primaryKey())
    .addColumn('listener_arn', 'text', (c) => c.notNull().references('listeners.arn').onDelete('cascade'))
    .addColumn('priority', 'integer')
    .addColumn('is_default', 'boolean', (c) => c.notNull())
    .addColumn('conditions', 'jsonb', (c) => c.notNull())
    .addColumn('actions', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('rules_priority_key', ['listener_arn', 'priority'])
    .addCheckConstraint('rules_priority_range', sql`is_default = (priority is null) and (priority is null or priority between 1 and 50000)`)
    .execute();
  await sql`create unique index rules_one_default on rules (listener_arn) where is_default`.execute(db);

  // Which target groups each rule forwards to. The RESTRICT foreign key is what makes deleting a
  // target group in use fail, even when a rule is created concurrently.
  await db.schema
    .createTable('rule_target_groups')
    .addColumn('rule_arn', 'text', (c) => c.notNull().references('rules.arn').onDelete('cascade'))
    .addColumn('target_group_arn', 'text', (c) => c.notNull().references('target_groups.arn').onDelete('restrict'))
    .addColumn('load_balancer_arn', 'text', (c) => c.notNull().references('load_balancers.arn').onDelete('cascade'))
    .addPrimaryKeyConstraint('rule_target_groups_pkey', ['rule_arn', 'target_group_arn'])
    .execute();
  await db.schema.createIndex('rule_target_groups_tg').on('rule_target_groups').column('target_group_arn').execute();

  // Targets carry their health-check state: the scheduled prober claims rows by next_check_at.
  await db.schema
    .createTable('targets')
    .addColumn('target_group_arn', 'text', (c) => c.notNull().references('target_groups.arn').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('availability_zone', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('description', 'text')
    .addColumn('consecutive_successes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_checked_at', 'timestamptz')
    .addColumn('next_check_at', 'timestamptz')
    .addColumn('drain_until', 'timestamptz')
    .addPrimaryKeyConstraint('targets_pkey', ['target_group_arn', 'id', 'port'])
    .execute();
  await db.schema.createIndex('targets_next_check').on('targets').column('next_check_at').execute();

  await db.schema
    .createTable('tags')
    .addColumn('resource_arn', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pkey', ['resource_arn', 'key'])
    .execute();

  // One row: bumped with every change that can move traffic, then NOTIFY'd to every replica.
  await db.schema
    .createTable('routing_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into routing_version (id, version) values (1, 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['routing_version', 'tags', 'targets', 'rule_target_groups', 'rules', 'listeners', 'target_groups', 'load_balancers']) {
    await db.schema.dropTable(table).execute();
  }
}
