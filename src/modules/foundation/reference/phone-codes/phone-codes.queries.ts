// The phone codes table (reference data: no tenant), through the isolate's copy.
import * as t from '../../../../db/schema/foundation';
import { cached } from '../cache';

export const phoneCodeRows = cached((db) => db.select().from(t.phoneCodes).orderBy(t.phoneCodes.countryCode));
