export { appRouter, type AppRouter } from './root';
export { clientAddressResolver, createContextFactory, type Context } from './context';
export type { ApiConfig, ApiDeps, ApiLogger, ProcedureMetric } from './deps';
export { InProcessEventBus, topics, type BusHealth, type EventBus, type Listener } from './events/bus';
export { RedisEventBus } from './events/redis-bus';
export { createRedisConnection, createRedisEventBus, type Redis } from './events/redis-connection';
export type { RealtimeEvent, UserEvent } from './events/types';
export type { PublicUser } from './public-user';
export { SESSION_COOKIE } from './auth/session-token';
export { allJobs, JobRunner, type Job } from './jobs';
export { CALENDAR_PATH_PREFIX, renderCalendarFeed } from './calendar/feed';
export type { AssessmentView, StageView, SubtaskView, ProgressView, StageStatus } from './planner/view';
export type { NotificationView, NotificationKind } from './notifications/view';
export type { NotificationEvent, NotificationsChangedEvent } from './notifications/events';
export { TimerSet } from './timers';
export { PendingWork } from './pending-work';
export type { StudySessionView, SeatView } from './study/view';
export type { StudyStatsView } from './study/stats-view';
export type { PersistedRoomEvent, RoomEvent, MatchFoundEvent } from './events/types';
export * from './progress/public';
export {
  createRateLimiters,
  defaultRateLimitSettings,
  type RateLimiters,
  type RateLimitSettings,
} from './limits/rate-limiters';
export { createPasswordHasher, type PasswordHasher } from './auth/password';
export type { Redis as RedisClient } from 'ioredis';
export { errorReference } from './errors';
