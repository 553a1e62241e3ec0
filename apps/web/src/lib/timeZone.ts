import { timeZoneSchema } from '@studysync/validators';

/** The browser's IANA time zone, if it reports one the API accepts. */
export function detectTimeZone(): string | undefined {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const parsed = timeZoneSchema.safeParse(zone);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
