/** Postgres SQLSTATEs the handlers translate into AWS errors (a constraint settling a race). */
export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

export function isPgError(error: unknown, code: string, constraint?: string): boolean {
  const pg = error as { code?: string; constraint?: string } | null;
  return pg?.code === code && (constraint === undefined || pg.constraint === constraint);
}
