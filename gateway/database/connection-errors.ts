/**
 * Error codes that mean "the database cannot be reached right now", as opposed to a query that
 * failed: socket errors from node (refused, reset, timed out, unreachable, name not resolved) and
 * Postgres SQLSTATEs of class 08 (connection exception) and 57P01–57P03 (the server is shutting
 * down, crashed, or not accepting connections yet).
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03',
]);

// node-postgres reports a lost socket and its pool's connect timeout with messages, not codes.
const MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
];

/** Whether `error` says the database is unreachable (worth a retry later), not that a query was wrong. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CODES.has(code)) return true;
  if (MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  // Connecting to a name with several addresses fails with one error per address.
  return error instanceof AggregateError && error.errors.some(isConnectionError);
}
