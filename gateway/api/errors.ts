/**
 * An error that reaches the client as an AWS error envelope. `code` is AWS's error code verbatim
 * (`LoadBalancerNotFound`, `ValidationError`, …); `senderFault` picks `<Type>Sender</Type>` or
 * `Receiver`.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly senderFault = status < 500,
  ) {
    super(message);
    this.name = code;
  }
}

/** AWS's generic input error, used by schema validation and by handlers for cross-field checks. */
export function validationError(message: string): ServiceError {
  return new ServiceError('ValidationError', message);
}
