// Vitest global setup (Node): the outside world of custom domain verification.
// - A DNS-over-HTTPS resolver speaking the JSON API as Cloudflare and Google serve it
//   (GET /dns-query?name=&type= with `accept: application/dns-json`; `{Status, Question, Answer}`,
//   CNAME targets with the root dot, TXT data quoted). Its zone is what tests put there:
//   POST /__records {name, type, data[]} (an empty list: the name exists without such records);
//   other names are NXDOMAIN. Names under `servfail.test` answer SERVFAIL, under `slow.test` answer
//   after 3 s, under `broken.test` answer HTTP 502.
// - A web server for the HTTP method: POST /__files {domain, content, status?}; then
//   GET /{domain}/.well-known/pve-domain-verification.txt serves it (404 otherwise; domains under
//   `slow.test` answer after 3 s). The Worker reaches it through DOMAIN_HTTP_CHECK_URL.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/lib/ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The resolver's query URL (DNS_OVER_HTTPS_URL). */
    fakeDohUrl: string;
    /** The web server's origin; files live under /{domain}/.well-known/… */
    fakeDomainHttpUrl: string;
  }
}

const TYPES: Record<string, number> = { A: 1, CNAME: 5, TXT: 16, AAAA: 28 };
const SLOW_MS = 3000;

type Route = (req: IncomingMessage, url: URL, body: string, res: ServerResponse) => void;

async function serve(route: Route) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => route(req, new URL(req.url ?? '/', 'http://fake'), Buffer.concat(chunks).toString('utf8'), res));
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
const under = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);
const later = (fn: () => void) => setTimeout(fn, SLOW_MS).unref();

function dohServer() {
  const zone = new Map<string, Map<number, string[]>>();
  return serve((req, url, body, res) => {
    if (req.method === 'POST' && url.pathname === '/__records') {
      const r = JSON.parse(body) as { name: string; type: string; data: string[] };
      const name = r.name.toLowerCase().replace(/\.$/, '');
      const types = zone.get(name) ?? new Map<number, string[]>();
      types.set(TYPES[r.type]!, r.data);
      zone.set(name, types);
      return json(res, 204, {});
    }
    if (req.method !== 'GET' || url.pathname !== '/dns-query') return json(res, 404, { error: 'not found' });
    if (req.headers.accept !== 'application/dns-json') return json(res, 400, { error: 'send accept: application/dns-json' });
    const name = (url.searchParams.get('name') ?? '').toLowerCase().replace(/\.$/, '');
    const type = TYPES[(url.searchParams.get('type') ?? 'A').toUpperCase()];
    if (!name || !type) return json(res, 400, { error: 'name and type are required' });
    const answer = () => {
      const base = { TC: false, RD: true, RA: true, AD: false, CD: false, Question: [{ name: `${name}.`, type }] };
      if (under(name, 'servfail.test')) return json(res, 200, { ...base, Status: 2 }, 'application/dns-json');
      const records = zone.get(name);
      if (!records) return json(res, 200, { ...base, Status: 3 }, 'application/dns-json');
      const data = records.get(type) ?? [];
      const Answer = data.map((d) => ({ name: `${name}.`, type, TTL: 300, data: type === TYPES.TXT ? JSON.stringify(d) : `${d}.` }));
      json(res, 200, { ...base, Status: 0, ...(Answer.length && { Answer }) }, 'application/dns-json');
    };
    if (under(name, 'broken.test')) return json(res, 502, { error: 'bad gateway' });
    if (under(name, 'slow.test')) return void later(answer);
    answer();
  });
}

function fileServer() {
  const files = new Map<string, { content: string; status: number }>();
  return serve((req, url, body, res) => {
    if (req.method === 'POST' && url.pathname === '/__files') {
      const f = JSON.parse(body) as { domain: string; content: string; status?: number };
      files.set(f.domain, { content: f.content, status: f.status ?? 200 });
      return json(res, 204, {});
    }
    const m = /^\/([^/]+)\/\.well-known\/pve-domain-verification\.txt$/.exec(url.pathname);
    const send = () => {
      const f = m && files.get(m[1]!);
      if (!f) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      res.writeHead(f.status, { 'content-type': 'text/plain' }).end(f.content);
    };
    if (m && under(m[1]!, 'slow.test')) return void later(send);
    send();
  });
}

export default async function setup(project: TestProject) {
  const [doh, web] = await Promise.all([dohServer(), fileServer()]);
  project.provide('fakeDohUrl', `${doh.url}/dns-query`);
  project.provide('fakeDomainHttpUrl', web.url);
  return async () => {
    await Promise.all([doh.close(), web.close()]);
  };
}
