// One Durable Object per realtime channel (named `<tenant>/<channel_name>`), on the WebSocket
// Hibernation API: the runtime holds the sockets while the object is evicted; each socket's state
// (user, channel, catching up or live) is its attachment, never an in-memory map; "ping" is
// answered "pong" by the runtime without waking the object.
//
// Ordering: events arrive from the Worker after their transaction committed (POST /publish),
// possibly out of order or not at all. The object keeps the last sequence it delivered in its
// storage; a duplicate is dropped, a gap is filled from the Postgres event log first, so every
// live socket gets each event once, in sequence order. A socket opened with `after_seq` is sent
// the log from there up to the live position before it joins the live stream. Deliveries and
// catch-ups run one at a time (`serial`), so nothing is delivered between the two.
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { withJobContext } from '../jobs/context';
import type { RealtimeEvent } from '../modules/realtime/events/events.model';
import { channelEvents } from '../modules/realtime/events/events.service';

interface Attachment {
  userId: string;
  tenantId: string;
  channelId: string;
  channel: string;
  /** Still being sent the log it missed: live events are held back from it until it has caught up. */
  catchingUp: boolean;
}

const LAST_SEQ = 'lastSeq';
/** Close code for a deleted channel (4000–4999 are the application's). */
const CHANNEL_GONE = 4404;

export class RealtimeChannel extends DurableObject<Env> {
  /** Serialises deliveries and catch-ups (in memory only: a woken object starts with an empty queue). */
  private queue: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));
  }

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/publish' && request.method === 'POST') {
      const event = (await request.json()) as RealtimeEvent;
      const channelId = request.headers.get('x-rt-channel-id')!;
      const tenantId = request.headers.get('x-rt-tenant')!;
      await this.serial(() => this.deliver(tenantId, channelId, event));
      return new Response(null, { status: 204 });
    }
    if (url.pathname === '/connect') return this.open(request);
    return new Response('Not found', { status: 404 });
  }

  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => {});
    return run;
  }

  private lastSeq(): Promise<number | undefined> {
    return this.ctx.storage.get<number>(LAST_SEQ);
  }

  private open(request: Request): Response {
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') return new Response('Expected a WebSocket', { status: 426 });
    const h = request.headers;
    const afterRaw = h.get('x-rt-after-seq');
    const dbSeq = Number(h.get('x-rt-last-seq') ?? 0);
    const att: Attachment = {
      userId: h.get('x-rt-user')!,
      tenantId: h.get('x-rt-tenant')!,
      channelId: h.get('x-rt-channel-id')!,
      channel: h.get('x-rt-channel')!,
      catchingUp: afterRaw !== null,
    };
    const alreadyHere = this.sockets().some((s) => s.att.userId === att.userId);
    const pair = new WebSocketPair();
    const ws = pair[1];
    this.ctx.acceptWebSocket(ws);
    ws.serializeAttachment(att);
    void this.serial(async () => {
      // A fresh object (first socket ever, or its storage lost) starts at the log's position at authorisation.
      let last = await this.lastSeq();
      if (last === undefined) await this.ctx.storage.put(LAST_SEQ, (last = dbSeq));
      send(ws, { type: 'welcome', channel: att.channel, user_id: att.userId, seq: last });
      send(ws, { type: 'presence_state', channel: att.channel, users: this.presentUsers() });
      if (!alreadyHere) this.broadcast({ type: 'presence', event: 'join', channel: att.channel, user_id: att.userId }, ws);
      if (afterRaw === null) return;
      try {
        const after = Number(afterRaw);
        if (after < last) {
          const events = await withJobContext(this.env, 'realtime-catch-up', (ctx) => channelEvents(ctx, att.tenantId, att.channelId, att.channel, after, last));
          // Older than the log's retention: the client reloads state over HTTP instead of trusting a partial replay.
          if ((events[0]?.seq ?? last + 1) !== after + 1) send(ws, { type: 'resync', reason: 'LOG_TRUNCATED', from_seq: events[0]?.seq ?? null });
          for (const e of events) send(ws, { type: 'event', ...e });
        }
        ws.serializeAttachment({ ...att, catchingUp: false });
        send(ws, { type: 'caught_up', seq: last });
      } catch {
        ws.close(1011, 'Could not read the event log; reconnect with after_seq');
      }
    });
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  private async deliver(tenantId: string, channelId: string, event: RealtimeEvent): Promise<void> {
    const last = await this.lastSeq();
    if (last !== undefined && event.seq <= last) return; // already delivered (a retry, or part of a gap fill)
    const events: RealtimeEvent[] = [];
    if (last !== undefined && event.seq > last + 1) {
      // A hand-off was lost or overtaken: the log holds everything committed in between.
      events.push(...(await withJobContext(this.env, 'realtime-gap-fill', (ctx) => channelEvents(ctx, tenantId, channelId, event.channel, last, event.seq - 1))));
    }
    events.push(event);
    for (const e of events) this.broadcast({ type: 'event', ...e });
    await this.ctx.storage.put(LAST_SEQ, event.seq);
    if (event.event_type === 'channel:deleted') for (const s of this.ctx.getWebSockets()) s.close(CHANNEL_GONE, 'Channel deleted');
  }

  private sockets(except?: WebSocket): { ws: WebSocket; att: Attachment }[] {
    return this.ctx
      .getWebSockets()
      .filter((ws) => ws !== except && ws.readyState === WebSocket.OPEN)
      .map((ws) => ({ ws, att: ws.deserializeAttachment() as Attachment }));
  }

  private presentUsers(): string[] {
    return [...new Set(this.sockets().map((s) => s.att.userId))].sort();
  }

  /** To every socket (events not to those still catching up: their catch-up reaches the live position). */
  private broadcast(message: Record<string, unknown>, except?: WebSocket): void {
    for (const s of this.sockets(except)) if (message.type !== 'event' || !s.att.catchingUp) send(s.ws, message);
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // Clients send through the HTTP API (stored, sequenced, authorised per route); the socket only receives.
    if (message !== 'ping') send(ws, { type: 'error', message: 'This socket only receives; send through the HTTP API ("ping" is answered "pong")' });
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    const att = ws.deserializeAttachment() as Attachment | null;
    if (att && !this.sockets(ws).some((s) => s.att.userId === att.userId)) {
      this.broadcast({ type: 'presence', event: 'leave', channel: att.channel, user_id: att.userId }, ws);
    }
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, 'Closing');
    } catch {
      /* already closed */
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws, 1011);
  }
}

function send(ws: WebSocket, message: Record<string, unknown>): void {
  try {
    ws.send(JSON.stringify(message));
  } catch {
    /* closing: the client resumes from its last seq */
  }
}
