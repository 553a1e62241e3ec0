/** The event bus: topics, the in-process and Redis buses, stream queues, and every event they carry. */
export {
  InProcessEventBus,
  topics,
  type BusHealth,
  type BusSubscription,
  type EventBus,
  type Listener,
  type LostListener,
  type Topic,
} from './bus';
export { EventQueue, isSignedOut, listen, signInOf, streamEnded, type ListenOptions } from './queue';
export { RedisEventBus, type RedisEventBusOptions } from './redis-bus';
export { createRedisConnection, createRedisEventBus, type Redis } from './redis-connection';
export type * from './types';
export { TopicCache } from './topic-cache';
