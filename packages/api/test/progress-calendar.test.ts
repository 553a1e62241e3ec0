import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, daysFrom, isDay, localDay, weekOf } from '../src/dates';
import {
  bestStreak,
  chartWindow,
  periodOf,
  periodsOf,
  recentDays,
  streakSummary,
  streaks,
  streaksOf,
} from '../src/progress/calendar';

/** Zones on both sides of UTC, with and without daylight saving, and odd offsets. */
const ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
] as const;

const zoneArb = fc.constantFrom(...ZONES);
/** An instant between 2000 and 2060. */
const instantArb = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }).map((ms) => new Date(ms));
const dayArb = fc.integer({ min: 0, max: 30_000 }).map((offset) => addDays('2000-01-01', offset));

/** The local date at `instant` in `zone`, computed without luxon. */
function intlDay(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/** The instant when it is `time` on `day` in `zone`. */
const at = (day: string, time: string, zone: string) => DateTime.fromISO(`${day}T${time}`, { zone }).toUTC().toJSDate();

const studied = (...days: string[]) => Object.fromEntries(days.map((day) => [day, 25]));

describe('local days', () => {
  it('agree with the platform for any instant in any zone', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (instant, zone) => {
        expect(localDay(zone, instant)).toBe(intlDay(instant, zone));
      }),
      { numRuns: 2_000 },
    );
  });

  it('turn over at local midnight, not at UTC midnight', () => {
    // 15:00 UTC is midnight in Tokyo; 08:00 UTC is midnight in Los Angeles (PST).
    expect(localDay('Asia/Tokyo', new Date('2026-11-26T14:59:59.999Z'))).toBe('2026-11-26');
    expect(localDay('Asia/Tokyo', new Date('2026-11-26T15:00:00.000Z'))).toBe('2026-11-27');
    expect(localDay('America/Los_Angeles', new Date('2026-11-27T07:59:59.999Z'))).toBe('2026-11-26');
    expect(localDay('America/Los_Angeles', new Date('2026-11-27T08:00:00.000Z'))).toBe('2026-11-27');
    expect(localDay('Asia/Kolkata', new Date('2026-11-26T18:29:59.999Z'))).toBe('2026-11-26');
    expect(localDay('Asia/Kolkata', new Date('2026-11-26T18:30:00.000Z'))).toBe('2026-11-27');
    // The same instant is three different days around the world.
    const instant = new Date('2026-11-26T11:30:00Z');
    expect(localDay('Pacific/Kiritimati', instant)).toBe('2026-11-27');
    expect(localDay('UTC', instant)).toBe('2026-11-26');
    expect(localDay('Pacific/Pago_Pago', instant)).toBe('2026-11-26');
    expect(localDay('Pacific/Pago_Pago', new Date('2026-11-26T10:59:00Z'))).toBe('2026-11-25');
  });

  it('follow daylight-saving changes', () => {
    // New York springs forward on 8 March 2026: midnight is 05:00 UTC before, 04:00 UTC after.
    expect(localDay('America/New_York', new Date('2026-03-08T04:59:00Z'))).toBe('2026-03-07');
    expect(localDay('America/New_York', new Date('2026-03-09T03:59:00Z'))).toBe('2026-03-08');
    expect(localDay('America/New_York', new Date('2026-03-09T04:00:00Z'))).toBe('2026-03-09');
    // Sydney falls back on 5 April 2026 (UTC+11 → UTC+10).
    expect(localDay('Australia/Sydney', new Date('2026-04-04T12:59:00Z'))).toBe('2026-04-04');
    expect(localDay('Australia/Sydney', new Date('2026-04-04T13:00:00Z'))).toBe('2026-04-05');
    expect(localDay('Australia/Sydney', new Date('2026-04-05T13:59:00Z'))).toBe('2026-04-05');
    expect(localDay('Australia/Sydney', new Date('2026-04-05T14:00:00Z'))).toBe('2026-04-06');
  });

  it('refuse unknown zones and malformed dates', () => {
    expect(() => localDay('Mars/Olympus', new Date())).toThrow(RangeError);
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '', '0999-01-01']) {
      expect(isDay(bad)).toBe(false);
      expect(() => addDays(bad, 1)).toThrow(RangeError);
    }
  });
});

describe('calendar-day arithmetic', () => {
  it('adds and counts days as inverses, including across leap days and years', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -2_000, max: 2_000 }), (day, days) => {
        const later = addDays(day, days);
        expect(isDay(later)).toBe(true);
        expect(daysBetween(day, later)).toBe(days);
        expect(addDays(later, -days)).toBe(day);
      }),
    );
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    // The day New York loses an hour is still one calendar day.
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
  });

  it('lists consecutive days exactly as adding one day at a time does', () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: 0, max: 400 }), (first, count) => {
        expect(daysFrom(first, count)).toEqual(Array.from({ length: count }, (_, index) => addDays(first, index)));
      }),
    );
    expect(daysFrom('2028-02-28', 3)).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(() => daysFrom('2026-02-30', 1)).toThrow(RangeError);
  });

  it('weeks run Monday to Sunday', () => {
    fc.assert(
      fc.property(dayArb, (day) => {
        const { start, end } = weekOf(day);
        expect(DateTime.fromISO(start).weekday).toBe(1);
        expect(daysBetween(start, end)).toBe(6);
        expect(start <= day && day <= end).toBe(true);
      }),
    );
    expect(weekOf('2026-11-29')).toEqual({ start: '2026-11-23', end: '2026-11-29' }); // a Sunday
    expect(weekOf('2026-11-30')).toEqual({ start: '2026-11-30', end: '2026-12-06' }); // a Monday
  });
});

describe('streaks', () => {
  it('count consecutive studied days ending today or yesterday', () => {
    expect(streaks({}, '2026-11-27')).toEqual({ current: 0, best: 0, lastDay: null, today: false });
    expect(streaks(studied('2026-11-27'), '2026-11-27')).toMatchObject({ current: 1, best: 1, today: true });
    expect(streaks(studied('2026-11-26'), '2026-11-27')).toMatchObject({ current: 1, best: 1, today: false });
    expect(streaks(studied('2026-11-25'), '2026-11-27')).toMatchObject({ current: 0, best: 1 });
    const run = studied('2026-11-20', '2026-11-21', '2026-11-22', '2026-11-24', '2026-11-25', '2026-11-26');
    expect(streaks(run, '2026-11-26')).toEqual({ current: 3, best: 3, lastDay: '2026-11-26', today: true });
    expect(streaks(run, '2026-11-27')).toMatchObject({ current: 3, best: 3, today: false });
    expect(streaks(run, '2026-11-28')).toMatchObject({ current: 0, best: 3 });
    // Across a month and a year end.
    expect(streaks(studied('2026-12-30', '2026-12-31', '2027-01-01'), '2027-01-02').current).toBe(3);
  });

  it('ignore days without minutes, and count a day recorded ahead of today (moved west) as today', () => {
    expect(streaks({ '2026-11-26': 0, '2026-11-27': 30 }, '2026-11-27')).toMatchObject({ current: 1, best: 1 });
    // Recorded in Tokyo on the 28th; now in Los Angeles, where it is still the 27th.
    expect(streaks(studied('2026-11-27', '2026-11-28'), '2026-11-27')).toMatchObject({ current: 2, today: true });
  });

  it('never exceed the best, which is the longest run, and do not depend on key order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }), dayArb, (offsets, today) => {
        const days = offsets.map((offset) => addDays(today, -offset));
        const result = streaks(studied(...days), today);
        const reversed = streaks(studied(...[...days].reverse()), today);
        expect(reversed).toEqual(result);
        expect(result.current).toBeLessThanOrEqual(result.best);
        // Brute force: the longest run, and the run reaching today or yesterday.
        const set = new Set(offsets);
        let best = 0;
        for (const offset of offsets) {
          let length = 0;
          while (set.has(offset + length)) length += 1;
          best = Math.max(best, length);
        }
        expect(result.best).toBe(best);
        expect(bestStreak(studied(...days))).toBe(best);
        const from = set.has(0) ? 0 : set.has(1) ? 1 : null;
        let current = 0;
        if (from !== null) while (set.has(from + current)) current += 1;
        expect(result.current).toBe(current);
      }),
    );
  });

  it('a student who studies every local day keeps the streak at any hour, across daylight-saving changes', () => {
    fc.assert(
      fc.property(
        zoneArb,
        // Start somewhere in 2026, so runs cross a DST change in either hemisphere.
        fc.integer({ min: 0, max: 364 }),
        // When in each local day the session ended, as a fraction of that day's real length
        // (23, 24 or 25 hours), so every moment of a short or long day can be drawn.
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 45 }),
        (zone, start, fractionsOfDay) => {
          const first = addDays('2026-01-01', start);
          const days: Record<string, number> = {};
          for (const [index, fraction] of fractionsOfDay.entries()) {
            const day = addDays(first, index);
            const midnight = DateTime.fromISO(day, { zone });
            const nextMidnight = midnight.plus({ days: 1 });
            const ended = new Date(
              midnight.toMillis() + Math.floor(fraction * (nextMidnight.toMillis() - midnight.toMillis())),
            );
            // The session ended then; its day is the student's day at that moment.
            const endedDay = localDay(zone, ended);
            expect(endedDay).toBe(day);
            days[endedDay] = (days[endedDay] ?? 0) + 25;
          }
          const last = addDays(first, fractionsOfDay.length - 1);
          // One unbroken run: as long as there are studied days.
          expect(streaks(days, last)).toMatchObject({ current: fractionsOfDay.length, best: fractionsOfDay.length });
          expect(streaks(days, addDays(last, 1)).current).toBe(fractionsOfDay.length);
          expect(streaks(days, addDays(last, 2)).current).toBe(0);
        },
      ),
      // Chatham's 23-hour day (27 Sep 2026), studied in its last hour: CI once drew this.
      { examples: [['Pacific/Chatham', 266, [0, 0, 0, 0.99, 0]]] },
    );
  });

  it('keeps a streak abroad that counting by UTC days would break', () => {
    // A student in Tokyo studies in the morning one day and late at night the next.
    const zone = 'Asia/Tokyo';
    const sessions = [
      at('2026-11-24', '08:30', zone),
      at('2026-11-25', '23:30', zone),
      at('2026-11-26', '12:00', zone),
    ];
    const own: Record<string, number> = {};
    const utc: Record<string, number> = {};
    for (const ended of sessions) {
      own[localDay(zone, ended)] = 25;
      utc[ended.toISOString().slice(0, 10)] = 25;
    }
    expect(Object.keys(own)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
    expect(streaks(own, localDay(zone, at('2026-11-26', '21:00', zone))).current).toBe(3);
    // What the server's clock would have said: 23 Nov, 25 Nov, 26 Nov — the streak broken.
    expect(Object.keys(utc)).toEqual(['2026-11-23', '2026-11-25', '2026-11-26']);
    expect(streaks(utc, '2026-11-26').current).toBe(2);
  });

  it('New York students studying late each night keep their streak over the spring-forward night', () => {
    const zone = 'America/New_York';
    const days: Record<string, number> = {};
    for (const day of ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09']) {
      days[localDay(zone, at(day, '23:50', zone))] = 30;
    }
    expect(Object.keys(days)).toEqual(['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09']);
    // Ten past midnight on the 10th (04:10 UTC, daylight time): yesterday counts.
    expect(streaks(days, localDay(zone, new Date('2026-03-10T04:10:00Z')))).toMatchObject({ current: 4, best: 4 });
  });
});

describe('minutes per day', () => {
  it('charts 12 whole weeks, the last cut at today', () => {
    fc.assert(
      fc.property(dayArb, (today) => {
        const window = chartWindow(today);
        expect(window.at(-1)).toBe(today);
        expect(DateTime.fromISO(window[0] ?? '').weekday).toBe(1);
        expect(window.length).toBeGreaterThanOrEqual(11 * 7 + 1);
        expect(window.length).toBeLessThanOrEqual(12 * 7);
        for (let i = 1; i < window.length; i += 1) expect(daysBetween(window[i - 1] ?? '', window[i] ?? '')).toBe(1);
      }),
    );
    expect(chartWindow('2026-11-29')).toHaveLength(84); // a Sunday: 12 full weeks
    expect(chartWindow('2026-11-30')).toHaveLength(78); // a Monday
  });
});

describe('the bounded copy progress reads', () => {
  it('shows the same chart and streaks as the whole map, whenever it is read after it was taken', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: -1, max: 400 }),
        (offsets, later) => {
          const days = Object.fromEntries(offsets.map((offset) => [addDays('2024-01-01', offset), 10 + offset]));
          const latest = Object.keys(days).sort().at(-1) ?? '2024-01-01';
          const today = addDays(latest, later);
          const kept = recentDays(days, 120);
          expect(Object.keys(kept).length).toBeLessThanOrEqual(121);
          const window = chartWindow(today);
          expect(window.map((day) => kept[day] ?? 0)).toEqual(window.map((day) => days[day] ?? 0));
          expect(streaksOf(streakSummary(days), today)).toEqual(streaks(days, today));
        },
      ),
    );
  });
});

describe('leaderboard periods', () => {
  it('weeks start on Monday 00:00 UTC and last exactly 7 days; months follow the UTC calendar', () => {
    fc.assert(
      fc.property(instantArb, (instant) => {
        const week = periodOf('week', instant);
        const start = week.startsAt?.getTime() ?? NaN;
        const end = week.endsAt?.getTime() ?? NaN;
        expect(start).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime()).toBeLessThan(end);
        expect(end - start).toBe(7 * 86_400_000);
        const utc = DateTime.fromJSDate(instant, { zone: 'utc' });
        expect(new Date(start).getUTCDay()).toBe(1);
        expect(new Date(start).toISOString()).toMatch(/T00:00:00\.000Z$/);
        expect(week.id).toBe(`week:${utc.toFormat("kkkk-'W'WW")}`);
        const month = periodOf('month', instant);
        expect(month.id).toBe(`month:${instant.toISOString().slice(0, 7)}`);
        expect(month.startsAt?.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime()).toBeLessThan(month.endsAt?.getTime() ?? NaN);
        expect(periodOf('all', instant)).toMatchObject({ id: 'all', startsAt: null, endsAt: null });
      }),
      { numRuns: 1_000 },
    );
  });

  it('roll over by the calendar, for everyone at once', () => {
    expect(periodOf('week', new Date('2026-11-29T23:59:59.999Z')).id).toBe('week:2026-W48');
    expect(periodOf('week', new Date('2026-11-30T00:00:00.000Z')).id).toBe('week:2026-W49');
    // ISO week years: the last days of December can be week 1 of the next year, and vice versa.
    expect(periodOf('week', new Date('2024-12-30T12:00:00Z')).id).toBe('week:2025-W01');
    expect(periodOf('week', new Date('2027-01-01T12:00:00Z')).id).toBe('week:2026-W53');
    expect(periodOf('week', new Date('2027-01-04T00:00:00Z')).id).toBe('week:2027-W01');
    expect(periodOf('week', new Date('2026-11-27T12:00:00Z')).label).toBe('Week 48, 2026');
    expect(periodOf('month', new Date('2026-11-30T23:59:59.999Z'))).toMatchObject({
      id: 'month:2026-11',
      label: 'November 2026',
    });
    expect(periodOf('month', new Date('2026-12-01T00:00:00Z')).id).toBe('month:2026-12');
    expect(periodsOf(new Date('2026-11-27T12:00:00Z')).map((period) => period.id)).toEqual([
      'week:2026-W48',
      'month:2026-11',
      'all',
    ]);
  });
});
