import type { TraefikConfig } from '../../../../gateway/traffic/traefik/types.js';
import { checkRule } from './rule-syntax.js';

// What Traefik checks when it builds the runtime configuration, beyond the shape: references
// resolve, names have no `@` (the provider separator), rules parse, and priorities of one
// entrypoint are unique (ties are broken in no defined order, mux.go).

const INTERNAL = new Set(['noop@internal']);

/** Every referential error of a configuration, as readable strings. */
export function referenceErrors(config: TraefikConfig, entryPoint = /^elb-\d+$/, udpEntryPoint = /^elb-\d+-udp$/): string[] {
  const errors: string[] = [];
  const http = config.http ?? {};
  const names = [
    ...Object.keys(http.routers ?? {}), ...Object.keys(http.services ?? {}), ...Object.keys(http.middlewares ?? {}),
    ...Object.keys(config.tcp?.routers ?? {}), ...Object.keys(config.tcp?.services ?? {}),
    ...Object.keys(config.udp?.routers ?? {}), ...Object.keys(config.udp?.services ?? {}),
  ];
  for (const name of names) if (name.includes('@')) errors.push(`name ${name} contains @`);

  const priorities = new Set<string>();
  for (const [name, router] of Object.entries(http.routers ?? {})) {
    if (!http.services?.[router.service] && !INTERNAL.has(router.service)) errors.push(`router ${name}: no service ${router.service}`);
    for (const middleware of router.middlewares ?? []) if (!http.middlewares?.[middleware]) errors.push(`router ${name}: no middleware ${middleware}`);
    for (const ep of router.entryPoints) {
      if (!entryPoint.test(ep)) errors.push(`router ${name}: entrypoint ${ep}`);
      if (priorities.has(`${ep}/${router.priority}/${router.rule}`)) errors.push(`router ${name}: duplicate priority and rule on ${ep}`);
      priorities.add(`${ep}/${router.priority}/${router.rule}`);
    }
    try { checkRule(router.rule); } catch (error) { errors.push(`router ${name}: ${(error as Error).message}`); }
  }
  for (const [name, service] of Object.entries(http.services ?? {})) {
    if ('weighted' in service) for (const child of service.weighted.services) if (!http.services?.[child.name]) errors.push(`service ${name}: no child ${child.name}`);
    if ('loadBalancer' in service && service.loadBalancer.serversTransport && !http.serversTransports?.[service.loadBalancer.serversTransport]) {
      errors.push(`service ${name}: no servers transport ${service.loadBalancer.serversTransport}`);
    }
  }
  for (const [name, router] of Object.entries(config.tcp?.routers ?? {})) {
    const service = config.tcp?.services?.[router.service];
    if (!service) errors.push(`tcp router ${name}: no service ${router.service}`);
    if (service && 'loadBalancer' in service && service.loadBalancer.serversTransport && !config.tcp?.serversTransports?.[service.loadBalancer.serversTransport]) {
      errors.push(`tcp service ${router.service}: no servers transport`);
    }
    if (!router.entryPoints.every((ep) => entryPoint.test(ep))) errors.push(`tcp router ${name}: entrypoints ${router.entryPoints.join()}`);
    try { checkRule(router.rule); } catch (error) { errors.push(`tcp router ${name}: ${(error as Error).message}`); }
  }
  for (const [name, router] of Object.entries(config.udp?.routers ?? {})) {
    if (!config.udp?.services?.[router.service]) errors.push(`udp router ${name}: no service ${router.service}`);
    if (!router.entryPoints.every((ep) => udpEntryPoint.test(ep))) errors.push(`udp router ${name}: entrypoints ${router.entryPoints.join()}`);
  }
  return errors;
}
