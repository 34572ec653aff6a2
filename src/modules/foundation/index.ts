// Foundation area: public reference data (countries, currencies, languages, calling codes, phone
// numbers, time zones; no tenant) and the system's health and information.
import { newRouter } from '../../http/router';
import { countriesRouter } from './reference/countries';
import { currenciesRouter } from './reference/currencies';
import { languagesRouter } from './reference/languages';
import { phoneRouter } from './reference/phone';
import { phoneCodesRouter } from './reference/phone-codes';
import { timezonesRouter } from './reference/timezones';
import { systemRouter } from './system';

export const foundationRouter = newRouter()
  .route('/', countriesRouter)
  .route('/', currenciesRouter)
  .route('/', languagesRouter)
  .route('/', phoneCodesRouter)
  .route('/', phoneRouter)
  .route('/', timezonesRouter)
  .route('/', systemRouter);
