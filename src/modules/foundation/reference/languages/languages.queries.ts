// The languages table (reference data: no tenant), through the isolate's copy.
import * as t from '../../../../db/schema/foundation';
import { cached } from '../cache';

export const languageRows = cached((db) => db.select().from(t.languages).orderBy(t.languages.nameEnglish));
