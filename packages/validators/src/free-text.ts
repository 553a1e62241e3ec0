import { z } from 'zod';

// One rule for everything a student writes. Control characters (NUL, ESC, backspace, carriage
// return...) are never text: they corrupt logs, calendar exports and terminals. Multi-line fields
// keep newlines and tabs; single-line ones (names, titles) keep neither.
const SINGLE_LINE = /^[^\p{Cc}]*$/u;
const MULTI_LINE = /^(?:[^\p{Cc}]|[\n\t])*$/u;

export const SINGLE_LINE_MESSAGE = 'Use a single line without control characters';
export const MULTI_LINE_MESSAGE = 'Remove control characters (only line breaks and tabs are allowed)';

export interface FreeTextOptions {
  max: number;
  maxMessage: string;
  /** Required text: at least one character after trimming. */
  minMessage?: string;
  multiLine?: boolean;
}

/** Trimmed, bounded free text without control characters (newlines only when `multiLine`). */
export function freeText({ max, maxMessage, minMessage, multiLine = false }: FreeTextOptions) {
  const trimmed = z.string().trim();
  const bounded = (minMessage ? trimmed.min(1, minMessage) : trimmed).max(max, maxMessage);
  return multiLine ? bounded.regex(MULTI_LINE, MULTI_LINE_MESSAGE) : bounded.regex(SINGLE_LINE, SINGLE_LINE_MESSAGE);
}
