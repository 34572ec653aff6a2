// WebSocket-to-TCP bridge: the Neon serverless driver speaks the Postgres wire protocol over a
// WebSocket. In production Neon's proxy terminates it; locally this forwards each socket to the
// embedded Postgres. The driver asks for `ws://host:port/v1?address=<pg-host>:<pg-port>`.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { WebSocketServer } from 'ws';

export interface BridgeHandle {
  port: number;
  close(): Promise<void>;
}

/** Only these Postgres addresses may be reached through the bridge (it is not an open proxy). */
export async function startBridge(port: number, allowed: string[]): Promise<BridgeHandle> {
  const http: Server = createServer((_req, res) => {
    res.writeHead(426).end('WebSocket only');
  });
  const wss = new WebSocketServer({ server: http });
  wss.on('error', () => {}); // listen errors surface through the http server below
  wss.on('connection', (ws, req) => {
    const address = new URL(req.url ?? '/', 'http://x').searchParams.get('address') ?? '';
    if (!allowed.includes(address)) {
      ws.close(1008, 'address not allowed');
      return;
    }
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
    ws.on('message', (data: Buffer) => (open ? tcp.write(data) : pending.push(data)));
    tcp.on('data', (chunk) => ws.readyState === ws.OPEN && ws.send(chunk));
    const end = () => {
      tcp.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    tcp.on('close', end);
    tcp.on('error', end);
    ws.on('close', end);
    ws.on('error', end);
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
