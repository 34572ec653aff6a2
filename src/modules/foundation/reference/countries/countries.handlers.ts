// Country handlers: the caller's language, the service's answer in the reference's shape.
import type { Handler } from '../../../../http/handler';
import { serviceContext } from '../../../../middleware/service-context';
import { pickLanguage } from '../locale';
import type * as routes from './countries.routes';
import * as service from './countries.service';

export const list: Handler<typeof routes.list> = async (c) => {
  const q = c.req.valid('query');
  const lang = pickLanguage(q.language, c.req.header('accept-language'));
  const { page, total } = await service.listCountries(serviceContext(c), q, lang);
  return c.json(
    {
      data: {
        countries: page.map(({ row, name }) => ({
          iso_code: row.isoCode,
          cca3: row.cca3,
          name_ascii: row.nameAscii,
          name_local: row.nameLocal,
          flag_url: row.flagUrl,
          currencies: row.currencies,
          phone_code: row.phoneCode,
          metadata: {
            region: row.metadata.region,
            ...(row.metadata.calling_code && { calling_code: row.metadata.calling_code }),
            ...(row.metadata.currency_code && { currency_code: row.metadata.currency_code }),
            ...(row.metadata.capital && { capital: row.metadata.capital }),
          },
          created_at: row.createdAt.toISOString(),
          updated_at: row.updatedAt.toISOString(),
          name,
        })),
        total,
        limit: q.limit,
        offset: q.offset,
      },
    },
    200,
  );
};

export const regions: Handler<typeof routes.regions> = async (c) => c.json({ data: { regions: await service.regions(serviceContext(c)) } }, 200);

export const one: Handler<typeof routes.one> = async (c) => {
  const iso = c.req.valid('param').isoCode.toUpperCase();
  const lang = pickLanguage(c.req.valid('query').language, c.req.header('accept-language'));
  const { row, name } = await service.getCountry(serviceContext(c), iso, lang);
  return c.json(
    {
      data: {
        iso_code: row.isoCode,
        name_ascii: row.nameAscii,
        name_local: row.nameLocal,
        flag_url: row.flagUrl,
        metadata: row.metadata,
        created_at: row.createdAt.toISOString(),
        updated_at: row.updatedAt.toISOString(),
        name,
      },
    },
    200,
  );
};
