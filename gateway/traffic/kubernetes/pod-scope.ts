import type { PodView } from './pod-view.js';

/** The annotation KECS puts on the pods of an ECS service: the service's ARN. */
export const SERVICE_ARN_ANNOTATION = 'kecs.dev/service-arn';

/** An account and Region: where the target groups a pod's labels name are looked up. */
export interface PodScope {
  accountId: string;
  region: string;
}

// arn:<partition>:ecs:<region>:<account>:service/<cluster>/<name> (ECS ARN formats).
const SERVICE_ARN = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):service\//;
// KECS names a cluster's namespace `<cluster>-<region>`; Regions look like us-east-1,
// us-gov-west-1 or us-isob-east-1.
const NAMESPACE_REGION = /-([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)$/;

/**
 * Where a pod's labelled target groups live: the account and Region of its ECS service
 * (`kecs.dev/service-arn`) when KECS annotated it; else the Region at the end of its namespace
 * and the default account; else the default Region too. Target group names are unique per
 * account and Region only, so a name alone would be ambiguous.
 */
export function podScope(pod: PodView, defaults: PodScope): PodScope {
  const service = SERVICE_ARN.exec(pod.annotations[SERVICE_ARN_ANNOTATION] ?? '');
  if (service) return { region: service[1], accountId: service[2] };
  const region = NAMESPACE_REGION.exec(pod.namespace)?.[1];
  return { accountId: defaults.accountId, region: region ?? defaults.region };
}
