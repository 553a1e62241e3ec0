export * from './auth';
export * from './timezone';
export * from './planner';
export * from './notifications';
export * from './study';
export * from './progress';
export * from './free-text';
export * from './account';
