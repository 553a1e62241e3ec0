export * from './auth';
export * from './timezone';
export * from './study';
