// Phone handlers: the body's number to the service; every answer is the phone-info shape.
import type { Handler } from '../../../../http/handler';
import type * as routes from './phone.routes';
import * as service from './phone.service';

export const parse: Handler<typeof routes.parse> = async (c) => {
  const body = c.req.valid('json');
  return c.json({ data: service.describe(body.phone, body.country_code) }, 200);
};

export const validate: Handler<typeof routes.validate> = async (c) => {
  const body = c.req.valid('json');
  return c.json({ data: service.describe(body.phone, body.country_code) }, 200);
};

export const format: Handler<typeof routes.format> = async (c) => {
  const body = c.req.valid('json');
  return c.json({ data: service.formatNumber(body.phone, body.country_code, body.format) }, 200);
};

export const region: Handler<typeof routes.region> = async (c) => c.json({ data: service.describe(c.req.valid('json').phone) }, 200);

export const callingCode: Handler<typeof routes.callingCode> = async (c) => {
  return c.json({ data: service.callingCodeOf(c.req.valid('param').countryCode.toUpperCase()) }, 200);
};

export const countries: Handler<typeof routes.countries> = async (c) => c.json({ data: service.supportedCountries() }, 200);
