// The HTTP method: the verification file fetched from the domain itself, with a timeout and a
// size cap (the file holds a 32-character token; nothing larger is read).
import { CheckFailure, withTimeout } from './timeout';

const MAX_BYTES = 4096;

export interface HttpFileResult {
  status: number;
  /** The body's first MAX_BYTES bytes as text, trimmed; null when the status was not 2xx. */
  content: string | null;
}

export async function fetchVerificationFile(url: string, timeoutMs: number): Promise<HttpFileResult> {
  return withTimeout(timeoutMs, `GET ${url}`, async (signal) => {
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: 'text/plain' }, redirect: 'follow', signal });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new CheckFailure('HTTP_NOT_FOUND', `${url} could not be fetched (no answer from the host)`);
    }
    if (!res.ok) {
      await res.body?.cancel();
      return { status: res.status, content: null };
    }
    return { status: res.status, content: (await readCapped(res)).trim() };
  });
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  const all = new Uint8Array(Math.min(size, MAX_BYTES));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, Math.min(c.byteLength, all.length - at));
    all.set(part, at);
    at += part.byteLength;
  }
  return new TextDecoder().decode(all);
}
