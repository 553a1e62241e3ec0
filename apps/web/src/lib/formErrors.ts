import { isTRPCClientError } from '@trpc/client';

/** One message per field (the first), keyed by field name. */
export type FieldErrors<Field extends string = string> = Partial<Record<Field, string>>;

export interface FormErrors<Field extends string = string> {
  /** Form-level message (wrong credentials, throttling, network), shown in an alert. */
  message: string | null;
  fieldErrors: FieldErrors<Field>;
}

export const noFormErrors = <Field extends string>(): FormErrors<Field> => ({ message: null, fieldErrors: {} });

const GENERIC_MESSAGE = 'Something went wrong. Please try again.';
const NETWORK_MESSAGE = "Can't reach StudySync right now. Check your connection and try again.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Reads `data.fieldErrors: Record<string, string[]>` defensively (the server shape is not trusted). */
function readFieldErrors(data: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(data) || !isRecord(data.fieldErrors)) return out;
  for (const [field, messages] of Object.entries(data.fieldErrors)) {
    const first: unknown = Array.isArray(messages) ? messages[0] : messages;
    if (typeof first === 'string' && first.length > 0) out[field] = first;
  }
  return out;
}

/**
 * Turns whatever a mutation rejected with into what a form shows. Field errors
 * for fields the form has (`fields`) go beside them; anything else becomes the
 * form-level message.
 */
export function toFormErrors<Field extends string>(error: unknown, fields: readonly Field[]): FormErrors<Field> {
  if (!isTRPCClientError(error)) {
    return { message: GENERIC_MESSAGE, fieldErrors: {} };
  }
  const data: unknown = error.data;
  // No data means the request never got a tRPC answer (offline, proxy error, 502).
  if (!isRecord(data)) return { message: NETWORK_MESSAGE, fieldErrors: {} };

  const fieldErrors: FieldErrors<Field> = {};
  const unmatched: string[] = [];
  for (const [field, message] of Object.entries(readFieldErrors(data))) {
    if ((fields as readonly string[]).includes(field)) fieldErrors[field as Field] = message;
    else unmatched.push(message);
  }
  const hasFieldErrors = Object.keys(fieldErrors).length > 0;
  const code = typeof data.code === 'string' ? data.code : '';
  let message: string | null = unmatched[0] ?? null;
  if (!hasFieldErrors && message === null) {
    // Internal errors carry no user-facing text; un-mapped input errors carry zod's JSON.
    const unreadable = code === 'INTERNAL_SERVER_ERROR' || !error.message || /^\s*[[{]/.test(error.message);
    message = unreadable ? GENERIC_MESSAGE : error.message;
  }
  return { message, fieldErrors };
}

/** Zod-style issues (structural, so this module needs no zod import) to one message per top-level field. */
export function issuesToFieldErrors<Field extends string>(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): FieldErrors<Field> {
  const out: FieldErrors<Field> = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && !(field in out)) out[field as Field] = issue.message;
  }
  return out;
}
