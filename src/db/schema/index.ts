// Drizzle schema, one file per area.
export * from './foundation';
export * from './accounts';
export * from './access';
export * from './outbox';
export * from './tenant-domains';
export * from './tenants';
export * from './tenant-config';
export * from './realtime';
export * from './feedback';
export * from './type-definitions';
export * from './tags';
export * from './categories';
export * from './qr-codes';
export * from './spaces';
export * from './contacts';
export * from './resources';
export * from './resource-moves';
