/** The api's public face: what the server app, benchmarks and (as types) the web app use. */
export { appRouter, type AppRouter } from './root';
export { clientAddressResolver, createContextFactory, type Context } from './context';
export type { ApiConfig, ApiDeps, ApiHooks, ApiLogger, ProcedureMetric, ReportMetric, RoomMembers } from './deps';
export { apiHooks } from './wiring';
export {
  createRedisConnection,
  createRedisEventBus,
  InProcessEventBus,
  RedisEventBus,
  topics,
  type BoardChangedEvent,
  type BoardRowView,
  type BusHealth,
  type EventBus,
  type Listener,
  type MatchFoundEvent,
  type Medal,
  type NotificationEvent,
  type NotificationKind,
  type NotificationsChangedEvent,
  type NotificationView,
  type PersistedRoomEvent,
  type RealtimeEvent,
  type Redis,
  type RoomDirectoryEntryView,
  type RoomDirectoryEvent,
  type RoomEvent,
  type UserEvent,
} from './events';
export type { PublicUser } from './public-user';
export { createPasswordHasher, SESSION_COOKIE, type PasswordHasher } from './auth';
export { allJobs, JobRunner, type Job } from './jobs';
export { CALENDAR_PATH_PREFIX, renderCalendarFeed } from './calendar';
export type { AssessmentView, StageStatus, StageView, SubtaskProgressView, SubtaskView } from './planner';
export { TimerSet } from './timers';
export { PendingWork } from './pending-work';
export type { StudySessionView, SeatView, StudyStatsView } from './study';
export type { RoomMemberView, RoomPhaseView, RoomView } from './rooms';
export {
  ACHIEVEMENTS,
  achievementMeasures,
  buildBoardDocuments,
  compareRanked,
  periodOf,
  periodsOf,
  reachedAchievements,
  summarizeStats,
  type AchievementKey,
  type AchievementView,
  type BoardDocuments,
  type BoardLiveView,
  type BoardStandingView,
  type BoardView,
  type Period,
  type ProgressView,
  type Standing,
} from './progress';
export { createRateLimiters, defaultRateLimitSettings, type RateLimiters, type RateLimitSettings } from './limits';
export type { Redis as RedisClient } from 'ioredis';
export { localDay } from './dates';
export { errorReference } from './errors';
