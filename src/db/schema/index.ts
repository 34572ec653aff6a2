// Drizzle schema, one file per area.
export * from './foundation';
export * from './accounts';
export * from './access';
export * from './outbox';
export * from './realtime';
