// Drizzle schema, one file per domain.
export * from './identity';
export * from './mfa';
export * from './reference';
export * from './audit';
export * from './security';
