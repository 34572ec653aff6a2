// Currency handlers: currencies in the reference's shape (bare arrays, as the reference has them).
import type { Handler } from '../../../../http/handler';
import { serviceContext } from '../../../../middleware/service-context';
import type { CurrencyRow } from './currencies.model';
import type * as routes from './currencies.routes';
import * as service from './currencies.service';

const toApi = (row: CurrencyRow) => ({
  code: row.code,
  name: row.name,
  symbol: row.symbol,
  metadata: row.metadata,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

export const list: Handler<typeof routes.list> = async (c) => {
  const rows = await service.listCurrencies(serviceContext(c), c.req.valid('query'));
  return c.json({ data: rows.map(toApi) }, 200);
};

export const byCountry: Handler<typeof routes.byCountry> = async (c) => {
  const rows = await service.currenciesOfCountry(serviceContext(c), c.req.valid('param').country.toUpperCase());
  return c.json({ data: rows.map(toApi) }, 200);
};

export const one: Handler<typeof routes.one> = async (c) => {
  return c.json({ data: toApi(await service.getCurrency(serviceContext(c), c.req.valid('param').code.toUpperCase())) }, 200);
};
