// Integrators: API keys and application accounts (programmatic access to a tenant).
import { newRouter } from '../../http/router';
import { apiKeyRoutes } from './api-keys';
import { appAccountRoutes } from './app-accounts';

export const integratorsModule = newRouter().route('/', apiKeyRoutes).route('/', appAccountRoutes);
