import type { Logger } from '../logger.js';

/**
 * Wraps a callback that node:http or node:net calls for a request or a connection, so that an
 * exception thrown in it costs that one request (`fail` answers or closes it) instead of ending
 * the process: an exception thrown in a 'request' or 'connection' listener is uncaught.
 */
export function shielded<A extends unknown[]>(log: Logger, fail: (...args: A) => void, run: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      run(...args);
    } catch (error) {
      log.error({ err: error }, 'request handler failed');
      try {
        fail(...args);
      } catch {
        // The socket is already unusable; nothing more to answer.
      }
    }
  };
}
