// Public reference data: countries, currencies, languages, time zones, phone codes and numbers.
import { newRouter } from '../../http/router';
import { countries } from './countries';
import { currencies } from './currencies';
import { languages } from './languages';
import { phone } from './phone';
import { phoneCodes } from './phone-codes';
import { timezones } from './timezones';

export const referenceModule = newRouter()
  .route('/', countries)
  .route('/', currencies)
  .route('/', languages)
  .route('/', phoneCodes)
  .route('/', phone)
  .route('/', timezones);
