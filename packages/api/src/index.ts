export { appRouter, type AppRouter } from './root';
export { createContextFactory, type Context } from './context';
export type { ApiConfig, ApiDeps, ApiLogger, ProcedureMetric } from './deps';
export { InProcessEventBus, topics, type EventBus, type Listener } from './events/bus';
export type { RealtimeEvent } from './events/types';
export type { PublicUser } from './public-user';
export { SESSION_COOKIE } from './auth/session-token';
export { allJobs, JobRunner, type Job } from './jobs';
