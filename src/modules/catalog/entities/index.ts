// The entity registry (see entities.registry.ts); importing this module registers the built-in types.
import './builtin';

export { assertEntityWritable, findEntities, findEntity, isRegisteredEntityType, registerEntityType, registeredEntityTypes } from './entities.registry';
export type { EntityRef, EntityType } from './entities.registry';
