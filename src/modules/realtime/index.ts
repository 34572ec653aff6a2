// The realtime area: peer chat (conversations, messages), realtime channels, the missed-events log,
// the client configuration and the WebSocket endpoint (one Durable Object per channel, src/realtime/).
import { newRouter } from '../../http/router';
import * as ch from './channels/channels.handlers';
import * as chr from './channels/channels.routes';
import * as cc from './client-config/client-config.handlers';
import * as ccr from './client-config/client-config.routes';
import * as conv from './conversations/conversations.handlers';
import * as convr from './conversations/conversations.routes';
import * as ev from './events/events.handlers';
import * as evr from './events/events.routes';
import * as msg from './messages/messages.handlers';
import * as msgr from './messages/messages.routes';
import * as ws from './socket/socket.handlers';
import * as wsr from './socket/socket.routes';

export type { RealtimeEvent } from './events/events.model';
export type { UserEventInput } from './events/events.queries';
export { publishToUsers } from './events/events.service';

// Static paths before `{id}` (the router tries routes in order).
export const realtimeModule = newRouter()
  .openapi(wsr.socket, ws.socket)
  .openapi(ccr.realtime, cc.realtime)
  .openapi(convr.unreadCount, conv.unreadCount)
  .openapi(convr.list, conv.list)
  .openapi(convr.start, conv.start)
  .openapi(convr.get, conv.get)
  .openapi(convr.channel, conv.channel)
  .openapi(msgr.history, msg.history)
  .openapi(msgr.send, msg.send)
  .openapi(msgr.remove, msg.remove)
  .openapi(msgr.read, msg.read)
  .openapi(msgr.typing, msg.typing)
  .openapi(evr.missed, ev.missed)
  .openapi(chr.list, ch.list)
  .openapi(chr.create, ch.create)
  .openapi(chr.get, ch.get)
  .openapi(chr.remove, ch.remove);
