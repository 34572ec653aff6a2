// `npm run bench:ws`: WebSocket clients over many conversations against a running local stack
// (`npm start`; BASE_URL, default http://127.0.0.1:8787). One sender per conversation posts
// messages over HTTP for the duration; every socket on the conversation's channel should receive
// each exactly once. Prints sent, expected and delivered deliveries, duplicates, lost, and
// p50/p99/max from the send (before the POST) to the socket's receipt.
//   BENCH_WS_CLIENTS (1000), BENCH_WS_CONVERSATIONS (100), BENCH_WS_SECONDS (30), BENCH_WS_USERS (20),
//   BENCH_WS_INTERVAL_MS (1000: pause between one sender's messages)
import type WebSocket from 'ws';
import { call, conversation, subscribe, tenantWithUsers, type User } from './lib/realtime-client.ts';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:8787';
const clients = Number(process.env.BENCH_WS_CLIENTS ?? 1000);
const convCount = Number(process.env.BENCH_WS_CONVERSATIONS ?? 100);
const seconds = Number(process.env.BENCH_WS_SECONDS ?? 30);
const userCount = Math.max(2, Number(process.env.BENCH_WS_USERS ?? 20));
const interval = Number(process.env.BENCH_WS_INTERVAL_MS ?? 1000);

const log = (m: string) => console.log(`[bench:ws] ${m}`);
log(`setting up ${userCount} users, ${convCount} conversations, ${clients} sockets on ${base}`);
const users = await tenantWithUsers(base, userCount - 1);
const pairs: [User, User][] = [];
for (let i = 0; i < users.length && pairs.length < convCount; i++) for (let j = i + 1; j < users.length && pairs.length < convCount; j++) pairs.push([users[i]!, users[j]!]);
if (pairs.length < convCount) throw new Error(`BENCH_WS_USERS=${userCount} gives only ${pairs.length} pairs`);
const convs = [];
for (const [a, b] of pairs) convs.push({ ...(await conversation(base, a, b)), a, b, sockets: 0 });

const sentAt = new Map<string, number>(); // message content → send time
const received = new Map<string, number>(); // `${socket}:${content}` → count
const latencies: number[] = [];
const postMs: number[] = []; // the send's HTTP round trip alone
const answeredAt = new Map<string, number>(); // content → when its POST answered
const afterAnswer: number[] = []; // receipt minus POST answer (negative: the push beat the answer)
const sockets: WebSocket[] = [];
for (let i = 0; i < clients; i++) {
  const c = convs[i % convs.length]!;
  c.sockets++;
  const who = i % 2 === 0 ? c.a : c.b;
  sockets.push(
    await subscribe(base, who, c.channel, (m) => {
      if (m.type !== 'event' || m.event_type !== 'message:new') return;
      const key = `${i}:${m.data.content}`;
      received.set(key, (received.get(key) ?? 0) + 1);
      const t = sentAt.get(m.data.content);
      if (t !== undefined) latencies.push(performance.now() - t);
      const a = answeredAt.get(m.data.content);
      if (a !== undefined) afterAnswer.push(performance.now() - a);
    }),
  );
  if (i % 100 === 99) log(`${i + 1} sockets open`);
}

log(`sending for ${seconds} s`);
const end = Date.now() + seconds * 1000;
let sent = 0;
let failed = 0;
let expected = 0;
await Promise.all(
  convs.map(async (c, ci) => {
    for (let n = 0; Date.now() < end; n++) {
      const content = `c${ci}-m${n}`;
      sentAt.set(content, performance.now());
      try {
        await call(base, `/api/v1/secure/chat/conversations/${c.id}/messages`, { json: { content }, auth: c.a });
        const now = performance.now();
        answeredAt.set(content, now);
        postMs.push(now - sentAt.get(content)!);
        sent++;
        expected += c.sockets;
      } catch {
        failed++;
        sentAt.delete(content);
      }
      await new Promise((r) => setTimeout(r, interval));
    }
  }),
);
await new Promise((r) => setTimeout(r, 3000)); // the last deliveries
let delivered = 0;
let duplicates = 0;
for (const n of received.values()) {
  delivered++;
  duplicates += n - 1;
}
const pctOf = (xs: number[]) => {
  xs.sort((x, y) => x - y);
  return (p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(1) : '-');
};
const pct = pctOf(latencies);
const post = pctOf(postMs);
const push = pctOf(afterAnswer);
console.log('| sockets | conversations | seconds | messages sent | send errors | deliveries expected | delivered | duplicates | lost | send→receipt p50 / p99 ms | POST p50 / p99 ms | POST answer→receipt p50 / p99 ms |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(`| ${clients} | ${convCount} | ${seconds} | ${sent} | ${failed} | ${expected} | ${delivered} | ${duplicates} | ${expected - delivered} | ${pct(50)} / ${pct(99)} | ${post(50)} / ${post(99)} | ${push(50)} / ${push(99)} |`);
for (const ws of sockets) ws.close();
process.exit(expected === delivered && duplicates === 0 ? 0 : 1);
