// Drizzle schema, one file per domain.
export * from './audit';
export * from './identity';
export * from './mfa';
export * from './reference';
export * from './outbox';
export * from './flow';
export * from './identities';
export * from './integrators';
export * from './security';
export * from './invitations';
export * from './oauth';
