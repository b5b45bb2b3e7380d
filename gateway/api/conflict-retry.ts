/**
 * Postgres aborts one of two transactions that wait on each other (deadlock_detected, 40P01) or
 * that a serializable snapshot cannot order (serialization_failure, 40001). Neither is the
 * caller's mistake, and the aborted transaction wrote nothing, so the operation is run again
 * instead of answering 500: this is what Postgres's documentation asks of applications
 * ("Serialization Failure Handling", PostgreSQL 16 manual §13.4). Operations commit in one
 * transaction, and what they do outside it (S3 and EC2 reads) is safe to repeat.
 */
const RETRIED_SQLSTATES: ReadonlySet<string> = new Set(['40P01', '40001']);

/** Attempts in all; after the last, the conflict is answered as any unexpected failure. */
export const MAX_ATTEMPTS = 4;

function isTransactionConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRIED_SQLSTATES.has(code);
}

/** Runs `operation`, again after a short random pause while Postgres aborts it as a conflict. */
export async function retryingConflicts<T>(operation: () => Promise<T>, pause: (attempt: number) => Promise<void> = jitteredPause): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransactionConflict(error)) throw error;
      await pause(attempt);
    }
  }
}

/** A random pause that grows with the attempt, so the two sides of a deadlock do not meet again. */
function jitteredPause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
}
