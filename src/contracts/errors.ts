/**
 * Failures an activity may raise, and how Temporal must treat them.
 *
 * eTOM processes fail in two very different ways: the business says no (credit refused,
 * no port free in that exchange, the order was already cancelled) and retrying changes
 * nothing; or a system did not answer and retrying is exactly right. The error *type*
 * travels in the ApplicationFailure so workflows branch on a stable string, never on a
 * message.
 */

/** Error types that mean "the answer is no": never retried. */
export const BusinessErrorType = {
  InvalidInput: 'InvalidInput',
  NotFound: 'NotFound',
  CreditRefused: 'CreditRefused',
  NotFeasible: 'NotFeasible',
  ResourceUnavailable: 'ResourceUnavailable',
  InvalidStateTransition: 'InvalidStateTransition',
  ConflictingRequest: 'ConflictingRequest',
  TestFailed: 'TestFailed',
  ActivationFailed: 'ActivationFailed',
  SupplierRejected: 'SupplierRejected',
  AcceptanceFailed: 'AcceptanceFailed',
  ContractViolation: 'ContractViolation',
} as const;
export type BusinessErrorType = (typeof BusinessErrorType)[keyof typeof BusinessErrorType];

/** Error types that mean "try again": retried under the activity's retry policy. */
export const TransientErrorType = {
  SystemUnavailable: 'SystemUnavailable',
  Timeout: 'Timeout',
  Busy: 'Busy',
} as const;
export type TransientErrorType = (typeof TransientErrorType)[keyof typeof TransientErrorType];

/** Every business error type: pass it to `nonRetryableErrorTypes` of a retry policy. */
export const NON_RETRYABLE_ERROR_TYPES: readonly string[] = Object.values(BusinessErrorType);

/** A business rejection: the process ran and its answer is no. */
export class BusinessRejection extends Error {
  override readonly name = 'BusinessRejection';
  constructor(
    readonly type: BusinessErrorType,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A fault of a system behind a port (timeout, unavailable): worth retrying. */
export class TransientFault extends Error {
  override readonly name = 'TransientFault';
  constructor(
    readonly type: TransientErrorType,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const reject = (type: BusinessErrorType, message: string, details?: Record<string, unknown>): never => {
  throw new BusinessRejection(type, message, details);
};
