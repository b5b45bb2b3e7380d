import type { ScheduledTask } from './scheduler.js';
import { handler as activateLoadBalancers } from '../handlers/scheduled/ActivateLoadBalancers.js';
import { handler as removeDrainedTargets } from '../handlers/scheduled/RemoveDrainedTargets.js';
import { handler as healthCheck } from '../handlers/scheduled/HealthCheck.js';

/** The scheduled handlers the gateway runs every tick (KECS_TICK_MS); the one list of them. */
export const scheduledTasks: ScheduledTask[] = [
  { name: 'ActivateLoadBalancers', run: activateLoadBalancers },
  { name: 'RemoveDrainedTargets', run: removeDrainedTargets },
  { name: 'HealthCheck', run: healthCheck },
];
