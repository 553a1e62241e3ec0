import { randomUUID } from 'node:crypto';

/**
 * Why a domain function refuses, in the API's words; `trpc.ts` turns it into the TRPCError of
 * the same code (domain code never imports tRPC). Each code is one of tRPC's (checked there).
 */
export type DomainErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'UNPROCESSABLE_CONTENT'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

/** A refusal the student is shown as it is; `field` names the input it is about, when it is about one. */
export class DomainError extends Error {
  readonly field: string | undefined;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    options: { field?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.field = options.field;
  }
}

/** A refusal about one input field, so clients can show it beside that field. */
export function fieldError(code: DomainErrorCode, field: string, message: string): DomainError {
  return new DomainError(code, message, { field });
}

const references = new WeakMap<object, string>();

/**
 * The reference a client is shown for an unexpected error and the log records beside the full
 * error: the request's id when known, and the same every time it is asked for one error.
 */
export function errorReference(error: object, requestId?: string): string {
  let reference = references.get(error);
  if (!reference) {
    reference = requestId ?? randomUUID();
    references.set(error, reference);
  }
  return reference;
}
