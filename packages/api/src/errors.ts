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
