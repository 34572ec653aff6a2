// WebSocket-to-TCP bridge: the Neon serverless driver speaks the Postgres wire protocol over a
// WebSocket. In production Neon's proxy terminates it; locally this forwards each socket to the
// embedded Postgres. The driver asks for `ws://host:port/v1?address=<pg-host>:<pg-port>`.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { WebSocketServer } from 'ws';
import { oneWay, type Distance } from './distance.ts';

export interface BridgeHandle {
  port: number;
  close(): Promise<void>;
}

/**
 * Only these Postgres addresses may be reached through the bridge (it is not an open proxy).
 * With a `distance`, each client→server message and each server→client chunk (and each side's
 * close) is held RTT/2, in order, so a request/response exchange costs one RTT and a connection
 * pays it once for the WebSocket upgrade plus once per exchange of the Postgres start-up: 3 RTTs
 * with the driver's local settings (upgrade; startup → password request; password → ready).
 * TCP and TLS set-up, which production adds, are not simulated.
 */
export async function startBridge(port: number, allowed: string[], distance: Distance = { rttMs: 0 }): Promise<BridgeHandle> {
  const http: Server = createServer((_req, res) => {
    res.writeHead(426).end('WebSocket only');
  });
  const wss = new WebSocketServer({
    server: http,
    // The upgrade request and its 101 answer are one round trip.
    verifyClient: (_info, done) => (distance.rttMs > 0 ? setTimeout(() => done(true), distance.rttMs) : done(true)),
  });
  wss.on('error', () => {}); // listen errors surface through the http server below
  wss.on('connection', (ws, req) => {
    const address = new URL(req.url ?? '/', 'http://x').searchParams.get('address') ?? '';
    if (!allowed.includes(address)) {
      ws.close(1008, 'address not allowed');
      return;
    }
    const toServer = oneWay(distance);
    const toClient = oneWay(distance);
    const [host, p] = address.split(':');
    const tcp = connect({ host, port: Number(p) });
    tcp.setNoDelay(true);
    const pending: Buffer[] = [];
    let open = false;
    tcp.on('connect', () => {
      open = true;
      for (const b of pending) tcp.write(b);
      pending.length = 0;
    });
    ws.on('message', (data: Buffer) => toServer(() => (open ? tcp.write(data) : pending.push(data))));
    tcp.on('data', (chunk) => toClient(() => ws.readyState === ws.OPEN && ws.send(chunk)));
    const end = () => {
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    // A close travels behind the data sent before it (a FATAL error, the client's Terminate).
    tcp.on('close', () => toClient(end));
    tcp.on('error', () => toClient(end));
    ws.on('close', () => toServer(end));
    ws.on('error', () => toServer(end));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: set PG_BRIDGE_PORT to a free port`) : err),
    );
    http.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (http.address() as { port: number }).port;
  return {
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}
