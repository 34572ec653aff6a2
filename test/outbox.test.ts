// The outbox against the embedded Postgres, and the real SendGrid/Twilio adapters against local
// fakes of their APIs (test/setup/fake-providers.ts). Each test uses its own recipients, so the
// fakes' request logs can be filtered per test.
import { env } from 'cloudflare:test';
import { count, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { requestDb, type Database } from '../src/db/client';
import { outboxMessages } from '../src/db/schema';
import {
  composeMessage,
  deliverMessage,
  deliverPending,
  enqueueMessage,
  listOutbox,
  openContent,
  purgeDeliveredContent,
  type EnqueueInput,
  type OutboxEnv,
} from '../src/modules/outbox';
import type { Env } from '../src/env';
import type { ReceivedRequest } from './setup/fake-providers';

async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const handle = requestDb({ url: inject('databaseUrl'), wsProxy: inject('wsProxy'), connectTimeoutMs: 5000 });
  try {
    return await fn(await handle.get());
  } finally {
    await handle.close();
  }
}

const uniq = () => crypto.randomUUID().slice(0, 8);
const email = () => `user-${uniq()}@example.com`;
const phone = () => `+4179${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

/** The key that seals message content, as the Worker has it. */
const KEY = { ENCRYPTION_KEY: (env as Env).ENCRYPTION_KEY };

const sendgridEnv = (over: Partial<OutboxEnv> = {}): OutboxEnv => ({
  ...KEY,
  EMAIL_PROVIDER: 'sendgrid',
  SENDGRID_API_KEY: inject('fakeSendGridKey'),
  SENDGRID_FROM: 'Edge Platform <no-reply@example.com>',
  SENDGRID_BASE_URL: inject('fakeSendGridUrl'),
  ...over,
});
const twilioEnv = (over: Partial<OutboxEnv> = {}): OutboxEnv => ({
  ...KEY,
  SMS_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: inject('fakeTwilioAccountSid'),
  TWILIO_AUTH_TOKEN: inject('fakeTwilioAuthToken'),
  TWILIO_FROM_SMS: '+15005550006',
  TWILIO_FROM_WHATSAPP: '+14155238886',
  TWILIO_BASE_URL: inject('fakeTwilioUrl'),
  ...over,
});

async function received(baseUrl: string, match: (r: ReceivedRequest) => boolean): Promise<ReceivedRequest[]> {
  const res = await fetch(`${baseUrl}/__requests`);
  return ((await res.json()) as ReceivedRequest[]).filter(match);
}
const sentTo = (recipient: string) => (r: ReceivedRequest) =>
  r.body.includes(recipient) || r.body.includes(encodeURIComponent(recipient));

function verifyEmail(recipient: string, key = `verify_email:${uniq()}`): EnqueueInput {
  const link = `https://app.example/verify?token=${uniq()}`;
  return {
    tenantId: null,
    channel: 'email',
    recipient,
    template: 'verify_email',
    ...composeMessage('verify_email', 'email', { link, name: 'Ada' }),
    payload: { link },
    idempotencyKey: key,
  };
}

function code(channel: 'sms' | 'whatsapp', recipient: string): EnqueueInput {
  const value = String(100000 + Math.floor(Math.random() * 900000));
  return {
    tenantId: crypto.randomUUID(),
    channel,
    recipient,
    template: 'two_factor_code',
    ...composeMessage('two_factor_code', channel, { code: value }),
    payload: { code: value },
    idempotencyKey: `2fa:${uniq()}`,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('outbox with the local sink', () => {
  it('stores a readable message with its payload', async () => {
    await withDb(async (db) => {
      const to = email();
      const input = verifyEmail(to);
      const queued = await enqueueMessage(db, KEY, input);
      expect(queued).toMatchObject({ status: 'pending', attempts: 0, recipient: to, template: 'verify_email' });

      const sent = await deliverMessage(db, KEY, queued.id);
      expect(sent).toMatchObject({
        status: 'sent',
        provider: 'local',
        providerMessageId: `local-${queued.id}`,
        attempts: 1,
        lastError: null,
      });
      expect(sent!.sentAt).toBeInstanceOf(Date);

      const [row, ...rest] = await listOutbox(db, KEY, { recipient: to, limit: 10 });
      expect(rest).toEqual([]);
      expect(row!.payload).toEqual(input.payload);
      expect(row!.subject).toContain('Confirm your e-mail');
      expect(row!.body).toContain(input.payload.link as string);
      expect(row!.html).toContain('href="https://app.example/verify?token=');
    });
  });

  it('keeps codes, links and tokens sealed at rest, whichever provider sends them', async () => {
    await withDb(async (db) => {
      const link = verifyEmail(email());
      const sms = code('sms', phone());
      const mail = await enqueueMessage(db, KEY, link);
      const text = await enqueueMessage(db, KEY, sms);
      await deliverMessage(db, sendgridEnv(), mail.id);
      await deliverMessage(db, twilioEnv(), text.id);
      const stored = await db.select().from(outboxMessages).where(inArray(outboxMessages.id, [mail.id, text.id]));
      expect(stored.map((r) => r.status).sort()).toEqual(['sent', 'sent']);
      const raw = JSON.stringify(stored);
      expect(raw).not.toContain(link.payload.link as string);
      expect(raw).not.toContain(new URL(link.payload.link as string).searchParams.get('token')!);
      expect(raw).not.toContain(sms.payload.code as string);
      for (const r of stored) expect(r.body).toMatch(/^v1\./);
      // The key opens them (delivery, the local sink's reader); the ciphertext is bound to its message.
      expect((await openContent(KEY, stored.find((r) => r.id === mail.id)!)).payload).toEqual(link.payload);
      const swapped = { ...stored.find((r) => r.id === mail.id)!, idempotencyKey: 'another-message' };
      await expect(openContent(KEY, swapped)).rejects.toThrow();
    });
  });

  it('clears delivered content after the retention period, keeping the metadata', async () => {
    await withDb(async (db) => {
      const to = email();
      const old = await enqueueMessage(db, KEY, verifyEmail(to));
      const recent = await enqueueMessage(db, KEY, verifyEmail(to));
      const pending = await enqueueMessage(db, KEY, verifyEmail(to));
      await deliverMessage(db, KEY, old.id);
      await deliverMessage(db, KEY, recent.id);
      const days = (n: number) => sql`now() - make_interval(days => ${n})`;
      await db.update(outboxMessages).set({ sentAt: days(8), createdAt: days(8) }).where(eq(outboxMessages.id, old.id));
      await db.update(outboxMessages).set({ createdAt: days(30) }).where(eq(outboxMessages.id, pending.id));
      expect(await purgeDeliveredContent(db)).toBeGreaterThanOrEqual(1);
      const rows = await db.select().from(outboxMessages).where(inArray(outboxMessages.id, [old.id, recent.id, pending.id]));
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(old.id)).toMatchObject({ status: 'sent', body: '', html: null, subject: null, payload: {}, template: 'verify_email', attempts: 1 });
      expect(byId.get(old.id)!.purgedAt).toBeInstanceOf(Date);
      expect(byId.get(old.id)!.sentAt).toBeInstanceOf(Date);
      expect(byId.get(old.id)!.recipient).toBe(`${to[0]}***${to.slice(to.indexOf('@'))}`);
      // Delivered within the period, or not delivered yet: untouched.
      expect(byId.get(recent.id)).toMatchObject({ purgedAt: null, recipient: to });
      expect(byId.get(pending.id)).toMatchObject({ purgedAt: null, status: 'pending', recipient: to });
      expect((await openContent(KEY, byId.get(recent.id)!)).body).toContain('https://app.example/verify?token=');
    });
  });

  it('lists newest first and bounds the page', async () => {
    await withDb(async (db) => {
      const to = email();
      const first = await enqueueMessage(db, KEY, verifyEmail(to));
      const second = await enqueueMessage(db, KEY, verifyEmail(to));
      expect((await listOutbox(db, KEY, { recipient: to, limit: 10 })).map((r) => r.id)).toEqual([second.id, first.id]);
      expect(await listOutbox(db, KEY, { recipient: to, limit: 1 })).toHaveLength(1);
    });
  });

  it('deliverPending sends pending messages and leaves sent ones alone', async () => {
    await withDb(async (db) => {
      const to = email();
      const msg = await enqueueMessage(db, KEY, verifyEmail(to));
      const handled = await deliverPending(db, KEY, 500);
      expect(handled.find((r) => r.id === msg.id)).toMatchObject({ status: 'sent', provider: 'local' });
      const again = await deliverMessage(db, KEY, msg.id);
      expect(again).toMatchObject({ status: 'sent', attempts: 1 });
    });
  });
});

describe('idempotency', () => {
  it('the same key twice creates one row and sends once', async () => {
    await withDb(async (db) => {
      const to = email();
      const input = verifyEmail(to);
      const a = await enqueueMessage(db, KEY, input);
      const b = await enqueueMessage(db, KEY, { ...input, body: 'a retry with other text' });
      expect(b.id).toBe(a.id);
      expect(b.body).toBe(a.body);
      const [{ n }] = (await db
        .select({ n: count() })
        .from(outboxMessages)
        .where(eq(outboxMessages.idempotencyKey, input.idempotencyKey))) as [{ n: number }];
      expect(n).toBe(1);

      const cfg = sendgridEnv();
      await deliverMessage(db, cfg, a.id);
      const again = await deliverMessage(db, cfg, a.id);
      expect(again).toMatchObject({ status: 'sent', attempts: 1 });
      expect(await received(inject('fakeSendGridUrl'), sentTo(to))).toHaveLength(1);
    });
  });

  it('two workers delivering the same message at once send it once', async () => {
    const to = email();
    const id = await withDb(async (db) => (await enqueueMessage(db, KEY, verifyEmail(to))).id);
    const cfg = sendgridEnv();
    const results = await Promise.all([
      withDb((db) => deliverMessage(db, cfg, id)),
      withDb((db) => deliverMessage(db, cfg, id)),
    ]);
    // One worker sent it; the other either skipped the locked row or found it already sent.
    expect(results.filter((r) => r?.status === 'sent').length).toBeGreaterThanOrEqual(1);
    expect(await received(inject('fakeSendGridUrl'), sentTo(to))).toHaveLength(1);
    const [row] = await withDb((db) => listOutbox(db, KEY, { recipient: to }));
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('SendGrid adapter', () => {
  it('sends through /v3/mail/send and records the X-Message-Id', async () => {
    const log = vi.spyOn(console, 'log');
    await withDb(async (db) => {
      const to = email();
      const input = verifyEmail(to);
      const msg = await enqueueMessage(db, KEY, input);
      const sent = await deliverMessage(db, sendgridEnv(), msg.id);

      const [req] = await received(inject('fakeSendGridUrl'), sentTo(to));
      expect(req!.headers.authorization).toBe(`Bearer ${inject('fakeSendGridKey')}`);
      const body = JSON.parse(req!.body);
      expect(body).toMatchObject({
        personalizations: [{ to: [{ email: to }] }],
        from: { email: 'no-reply@example.com', name: 'Edge Platform' },
        subject: msg.subject,
        content: [
          { type: 'text/plain', value: input.body },
          { type: 'text/html', value: input.html },
        ],
        custom_args: { outbox_id: msg.id },
      });
      expect(req!.status).toBe(202);
      expect(sent).toMatchObject({
        status: 'sent',
        provider: 'sendgrid',
        providerMessageId: req!.responseHeaders['x-message-id'],
        attempts: 1,
      });
    });
    const calls = log.mock.calls
      .map(([line]) => String(line))
      .filter((l) => l.includes('"provider call"'))
      .map((l) => JSON.parse(l));
    expect(calls).toContainEqual(
      expect.objectContaining({
        msg: 'provider call',
        provider: 'sendgrid',
        operation: 'mail.send',
        status: 202,
        error: null,
        durationMs: expect.any(Number),
      }),
    );
  });

  it("records SendGrid's error for a wrong key and does not retry it", async () => {
    await withDb(async (db) => {
      const msg = await enqueueMessage(db, KEY, verifyEmail(email()));
      const failed = await deliverMessage(db, sendgridEnv({ SENDGRID_API_KEY: 'SG.wrong' }), msg.id);
      expect(failed).toMatchObject({ status: 'failed', provider: 'sendgrid', providerMessageId: null, attempts: 1 });
      expect(failed!.lastError).toBe('SendGrid 401: The provided authorization grant is invalid, expired, or revoked');
      expect(failed!.sentAt).toBeNull();
      // A failed message is final: delivering again sends nothing.
      expect(await deliverMessage(db, sendgridEnv(), msg.id)).toMatchObject({ status: 'failed', attempts: 1 });
    });
  });

  it('keeps a message pending with the error when SendGrid is unreachable', async () => {
    await withDb(async (db) => {
      const msg = await enqueueMessage(db, KEY, verifyEmail(email()));
      const after = await deliverMessage(db, sendgridEnv({ SENDGRID_BASE_URL: 'http://127.0.0.1:1' }), msg.id);
      expect(after).toMatchObject({ status: 'pending', attempts: 1 });
      expect(after!.lastError).toMatch(/^sendgrid unreachable/);
      // The retry succeeds once the provider is back.
      expect(await deliverMessage(db, sendgridEnv(), msg.id)).toMatchObject({
        status: 'sent',
        attempts: 2,
        lastError: null,
      });
    });
  });

  it('fails clearly when SendGrid is chosen but not configured', async () => {
    await withDb(async (db) => {
      const msg = await enqueueMessage(db, KEY, verifyEmail(email()));
      const after = await deliverMessage(db, { ...KEY, EMAIL_PROVIDER: 'sendgrid' }, msg.id);
      expect(after).toMatchObject({ status: 'failed', provider: 'sendgrid' });
      expect(after!.lastError).toContain('SENDGRID_API_KEY');
    });
  });
});

describe('Twilio adapter', () => {
  const twilioUrl = () => inject('fakeTwilioUrl');
  const basic = () => `Basic ${btoa(`${inject('fakeTwilioAccountSid')}:${inject('fakeTwilioAuthToken')}`)}`;

  it('sends an SMS through Messages.json and records the sid', async () => {
    await withDb(async (db) => {
      const to = phone();
      const input = code('sms', to);
      const msg = await enqueueMessage(db, KEY, input);
      const sent = await deliverMessage(db, twilioEnv(), msg.id);

      const [req] = await received(twilioUrl(), sentTo(to));
      expect(req!.path).toBe(`/2010-04-01/Accounts/${inject('fakeTwilioAccountSid')}/Messages.json`);
      expect(req!.headers.authorization).toBe(basic());
      expect(req!.headers['content-type']).toContain('application/x-www-form-urlencoded');
      const form = new URLSearchParams(req!.body);
      expect(form.get('To')).toBe(to);
      expect(form.get('From')).toBe('+15005550006');
      expect(form.get('Body')).toContain(input.payload.code as string);
      const sid = (req!.response as { sid: string }).sid;
      expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
      expect(sent).toMatchObject({ status: 'sent', provider: 'twilio', providerMessageId: sid, attempts: 1 });
    });
  });

  it('sends WhatsApp with whatsapp: addresses', async () => {
    await withDb(async (db) => {
      const to = phone();
      const msg = await enqueueMessage(db, KEY, code('whatsapp', to));
      const sent = await deliverMessage(db, twilioEnv(), msg.id);
      const [req] = await received(twilioUrl(), sentTo(to));
      const form = new URLSearchParams(req!.body);
      expect(form.get('To')).toBe(`whatsapp:${to}`);
      expect(form.get('From')).toBe('whatsapp:+14155238886');
      expect(sent).toMatchObject({
        status: 'sent',
        provider: 'twilio',
        providerMessageId: (req!.response as { sid: string }).sid,
      });
    });
  });

  it("records Twilio's error for an invalid number", async () => {
    await withDb(async (db) => {
      const msg = await enqueueMessage(db, KEY, code('sms', '+12'));
      const failed = await deliverMessage(db, twilioEnv(), msg.id);
      expect(failed).toMatchObject({ status: 'failed', provider: 'twilio', providerMessageId: null, attempts: 1 });
      expect(failed!.lastError).toBe("Twilio 400: 21211 Invalid 'To' Phone Number: +12");
    });
  });

  it('records an authentication failure', async () => {
    await withDb(async (db) => {
      const msg = await enqueueMessage(db, KEY, code('whatsapp', phone()));
      const failed = await deliverMessage(db, twilioEnv({ TWILIO_AUTH_TOKEN: 'wrong' }), msg.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: 'Twilio 401: 20003 Authenticate' });
    });
  });
});

describe('templates', () => {
  it('renders every template for e-mail and short texts for phones, escaping HTML', () => {
    const invite = composeMessage('invitation', 'email', {
      link: 'https://x.example/i?a=1&b=2',
      code: 'K7Q-2',
      inviter: '<Eve>',
      tenantName: 'Acme',
    });
    expect(invite.subject).toBe('<Eve> invited you to join Acme on Edge Platform');
    expect(invite.html).toContain('href="https://x.example/i?a=1&amp;b=2"');
    expect(invite.html).toContain('&lt;Eve&gt;');
    expect(invite.body).toContain('K7Q-2');
    expect(composeMessage('password_reset', 'email', { link: 'https://x.example/r' }).body).toContain(
      'https://x.example/r',
    );
    const sms = composeMessage('two_factor_code', 'sms', { code: '123456' });
    expect(sms).toEqual({
      subject: null,
      html: null,
      body: 'Your Edge Platform code is 123456. It expires in 10 minutes. Never share it.',
    });
    expect(composeMessage('invitation', 'whatsapp', { link: 'https://x.example/i', code: 'C1' }).html).toBeNull();
  });
});
