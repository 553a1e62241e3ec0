/** Rate limits (in memory or in Redis) and taking from them. */
export {
  createRateLimiters,
  defaultRateLimitSettings,
  type LimitSetting,
  type RateLimiters,
  type RateLimitSettings,
} from './rate-limiters';
export { take, waitFor } from './take';
