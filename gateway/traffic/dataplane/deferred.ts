import { startDataPlane, type DataPlane, type DataPlaneDependencies, type GatewayTraffic } from './data-plane.js';
import type { DataPlaneStatus } from './status.js';

/**
 * The embedded data plane as the gateway holds it from the beginning, started only once the API
 * port is bound (`start`): a listener port can then never take the API's port first, whatever
 * the stored listeners say. Until then no load balancer answers and the status is empty.
 */
export class DeferredDataPlane implements DataPlane {
  private started: DataPlane | undefined;

  async start(deps: DataPlaneDependencies): Promise<void> {
    this.started = await startDataPlane(deps);
  }

  // Arrow properties: the gateway passes these on as plain functions.
  readonly matchGatewayHost = (host: string | undefined): GatewayTraffic | undefined => this.started?.matchGatewayHost(host);

  readonly status = (): DataPlaneStatus => this.started?.status() ?? { version: '', host: '', listeners: [], gatewayHosts: [], problems: ['the data plane has not started yet'] };

  async stop(graceMs?: number): Promise<void> {
    await this.started?.stop(graceMs);
  }
}
