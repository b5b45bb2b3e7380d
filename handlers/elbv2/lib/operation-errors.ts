import { ServiceError } from '../../../gateway/api/errors.js';

// AWS errors of DescribeSSLPolicies, the capacity reservation operations, ModifyIpPools,
// GetResourcePolicy and the target group stickiness checks. Codes are the wire codes of the API
// model (`awsQueryError`); messages are AWS's where known, else the API reference's description
// of the error, as said at each.

/** SSLPolicyNotFound: the wording AWS answers with is not known; this names the policy. */

// Capacity reservations: the API reference's descriptions of the errors (ModifyCapacityReservation).
export const capacityUnitsLimitExceeded = () => new ServiceError('CapacityUnitsLimitExceeded', "You've exceeded the capacity units limit.");
export const capacityReservationPending = () => new ServiceError('CapacityReservationPending', 'There is a pending capacity reservation.');
/** The wire code is singular ("Request"), unlike the SDK's exception name. */
export const capacityDecreaseRequestsLimitExceeded = () =>
  new ServiceError('CapacityDecreaseRequestLimitExceeded', "You've exceeded the daily capacity decrease limit for this reservation.");

/** OperationNotPermitted for a load balancer type or configuration that has no LCU reservation (AWS's text unknown). */
export const capacityReservationNotPermitted = (why: string) => new ServiceError('OperationNotPermitted', why);

/** GetResourcePolicy on an ARN that names nothing shareable: the API reference's description. */
export const resourceNotFound = () => new ServiceError('ResourceNotFound', 'The specified resource does not exist.');

/** A stickiness type of the right family on the wrong protocol (AWS's text). */
export const stickinessTypeNotSupported = (type: string, protocol: string) =>
  new ServiceError('InvalidConfigurationRequest', `Stickiness type '${type}' is not supported for target groups with the ${protocol} protocol`);

/** Stickiness on a TLS target group (AWS's text). */
export const stickinessNotOnTls = () => new ServiceError('InvalidConfigurationRequest', 'You cannot enable stickiness on target groups with the TLS protocol');
