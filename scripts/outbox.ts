// `npm run outbox [recipient] [--limit N]`: the messages the local sink "sent", newest first, opened
// with the key `npm start` keeps in .data/encryption-key (content is sealed at rest; see
// src/modules/outbox/content.ts). Reads the database of a running `npm start` (PG_PORT, default
// 54329), or DATABASE_URL with ENCRYPTION_KEY for another one.
import { readFileSync } from 'node:fs';
import { and, desc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { outboxMessages } from '../src/db/schema/outbox.ts';
import { openContent } from '../src/modules/outbox/content.ts';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args.splice(limitAt, 2)[1]) || 10 : 10;
const recipient = args[0];

const url = process.env.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${process.env.PG_PORT ?? 54329}/platform`;
const key = process.env.ENCRYPTION_KEY ?? readFileSync(`${root}.data/encryption-key`, 'utf8').trim();

const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const db = drizzle(client);
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(and(recipient ? eq(outboxMessages.recipient, recipient) : undefined))
    .orderBy(desc(outboxMessages.createdAt))
    .limit(Math.min(Math.max(limit, 1), 200));
  for (const stored of rows.reverse()) {
    const m = await openContent({ ENCRYPTION_KEY: key }, stored);
    console.log(`── ${m.createdAt.toISOString()} ${m.channel} → ${m.recipient} [${m.template}] ${m.status}${m.purgedAt ? ' (content cleared)' : ''}`);
    if (m.subject) console.log(`Subject: ${m.subject}`);
    if (m.body) console.log(m.body);
    if (Object.keys(m.payload).length) console.log(`payload: ${JSON.stringify(m.payload)}`);
    console.log();
  }
  if (!rows.length) console.log('no messages');
} finally {
  await client.end();
}
