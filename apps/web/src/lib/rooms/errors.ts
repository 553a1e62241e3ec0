import { isTRPCClientError } from '@trpc/client';

/** The server's words for a failed call, or `fallback` when it has none a student can read. */
export function messageText(error: unknown, fallback: string): string {
  if (!isTRPCClientError(error)) return fallback;
  const data: unknown = error.data;
  const code = typeof data === 'object' && data !== null && 'code' in data ? data.code : null;
  if (!data || code === 'INTERNAL_SERVER_ERROR' || !error.message || /^\s*[[{]/.test(error.message)) return fallback;
  return error.message;
}

/** Whether the call failed because the room is not there for this student (or the code is wrong). */
export function isNotFound(error: unknown): boolean {
  if (!isTRPCClientError(error)) return false;
  const data: unknown = error.data;
  return typeof data === 'object' && data !== null && 'code' in data && data.code === 'NOT_FOUND';
}
