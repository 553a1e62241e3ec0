export * from './auth';
export * from './timezone';
