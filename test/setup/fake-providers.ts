// Vitest global setup (Node): local HTTP servers that speak SendGrid's Mail Send and Twilio's
// Messages APIs closely enough to test the real adapters: they check credentials and body shape
// and answer with the providers' success and error formats. Tests run in workerd and cannot share
// memory with Node, so each fake lists what it received at `GET /__requests`.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/lib/ports.ts';

export const FAKE_SENDGRID_KEY = 'SG.fake-test-key';
export const FAKE_TWILIO = { accountSid: 'AC00000000000000000000000000000001', authToken: 'fake-auth-token' };

declare module 'vitest' {
  export interface ProvidedContext {
    fakeSendGridUrl: string;
    fakeSendGridKey: string;
    fakeTwilioUrl: string;
    fakeTwilioAccountSid: string;
    fakeTwilioAuthToken: string;
    /** A webhook receiver: `/ok/...` answers 200, `/fail/...` 503, `/reject/...` 400. */
    fakeWebhookUrl: string;
  }
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** What the fake answered, so tests can match a request to a provider id. */
  status: number;
  responseHeaders: Record<string, string>;
  response: unknown;
}

type Handler = (
  req: IncomingMessage,
  body: string,
) => { status: number; headers?: Record<string, string>; json?: unknown };

async function startFake(handle: Handler) {
  const received: ReceivedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://fake');
      if (req.method === 'GET' && url.pathname === '/__requests') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
        return;
      }
      const out = handle(req, body);
      received.push({
        method: req.method ?? '',
        path: url.pathname,
        headers: req.headers,
        body,
        status: out.status,
        responseHeaders: out.headers ?? {},
        response: out.json ?? null,
      });
      const headers = { ...out.headers, ...(out.json !== undefined && { 'content-type': 'application/json' }) };
      res.writeHead(out.status, headers).end(out.json !== undefined ? JSON.stringify(out.json) : undefined);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const sendGridError = (status: number, message: string, field: string | null = null) => ({
  status,
  json: { errors: [{ message, field, help: null }] },
});

/** POST /v3/mail/send as documented: Bearer key, personalizations/from/subject/content. */
const sendGrid: Handler = (req, raw) => {
  if (req.method !== 'POST' || req.url !== '/v3/mail/send') return sendGridError(404, 'Not found');
  if (req.headers.authorization !== `Bearer ${FAKE_SENDGRID_KEY}`) {
    return sendGridError(401, 'The provided authorization grant is invalid, expired, or revoked');
  }
  let body: any;
  try {
    body = JSON.parse(raw);
  } catch {
    return sendGridError(400, 'Bad Request');
  }
  const p = body?.personalizations;
  if (!Array.isArray(p) || !p.length)
    return sendGridError(
      400,
      'The personalizations field is required and must have at least one personalization.',
      'personalizations',
    );
  if (
    !p.every(
      (x: any) =>
        Array.isArray(x?.to) && x.to.length && x.to.every((t: any) => /^[^@\s]+@[^@\s]+$/.test(t?.email ?? '')),
    )
  ) {
    return sendGridError(400, 'Does not contain a valid address.', 'personalizations.0.to.0.email');
  }
  if (typeof body.from?.email !== 'string' || !body.from.email.includes('@'))
    return sendGridError(400, 'The from email does not contain a valid address.', 'from.email');
  if (!body.subject && !p.every((x: any) => x.subject))
    return sendGridError(400, 'The subject is required.', 'subject');
  const content = body.content;
  if (
    !Array.isArray(content) ||
    !content.length ||
    !content.every((c: any) => typeof c?.type === 'string' && typeof c?.value === 'string' && c.value)
  ) {
    return sendGridError(400, 'Unless a valid template_id is provided, the content parameter is required.', 'content');
  }
  if (content.length > 1 && content[0].type !== 'text/plain')
    return sendGridError(400, 'If present, text/plain content must be first.', 'content');
  return { status: 202, headers: { 'x-message-id': randomBytes(16).toString('base64url') } };
};

const twilioError = (status: number, code: number, message: string) => ({
  status,
  json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

const E164 = /^\+[1-9]\d{6,14}$/;

/** POST /2010-04-01/Accounts/{Sid}/Messages.json: Basic auth, form To/From/Body, 201 Message. */
const twilio: Handler = (req, raw) => {
  const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
  if (req.method !== 'POST' || !m) return twilioError(404, 20404, 'The requested resource was not found');
  const expected = `Basic ${Buffer.from(`${FAKE_TWILIO.accountSid}:${FAKE_TWILIO.authToken}`).toString('base64')}`;
  if (req.headers.authorization !== expected || m[1] !== FAKE_TWILIO.accountSid)
    return twilioError(401, 20003, 'Authenticate');
  if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
    return twilioError(400, 20001, 'Content-Type must be application/x-www-form-urlencoded');
  const form = new URLSearchParams(raw);
  const to = form.get('To') ?? '';
  const from = form.get('From') ?? '';
  const text = form.get('Body') ?? '';
  if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!from) return twilioError(400, 21603, "A 'From' phone number is required.");
  if (!text) return twilioError(400, 21602, 'Message body is required.');
  const wa = (s: string) => s.startsWith('whatsapp:');
  if (wa(to) !== wa(from))
    return twilioError(400, 21910, 'Invalid From and To pair. From and To should be of the same channel');
  if (!E164.test(to.replace(/^whatsapp:/, ''))) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const now = new Date().toUTCString().replace('GMT', '+0000');
  return {
    status: 201,
    json: {
      account_sid: FAKE_TWILIO.accountSid,
      api_version: '2010-04-01',
      body: text,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${FAKE_TWILIO.accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${FAKE_TWILIO.accountSid}/Messages/${sid}.json`,
    },
  };
};

/** A notification webhook receiver whose answer the path chooses. */
const webhookReceiver: Handler = (req) => {
  if (req.url?.startsWith('/ok/')) return { status: 200, json: { received: true } };
  if (req.url?.startsWith('/reject/')) return { status: 400, json: { error: 'bad payload' } };
  return { status: 503, json: { error: 'unavailable' } };
};

export default async function setup(project: TestProject) {
  const [sg, tw, wh] = await Promise.all([startFake(sendGrid), startFake(twilio), startFake(webhookReceiver)]);
  project.provide('fakeWebhookUrl', wh.url);
  project.provide('fakeSendGridUrl', sg.url);
  project.provide('fakeSendGridKey', FAKE_SENDGRID_KEY);
  project.provide('fakeTwilioUrl', tw.url);
  project.provide('fakeTwilioAccountSid', FAKE_TWILIO.accountSid);
  project.provide('fakeTwilioAuthToken', FAKE_TWILIO.authToken);
  return async () => {
    await Promise.all([sg.close(), tw.close(), wh.close()]);
  };
}
