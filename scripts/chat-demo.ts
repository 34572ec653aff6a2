// Two clients chatting through `npm start`: `npx tsx scripts/chat-demo.ts` (BASE_URL, default
// http://127.0.0.1:8787). Ada and Bob get a conversation, open their sockets on its channel, send
// over HTTP and see each other's messages, typing and read receipts arrive on their sockets.
import { call, conversation, subscribe, tenantWithUsers } from './lib/realtime-client.ts';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:8787';
const [ada, bob] = await tenantWithUsers(base, 1);
const names = new Map([[ada!.userId, 'ada'], [bob!.userId, 'bob']]);
const { id, channel } = await conversation(base, ada!, bob!);
console.log(`conversation ${id}, channel ${channel}`);

const show = (who: string) => (m: any) => {
  if (m.type === 'event') console.log(`[${who}'s socket] #${m.seq} ${m.event_type} ${m.event_type === 'message:new' ? `${names.get(m.data.sender_id)}: ${m.data.content}` : ''}`);
  else if (m.type === 'presence') console.log(`[${who}'s socket] ${names.get(m.user_id)} ${m.event === 'join' ? 'joined' : 'left'}`);
};
const wsAda = await subscribe(base, ada!, channel, show('ada'));
const wsBob = await subscribe(base, bob!, channel, show('bob'));

const say = (u: typeof ada, content: string) => call(base, `/api/v1/secure/chat/conversations/${id}/messages`, { json: { content }, auth: u });
await call(base, `/api/v1/secure/chat/conversations/${id}/typing`, { method: 'POST', auth: ada });
await say(ada, 'Hi Bob, this went over HTTP and came back on both sockets.');
await say(bob, 'Hi Ada! Got it.');
await call(base, `/api/v1/secure/chat/conversations/${id}/read`, { method: 'POST', auth: ada });
const unread = await call(base, '/api/v1/secure/chat/unread-count', { auth: bob });
await new Promise((r) => setTimeout(r, 500));
console.log(`bob's unread: ${unread.data.total_unread}`);
wsBob.close();
await new Promise((r) => setTimeout(r, 300));
wsAda.close();
