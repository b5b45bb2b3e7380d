import { validationError } from '../../../gateway/api/errors.js';

/**
 * Load balancer and target group names: at most 32 characters, alphanumerics and hyphens, no
 * hyphen at either end (CreateLoadBalancer / CreateTargetGroup API reference, `Name`).
 */
export function checkResourceName(label: 'Load balancer' | 'Target group', name: string): void {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name)) {
    throw validationError(`${label} name '${name}' must have a maximum of 32 characters, must contain only alphanumeric characters or hyphens, and must not begin or end with a hyphen`);
  }
}
