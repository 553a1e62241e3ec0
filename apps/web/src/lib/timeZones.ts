import { getTimeZones, timeZonesNames } from '@vvo/tzdb';

/**
 * Time zones as the picker offers them: current IANA names only (browsers still report some
 * old ones, such as Asia/Calcutta for Asia/Kolkata), each with what a student would search for.
 * The names and their groups come from @vvo/tzdb, kept up to date with the tz database.
 */
export interface TimeZoneOption {
  name: string;
  /** "Asia/Kolkata (+05:30 India Time: Mumbai, Delhi)" */
  label: string;
  /** Lower-case text the search box matches. */
  search: string;
}

const groups = getTimeZones({ includeUtc: true });
const current = new Set<string>([...timeZonesNames, 'Etc/UTC', 'UTC']);

/** Old name → current one, for every deprecated name a group lists. */
const renamed = new Map<string, string>();
for (const zone of groups) {
  for (const member of zone.group) if (!current.has(member)) renamed.set(member, zone.name);
}

/** The current IANA name for `name` (Asia/Calcutta → Asia/Kolkata); other names as they are. */
export function currentZoneName(name: string): string {
  return renamed.get(name) ?? name;
}

const offset = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};

let options: TimeZoneOption[] | undefined;
export function timeZoneOptions(): TimeZoneOption[] {
  if (options) return options;
  const byName = new Map<string, (typeof groups)[number]>();
  for (const zone of groups) for (const member of zone.group) byName.set(member, zone);
  options = ['UTC', ...timeZonesNames].map((name) => {
    const zone = byName.get(name);
    const readable = name.replaceAll('_', ' ');
    if (!zone) return { name, label: readable, search: readable.toLowerCase() };
    const about = `${offset(zone.currentTimeOffsetInMinutes)} ${zone.alternativeName}`;
    const cities = zone.name === name ? zone.mainCities.slice(0, 2).join(', ') : '';
    return {
      name,
      label: cities ? `${readable} (${about}: ${cities})` : `${readable} (${about})`,
      search: [readable, zone.alternativeName, zone.countryName, ...zone.mainCities, ...zone.group]
        .join(' ')
        .toLowerCase(),
    };
  });
  return options;
}

/** The options matching every word typed, the chosen one always kept. */
export function filterTimeZones(query: string, chosen: string): TimeZoneOption[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const all = timeZoneOptions();
  if (words.length === 0) return all;
  return all.filter((option) => option.name === chosen || words.every((word) => option.search.includes(word)));
}
