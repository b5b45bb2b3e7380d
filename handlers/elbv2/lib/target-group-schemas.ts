import { boolean, integer, list, string, structure, type ValueOf } from '../../../gateway/api/schema.js';
import { PROTOCOLS } from './target-group-kind.js';

// Member schemas of the target group and target operations, with the API model's ranges
// (API reference, CreateTargetGroup / ModifyTargetGroup / TargetDescription).

export const protocol = () => string({ enum: PROTOCOLS });
export const port = () => integer({ min: 1, max: 65535 });

/** The health-check members CreateTargetGroup and ModifyTargetGroup share. */
export const healthCheckMembers = () => ({
  HealthCheckProtocol: protocol(),
  HealthCheckPort: string({ max: 1024 }),
  HealthCheckPath: string({ min: 1, max: 1024 }),
  HealthCheckEnabled: boolean(),
  HealthCheckIntervalSeconds: integer({ min: 5, max: 300 }),
  HealthCheckTimeoutSeconds: integer({ min: 2, max: 120 }),
  HealthyThresholdCount: integer({ min: 2, max: 10 }),
  UnhealthyThresholdCount: integer({ min: 2, max: 10 }),
  Matcher: structure({ HttpCode: string(), GrpcCode: string() }),
});

const target = () => structure({
  Id: string({ required: true }),
  Port: port(),
  AvailabilityZone: string(),
  QuicServerId: string(),
});
/** A TargetDescription as the schema delivers it: the id is always there. */
export type TargetInput = ValueOf<ReturnType<typeof target>>;
export const targetList = <R extends boolean = true>(required?: R) => list(target(), { required: required ?? true });
