// Calling code handlers: codes in the reference's shape.
import type { Handler } from '../../../../http/handler';
import { serviceContext } from '../../../../middleware/service-context';
import type { PhoneCodeRow } from './phone-codes.model';
import type * as routes from './phone-codes.routes';
import * as service from './phone-codes.service';

const toApi = (row: PhoneCodeRow) => ({
  country_code: row.countryCode,
  idd_root: row.iddRoot,
  idd_suffixes: row.iddSuffixes,
  full_code: row.fullCode,
  metadata: row.metadata,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

export const list: Handler<typeof routes.list> = async (c) => c.json({ data: (await service.listPhoneCodes(serviceContext(c))).map(toApi) }, 200);

export const search: Handler<typeof routes.search> = async (c) => {
  const hits = await service.searchPhoneCodes(serviceContext(c), c.req.valid('query').code);
  return c.json({ data: hits.map(toApi) }, 200);
};

export const one: Handler<typeof routes.one> = async (c) => {
  return c.json({ data: toApi(await service.getPhoneCode(serviceContext(c), c.req.valid('param').country.toUpperCase())) }, 200);
};
