// Texts of the messages the accounts area sends. Plain text for every channel, simple HTML for
// e-mail. Variables are escaped in HTML; SMS/WhatsApp texts stay short (one segment where possible).
import type { OutboxChannel } from '../../db/schema/outbox';

export interface TemplateVars {
  verify_email: { link: string; name?: string };
  password_reset: { link: string; name?: string };
  two_factor_code: { code: string; minutes?: number };
  invitation: { link: string; code: string; inviter?: string; tenantName?: string; personalMessage?: string };
  approval_requested: { entityType: string; entityName?: string; requester?: string; link: string };
  approval_decided: { entityType: string; entityName?: string; status: string; reason?: string; link: string };
  /** `when`: the start in the entry's zone, already formatted (e.g. "Thu, 10 Jan 2030, 10:00 CET"). */
  calendar_reminder: { title: string; when: string; calendarName: string; link: string };
}

export type TemplateKey = keyof TemplateVars;

export interface Composed {
  subject: string | null;
  body: string;
  html: string | null;
}

export const APP = 'Edge Platform';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const page = (paragraphs: string[]) =>
  `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>`;

const button = (link: string, label: string) => `<a href="${escape(link)}">${escape(label)}</a>`;

const greeting = (name?: string) => (name ? `Hello ${name},` : 'Hello,');

type Renderer<K extends TemplateKey> = (vars: TemplateVars[K], channel: OutboxChannel) => Composed;

const renderers: { [K in TemplateKey]: Renderer<K> } = {
  verify_email: ({ link, name }) => ({
    subject: `Confirm your e-mail address for ${APP}`,
    body: `${greeting(name)}\n\nPlease confirm your e-mail address by opening this link:\n${link}\n\nIf you did not sign up, ignore this message.`,
    html: page([
      escape(greeting(name)),
      'Please confirm your e-mail address:',
      button(link, 'Confirm e-mail address'),
      'If you did not sign up, ignore this message.',
    ]),
  }),
  password_reset: ({ link, name }) => ({
    subject: `Reset your ${APP} password`,
    body: `${greeting(name)}\n\nSomeone asked to reset your password. To choose a new one, open:\n${link}\n\nIf it was not you, ignore this message; your password stays as it is.`,
    html: page([
      escape(greeting(name)),
      'Someone asked to reset your password.',
      button(link, 'Choose a new password'),
      'If it was not you, ignore this message; your password stays as it is.',
    ]),
  }),
  two_factor_code: ({ code, minutes = 10 }, channel) => {
    const text = `Your ${APP} code is ${code}. It expires in ${minutes} minutes. Never share it.`;
    if (channel !== 'email') return { subject: null, body: text, html: null };
    return {
      subject: `Your ${APP} sign-in code`,
      body: `${text}\n\nIf you did not try to sign in, change your password.`,
      html: page([
        `Your sign-in code is <strong style="font-size:1.4em;letter-spacing:.1em">${escape(code)}</strong>.`,
        `It expires in ${minutes} minutes. Never share it.`,
        'If you did not try to sign in, change your password.',
      ]),
    };
  },
  invitation: ({ link, code, inviter, tenantName, personalMessage }, channel) => {
    const who = inviter ? `${inviter} invited you` : 'You are invited';
    const where = tenantName ? ` to join ${tenantName} on ${APP}` : ` to join ${APP}`;
    const text = `${who}${where}. Accept: ${link} (invitation code ${code})`;
    if (channel !== 'email') return { subject: null, body: text, html: null };
    return {
      subject: `${who}${where}`,
      body: `${who}${where}.${personalMessage ? `\n\n"${personalMessage}"` : ''}\n\nAccept the invitation:\n${link}\n\nOr enter the invitation code ${code}.`,
      html: page([
        escape(`${who}${where}.`),
        ...(personalMessage ? [`<em>${escape(personalMessage)}</em>`] : []),
        button(link, 'Accept the invitation'),
        `Or enter the invitation code <strong>${escape(code)}</strong>.`,
      ]),
    };
  },
  approval_requested: ({ entityType, entityName, requester, link }) => {
    const what = `${entityType.replace('_', ' ')}${entityName ? ` "${entityName}"` : ''}`;
    const text = `${requester ?? 'Someone'} asked for approval of the ${what}. Review it: ${link}`;
    return { subject: `Approval requested: ${what}`, body: text, html: page([escape(text), button(link, 'Review the request')]) };
  },
  approval_decided: ({ entityType, entityName, status, reason, link }) => {
    const what = `${entityType.replace('_', ' ')}${entityName ? ` "${entityName}"` : ''}`;
    const text = `Your approval request for the ${what} was ${status}.${reason ? ` Reason: ${reason}` : ''}`;
    return { subject: `Approval request ${status}: ${what}`, body: `${text}\n\n${link}`, html: page([escape(text), button(link, 'Open the request')]) };
  },
  calendar_reminder: ({ title, when, calendarName, link }) => {
    const text = `Reminder: "${title}" starts ${when} (${calendarName}).`;
    return { subject: `Reminder: ${title}, ${when}`, body: `${text}\n\n${link}`, html: page([escape(text), button(link, 'Open the calendar')]) };
  },
};

/** Subject, text and HTML of a template for a channel (subject and HTML only for e-mail). */
export function composeMessage<K extends TemplateKey>(
  template: K,
  channel: OutboxChannel,
  vars: TemplateVars[K],
): Composed {
  const out = (renderers[template] as Renderer<K>)(vars, channel);
  return channel === 'email' ? out : { subject: null, body: out.body, html: null };
}
