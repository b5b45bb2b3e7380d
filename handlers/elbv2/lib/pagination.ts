import { validationError } from '../../../gateway/api/errors.js';

/** ELBv2's Describe* default and maximum page size (`PageSize` is 1–400). */
export const MAX_PAGE_SIZE = 400;

/**
 * Marker/PageSize paging over an already ordered list. The marker is opaque to clients, as on
 * AWS; here it encodes the offset of the next page.
 */
export function paginate<T>(items: readonly T[], marker: string | undefined, pageSize: number | undefined): { page: T[]; NextMarker?: string } {
  let offset = 0;
  if (marker !== undefined) {
    const decoded = /^o(\d{1,9})$/.exec(Buffer.from(marker, 'base64url').toString('latin1'));
    if (!decoded) throw validationError(`The marker '${marker}' is not valid`);
    offset = Number(decoded[1]);
  }
  const size = pageSize ?? MAX_PAGE_SIZE;
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { page, NextMarker: Buffer.from(`o${next}`, 'latin1').toString('base64url') } : { page };
}
