/** Hour buckets are UTC hours written `YYYY-MM-DDTHH`, which sort as they should as strings. */

const HOUR_MS = 60 * 60 * 1000;

export function hourBucket(at: Date): string {
  return at.toISOString().slice(0, 13);
}

export function hourStart(bucket: string): Date {
  return new Date(`${bucket}:00:00.000Z`);
}

export function nextHour(bucket: string): string {
  return hourBucket(new Date(hourStart(bucket).getTime() + HOUR_MS));
}

export function previousHour(bucket: string): string {
  return hourBucket(new Date(hourStart(bucket).getTime() - HOUR_MS));
}

/** The first instant after the bucket's hour. */
export function hourEnd(bucket: string): Date {
  return new Date(hourStart(bucket).getTime() + HOUR_MS);
}
