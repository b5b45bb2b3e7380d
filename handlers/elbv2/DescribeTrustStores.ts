import type { DescribeTrustStoresInput, DescribeTrustStoresOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import { validationError } from '../../gateway/api/errors.js';
import { list } from '../../gateway/api/schema.js';
import type { Context } from '../../gateway/api/service.js';
import type { TrustStoreRow } from '../../gateway/database/tables.js';
import { paginate } from './lib/pagination.js';
import { arnList, marker, pageSize } from './lib/schemas.js';
import { trustStoreNotFound } from './lib/errors.js';
import { trustStoreName } from './lib/trust-store-schemas.js';
import { describeTrustStores, getTrustStores, listTrustStores } from './lib/trust-stores.js';

export const input = {
  TrustStoreArns: arnList(),
  Names: list(trustStoreName()),
  Marker: marker(),
  PageSize: pageSize(),
};

/**
 * Lists trust stores by ARN, by name, or all of them, paged by Marker/PageSize. Any ARN or name
 * that names nothing is `TrustStoreNotFound`. The two filters are exclusive, as DescribeTargetGroups'
 * are (AWS does not document combining them).
 */
export async function handler(req: InputOf<typeof input, DescribeTrustStoresInput>, ctx: Context): Promise<DescribeTrustStoresOutput> {
  if (req.TrustStoreArns?.length && req.Names?.length) throw validationError('Trust store ARNs and trust store names cannot be specified at the same time');
  let rows: TrustStoreRow[];
  if (req.TrustStoreArns?.length) {
    rows = await getTrustStores(ctx.db, ctx, req.TrustStoreArns);
  } else {
    rows = await listTrustStores(ctx.db, ctx);
    if (req.Names?.length) {
      const byName = new Map(rows.map((row) => [row.name, row]));
      rows = req.Names.map((name) => {
        const row = byName.get(name);
        if (!row) throw trustStoreNotFound();
        return row;
      });
    }
  }
  const { page, NextMarker } = paginate(rows, req.Marker, req.PageSize);
  return { TrustStores: await describeTrustStores(ctx.db, page), NextMarker };
}
