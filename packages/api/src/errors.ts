import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

/** Marks a TRPCError as being about one input field, so clients can show it beside that field. */
export class FieldError extends Error {
  constructor(readonly field: string) {
    super(`field: ${field}`);
    this.name = 'FieldError';
  }
}

export function fieldError(code: TRPC_ERROR_CODE_KEY, field: string, message: string): TRPCError {
  return new TRPCError({ code, message, cause: new FieldError(field) });
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
