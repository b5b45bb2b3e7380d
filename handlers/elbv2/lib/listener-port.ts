import type { Config } from '../../../gateway/config.js';
import { invalidConfigurationRequest } from './errors.js';

/**
 * Refuses a listener port this endpoint itself uses (KECS_PORT, a local database's port): such a
 * listener could never be served, and on the API port it would compete with the API at every
 * start. AWS has no reserved listener ports, so it has no message for this; the code is
 * `InvalidConfigurationRequest` ("The requested configuration is not valid.", HTTP 400), which
 * CreateListener and ModifyListener list among their errors (API reference, "Errors"), and the
 * message is ours.
 */
export function checkListenerPort(config: Pick<Config, 'reservedPorts'>, port: number | null | undefined): void {
  const reserved = port == null ? undefined : config.reservedPorts.find((r) => r.port === port);
  if (reserved) {
    throw invalidConfigurationRequest(`The requested configuration is not valid. Port ${port} is reserved by this endpoint (${reserved.use}) and cannot be used by a listener.`);
  }
}
