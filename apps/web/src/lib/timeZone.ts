import { timeZoneSchema } from '@studysync/validators';
import { currentZoneName } from './timeZones';

/** The browser's IANA time zone under its current name, if it reports one the API accepts. */
export function detectTimeZone(): string | undefined {
  try {
    const zone = currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone);
    const parsed = timeZoneSchema.safeParse(zone);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
