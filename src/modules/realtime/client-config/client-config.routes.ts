// Realtime client configuration (/secure/auth/client-config/realtime): the reference's shape, our values.
import * as contract from '../../../contract/realtime';
import { contractRoute } from '../../../http/route';

export const realtime = contractRoute(contract.getSecureAuthClientConfigRealtime, {
  description:
    'Runtime realtime configuration, in the reference\'s shape: `supabaseUrl` carries **our** realtime WebSocket endpoint ' +
    '(`wss://<host>/api/v1/public/realtime/ws`, or `REALTIME_URL`) and `supabaseAnonKey` a **short-lived realtime token** (a signed JWT naming the ' +
    'caller and their tenant, valid `REALTIME_TOKEN_TTL_SECONDS`, default 300 s) to open it with: `<supabaseUrl>?token=<supabaseAnonKey>&channel=<channel_name>`. ' +
    'The token only opens sockets (sockets stay open after it expires); ask again before reconnecting. `Cache-Control: no-store`. For signed-in people (API keys: 403).',
  auth: { usersOnly: true },
});
