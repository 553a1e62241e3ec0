import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DomainError } from '../errors';

/**
 * Takes `points` from `key`'s budget, atomically, or throws TOO_MANY_REQUESTS with the message
 * `refusal` builds from how long until it may try again. Store errors are not refusals: they
 * propagate and become a logged internal error.
 */
export async function take(
  limiter: RateLimiterAbstract,
  key: string,
  refusal: (retryAfterMs: number) => string,
  points = 1,
): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key, points);
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      throw new DomainError('TOO_MANY_REQUESTS', refusal(error.msBeforeNext));
    }
    throw error;
  }
}

/** "15 minutes", "1 minute", "30 seconds": how long to wait, for a refusal message. */
export function waitFor(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.ceil(ms / 60_000);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const secs = Math.max(1, Math.ceil(ms / 1000));
  return `${secs} second${secs === 1 ? '' : 's'}`;
}
