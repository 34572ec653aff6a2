// Language handlers: languages in the reference's shape.
import type { Handler } from '../../../../http/handler';
import { serviceContext } from '../../../../middleware/service-context';
import type { LanguageRow } from './languages.model';
import type * as routes from './languages.routes';
import * as service from './languages.service';

const toApi = (row: LanguageRow) => ({
  iso_code_1: row.isoCode1,
  iso_code_2: row.isoCode2,
  iso_code_3: row.isoCode3,
  name_english: row.nameEnglish,
  name_local: row.nameLocal,
  country_code: row.countryCode,
  metadata: row.metadata,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

export const list: Handler<typeof routes.list> = async (c) => {
  const q = c.req.valid('query');
  const { page, total } = await service.listLanguages(serviceContext(c), q);
  return c.json({ data: { languages: page.map(toApi), total, limit: q.limit, offset: q.offset } }, 200);
};

export const one: Handler<typeof routes.one> = async (c) => {
  return c.json({ data: toApi(await service.getLanguage(serviceContext(c), c.req.valid('param').code.toLowerCase())) }, 200);
};
