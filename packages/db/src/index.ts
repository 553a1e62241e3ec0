export { ObjectId, type Db, type MongoClient } from 'mongodb';
export * from './connect';
export * from './indexes';
export * from './logger';
export * from './users';
export * from './auth-sessions';
export * from './login-throttle';
export * from './all-indexes';
