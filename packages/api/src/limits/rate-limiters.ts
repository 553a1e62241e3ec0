import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A budget of `points` per `windowMs`; `blockMs` keeps a key refused that long once it is spent. */
export interface LimitSetting {
  points: number;
  windowMs: number;
  blockMs?: number;
}

export interface RateLimitSettings {
  /** Sign-in attempts for one account from one address: tight (OWASP's per-pair limit). */
  signInPair: LimitSetting;
  /** Sign-in attempts for one account from anywhere: loose; past `freeFailures` each failure adds a growing delay. */
  signInAccount: LimitSetting & { freeFailures: number; maxDelayMs: number };
  /** Sign-in attempts from one address across all accounts. */
  signInAddress: LimitSetting;
  /** New accounts from one address. */
  signUpAddress: LimitSetting;
  /** Chat messages per student. */
  chatMessages: LimitSetting;
  /** "Is typing" pings per student. */
  typing: LimitSetting;
  /** Study-room joins per student. */
  roomJoins: LimitSetting;
  /** Reports, blocks and unblocks per student (each writes; a flood of them is not a safety tool). */
  safetyActions: LimitSetting;
}

const MINUTE = 60_000;

export const defaultRateLimitSettings: RateLimitSettings = {
  signInPair: { points: 5, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE },
  signInAccount: { points: 500, windowMs: 24 * 60 * MINUTE, freeFailures: 10, maxDelayMs: 15 * MINUTE },
  signInAddress: { points: 30, windowMs: 15 * MINUTE },
  signUpAddress: { points: 20, windowMs: 60 * MINUTE },
  chatMessages: { points: 10, windowMs: 10_000 },
  typing: { points: 20, windowMs: 10_000 },
  roomJoins: { points: 20, windowMs: MINUTE },
  safetyActions: { points: 30, windowMs: 10 * MINUTE },
};

export interface RateLimiters {
  signInPair: RateLimiterAbstract;
  signInAccount: RateLimiterAbstract;
  /** Blocks an account for its current growing delay (set after a failure, read before an attempt). */
  signInAccountDelay: RateLimiterAbstract;
  signInAddress: RateLimiterAbstract;
  signUpAddress: RateLimiterAbstract;
  chatMessages: RateLimiterAbstract;
  typing: RateLimiterAbstract;
  roomJoins: RateLimiterAbstract;
  safetyActions: RateLimiterAbstract;
  settings: RateLimitSettings;
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Builds every rate limiter the API uses. In memory (per process) by default; shared by every
 * replica in Redis when handed an ioredis client. Each consume is atomic in either store, so a
 * reservation taken before the work cannot be raced. If Redis is unreachable the Redis limiters
 * fall back to a per-process one rather than failing the request.
 */
export function createRateLimiters(
  options: { redis?: Redis; settings?: Partial<RateLimitSettings>; keyPrefix?: string } = {},
): RateLimiters {
  const settings: RateLimitSettings = { ...defaultRateLimitSettings, ...options.settings };
  const prefix = options.keyPrefix ?? 'studysync:rl';
  const build = (name: string, setting: LimitSetting): RateLimiterAbstract => {
    const base = {
      keyPrefix: `${prefix}:${name}`,
      points: setting.points,
      duration: seconds(setting.windowMs),
      ...(setting.blockMs ? { blockDuration: seconds(setting.blockMs) } : {}),
    };
    const memory = new RateLimiterMemory(base);
    if (!options.redis) return memory;
    return new RateLimiterRedis({ ...base, storeClient: options.redis, insuranceLimiter: memory });
  };
  return {
    signInPair: build('signin-pair', settings.signInPair),
    signInAccount: build('signin-account', settings.signInAccount),
    // One point: any block() refuses until it lapses; get() tells how long is left.
    signInAccountDelay: build('signin-delay', { points: 1, windowMs: settings.signInAccount.maxDelayMs }),
    signInAddress: build('signin-address', settings.signInAddress),
    signUpAddress: build('signup-address', settings.signUpAddress),
    chatMessages: build('chat', settings.chatMessages),
    typing: build('typing', settings.typing),
    roomJoins: build('room-joins', settings.roomJoins),
    safetyActions: build('safety', settings.safetyActions),
    settings,
  };
}
