import { z } from 'zod';

/** True when the runtime knows this IANA zone name (e.g. "Europe/Berlin"). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().trim().min(1).max(64).refine(isTimeZone, { message: 'Unknown time zone' });
