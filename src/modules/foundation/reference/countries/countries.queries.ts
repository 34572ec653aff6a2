// The countries table (reference data: no tenant), through the isolate's copy.
import * as t from '../../../../db/schema/foundation';
import { cached } from '../cache';

export const countryRows = cached((db) => db.select().from(t.countries).orderBy(t.countries.isoCode));
