// Drizzle schema, one file per domain.
export * from './reference';
export * from './outbox';
