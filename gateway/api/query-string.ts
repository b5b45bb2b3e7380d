import type { QueryParameterBag } from '@smithy/types';

/** Serialises an `HttpRequest.query` bag back to `a=1&b=2` (without the `?`). */
export function formatQuery(query: QueryParameterBag | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) if (item !== null) params.append(key, item);
  }
  return params.toString();
}
