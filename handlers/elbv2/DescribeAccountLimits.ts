import type { DescribeAccountLimitsInput, DescribeAccountLimitsOutput } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InputOf } from '../../gateway/api/schema.js';
import { ACCOUNT_LIMITS } from './lib/account-limits.js';
import { paginate } from './lib/pagination.js';
import { marker, pageSize } from './lib/schemas.js';

export const input = {
  Marker: marker(),
  PageSize: pageSize(),
};

/** The account's ELBv2 quotas, paged by Marker/PageSize like every Describe*. */
export async function handler(req: InputOf<typeof input, DescribeAccountLimitsInput>): Promise<DescribeAccountLimitsOutput> {
  const { page, NextMarker } = paginate(ACCOUNT_LIMITS, req.Marker, req.PageSize);
  return { Limits: page, NextMarker };
}
