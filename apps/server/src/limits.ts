import type { RateLimitSettings } from '@studysync/api';
import type { ServerConfig } from './config';

const MINUTE = 60_000;

/** The rate limits, from the environment (README: "Limits"). */
export function rateLimitSettings(config: ServerConfig): RateLimitSettings {
  const windowMs = config.SIGNIN_WINDOW_MINUTES * MINUTE;
  return {
    signInPair: { points: config.SIGNIN_PAIR_MAX, windowMs, blockMs: windowMs },
    signInAccount: {
      points: 500,
      windowMs: 24 * 60 * MINUTE,
      freeFailures: config.SIGNIN_ACCOUNT_FREE_FAILURES,
      maxDelayMs: windowMs,
    },
    signInAddress: { points: config.SIGNIN_ADDRESS_MAX, windowMs },
    signUpAddress: { points: config.SIGNUPS_PER_ADDRESS_PER_HOUR, windowMs: 60 * MINUTE },
    chatMessages: { points: config.CHAT_MESSAGES_PER_10S, windowMs: 10_000 },
    typing: { points: config.TYPING_PER_10S, windowMs: 10_000 },
    roomJoins: { points: config.ROOM_JOINS_PER_MINUTE, windowMs: MINUTE },
    safetyActions: { points: config.SAFETY_ACTIONS_PER_10_MIN, windowMs: 10 * MINUTE },
  };
}
