import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';

/** What reads and writes take: the database itself, or the caller's transaction to join. */
export type Db = Kysely<Database> | Transaction<Database>;

/** Row types of every table, as the migrations in `migrations/` create them. */
export interface Database {
  load_balancers: LoadBalancerTable;
  target_groups: TargetGroupTable;
  listeners: ListenerTable;
  listener_certificates: ListenerCertificateTable;
  rules: RuleTable;
  rule_target_groups: RuleTargetGroupTable;
  targets: TargetTable;
  tags: TagTable;
  capacity_reservations: CapacityReservationTable;
  trust_stores: TrustStoreTable;
  trust_store_revocations: TrustStoreRevocationTable;
  trust_store_associations: TrustStoreAssociationTable;
  local_certificate_authority: LocalCertificateAuthorityTable;
  local_certificates: LocalCertificateTable;
  routing_version: { id: number; version: ColumnType<string, string | number, string | number> };
}

type Json<T> = ColumnType<T, string, string>;

export interface LoadBalancerTable {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  type: string;
  scheme: string;
  ip_address_type: string;
  dns_name: string;
  vpc_id: string;
  state: string;
  subnets: string[];
  security_groups: string[];
  /** NLB only; NULL means AWS's default, 'on'. */
  enforce_security_group_inbound_rules_on_private_link_traffic: string | null;
  attributes: Json<Record<string, string>>;
  /**
   * Each subnet's zone as EC2 reported it (gateway/upstream-ec2/); NULL when no EC2 was asked, and
   * the zones then follow the region's zones in order (handlers/elbv2/lib/network.ts).
   */
  subnet_zones: ColumnType<SubnetZones | null, string | null | undefined, string | null>;
  created_at: Date;
  /** Addresses SubnetMappings asked for, by subnet id. */
  subnet_addresses: ColumnType<Record<string, SubnetAddresses>, string | undefined, string>;
  /** IPAM pools (CreateLoadBalancer, ModifyIpPools); NULL when none. */
  ipam_pools: ColumnType<{ Ipv4IpamPoolId?: string } | null, string | null | undefined, string | null>;
}

/** What one SubnetMapping asked for besides its subnet. */
export interface SubnetAddresses {
  AllocationId?: string;
  PrivateIPv4Address?: string;
  IPv6Address?: string;
}

/** A load balancer's LCU reservation; `capacity_units` NULL once reset. */
export interface CapacityReservationTable {
  load_balancer_arn: string;
  capacity_units: number | null;
  requested_at: Date;
  /** The UTC day `decreases` counts, YYYY-MM-DD. */
  decrease_day: ColumnType<string | null, string | null, string | null>;
  decreases: ColumnType<number, number | undefined, number>;
}

/** Subnet id → the name of its Availability Zone, as EC2's DescribeSubnets answered. */
export type SubnetZones = Record<string, string>;

export interface TargetGroupTable {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  target_type: string;
  protocol: string | null;
  protocol_version: string | null;
  port: number | null;
  vpc_id: string | null;
  ip_address_type: string | null;
  health_check_enabled: boolean;
  health_check_protocol: string | null;
  health_check_port: string | null;
  health_check_path: string | null;
  health_check_interval_seconds: number;
  health_check_timeout_seconds: number;
  healthy_threshold_count: number;
  unhealthy_threshold_count: number;
  matcher: Json<{ HttpCode?: string; GrpcCode?: string } | null> | null;
  attributes: Json<Record<string, string>>;
  created_at: Date;
}

export interface ListenerTable {
  arn: string;
  load_balancer_arn: string;
  port: number | null;
  protocol: string | null;
  ssl_policy: string | null;
  certificates: Json<unknown[] | null> | null;
  alpn_policy: Json<string[] | null> | null;
  mutual_authentication: Json<Record<string, unknown> | null> | null;
  attributes: Json<Record<string, string>>;
  created_at: Date;
}

/** A listener's certificate list; its default certificate is `listeners.certificates`. */
export interface ListenerCertificateTable {
  listener_arn: string;
  certificate_arn: string;
  created_at: Date;
}

export interface RuleTable {
  arn: string;
  listener_arn: string;
  priority: number | null;
  is_default: boolean;
  conditions: Json<unknown[]>;
  actions: Json<unknown[]>;
  transforms: Json<unknown[] | null> | null;
  created_at: Date;
}

export interface RuleTargetGroupTable {
  rule_arn: string;
  target_group_arn: string;
  load_balancer_arn: string;
}

export interface TargetTable {
  target_group_arn: string;
  id: string;
  port: number;
  availability_zone: string | null;
  state: string;
  reason: string | null;
  description: string | null;
  consecutive_successes: Generated<number>;
  consecutive_failures: Generated<number>;
  registered_at: Date;
  last_checked_at: Date | null;
  /** How long the latest health check took, for the console; NULL until the first one. */
  last_check_ms: ColumnType<number | null, number | null | undefined, number | null>;
  next_check_at: Date | null;
  drain_until: Date | null;
  /** NULL: registered through the API; 'kubernetes': registered (and drained) by the pod reconciler. */
  managed_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where an instance target really is (its private IP, read from EC2 at registration); NULL: the id is the address. */
  address: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TagTable {
  resource_arn: string;
  key: string;
  value: string;
}

export interface TrustStoreTable {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  status: string;
  /** The CA bundle as fetched from S3: PEM certificates, checked. */
  ca_certificates_bundle: string;
  number_of_ca_certificates: number;
  next_revocation_id: ColumnType<string, string | number | undefined, string | number>;
  /** Secret that signs the presigned-style download locations (trust-store-locations.ts). */
  location_key: string;
  created_at: Date;
}

export interface TrustStoreRevocationTable {
  trust_store_arn: string;
  revocation_id: ColumnType<string, string | number, string | number>;
  revocation_type: string;
  /** The revocation list as fetched (PEM or DER). */
  content: Buffer;
  revoked_serials: string[];
  /** The CRL's issuer name as @peculiar/x509 writes it; NULL for lists added before it was kept. */
  issuer: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Date;
}

/** A listener in mutual-TLS `verify` mode and the trust store it names. */
export interface TrustStoreAssociationTable {
  listener_arn: string;
  trust_store_arn: string;
  load_balancer_arn: string;
}

/** The installation's local certificate authority (one row, id 1). */
export interface LocalCertificateAuthorityTable {
  id: number;
  certificate_pem: string;
  private_key_pem: string;
  created_at: Date;
}

/** A leaf certificate the local CA issued for a set of DNS names (sorted, comma separated). */
export interface LocalCertificateTable {
  names: string;
  certificate_pem: string;
  private_key_pem: string;
  not_after: Date;
  created_at: Date;
}

export type LoadBalancerRow = Selectable<LoadBalancerTable>;
export type TargetGroupRow = Selectable<TargetGroupTable>;
export type ListenerRow = Selectable<ListenerTable>;
export type RuleRow = Selectable<RuleTable>;
export type TargetRow = Selectable<TargetTable>;
export type CapacityReservationRow = Selectable<CapacityReservationTable>;
export type NewTarget = Insertable<TargetTable>;
export type TrustStoreRow = Selectable<TrustStoreTable>;
export type TrustStoreRevocationRow = Selectable<TrustStoreRevocationTable>;
