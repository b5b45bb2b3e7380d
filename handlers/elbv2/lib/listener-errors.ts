import { ServiceError } from '../../../gateway/api/errors.js';

// Listener and rule errors, codes and wording as ELBv2 returns them (API reference, "Errors" of
// CreateListener, CreateRule, ModifyRule, DeleteRule, SetRulePriorities).

export const duplicateListener = () => new ServiceError('DuplicateListener', 'A listener already exists on this port for this load balancer');
export const priorityInUse = (priority: number) => new ServiceError('PriorityInUse', `Priority '${priority}' is currently in use`);
export const invalidAction = (message: string) => new ServiceError('InvalidLoadBalancerAction', message);
export const operationNotPermitted = (message: string) => new ServiceError('OperationNotPermitted', message);
