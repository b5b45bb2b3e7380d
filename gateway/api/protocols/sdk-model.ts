import { NormalizedSchema } from '@smithy/core/schema';
import type { StaticOperationSchema } from '@smithy/types';

const OPERATION_SCHEMA: StaticOperationSchema[0] = 9;

/**
 * Each operation's output structure, from an AWS SDK v3 client package: the package exports one
 * static schema per operation (`DescribeRules$`, a `StaticOperationSchema` of `@smithy/types`,
 * whose last element is the output). Read once at start-up; an operation the package does not
 * model is a start-up error, as a handler file naming no operation is.
 */
export function sdkOutputShapes(sdk: object, operations: readonly string[]): ReadonlyMap<string, NormalizedSchema> {
  const shapes = new Map<string, NormalizedSchema>();
  for (const operation of operations) {
    const schema = (sdk as Record<string, unknown>)[`${operation}$`] as StaticOperationSchema | undefined;
    if (!Array.isArray(schema) || schema[0] !== OPERATION_SCHEMA) throw new Error(`The SDK model has no operation ${operation}`);
    shapes.set(operation, NormalizedSchema.of(schema[5]));
  }
  return shapes;
}
