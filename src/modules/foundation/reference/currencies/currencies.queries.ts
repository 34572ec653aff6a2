// The currencies table (reference data: no tenant), through the isolate's copy.
import * as t from '../../../../db/schema/foundation';
import { cached } from '../cache';

export const currencyRows = cached((db) => db.select().from(t.currencies).orderBy(t.currencies.code));
