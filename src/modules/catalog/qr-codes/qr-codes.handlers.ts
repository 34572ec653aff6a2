// QR code handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { serviceContext } from '../../../middleware/service-context';
import * as links from './qr-codes.links';
import type { CodePatch, QrOptions, QrPayloadTemplate } from './qr-codes.model';
import type * as routes from './qr-codes.routes';
import * as service from './qr-codes.service';
import { toCode, toLink, toVersion } from './qr-codes.views';
import { CONTENT_TYPE, type ImageFormat } from './render';

const base = (c: { env: { APP_URL?: string } }) => serviceContext(c as never).config.appUrl;

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  // The page goes to the database with the caller check (one round trip, middleware/auth.ts).
  const { rows, total } = await service.listCodes(serviceContext(c), f);
  return c.json({ data: rows.map((r) => toCode(r, base(c))), pagination: { total, limit: f.limit, offset: f.offset } }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const body = c.req.valid('json');
  const code = await service.createCode(serviceContext(c), { ...body, payloadTemplate: body.payloadTemplate as QrPayloadTemplate | undefined, options: body.options as QrOptions | undefined });
  return c.json({ data: toCode(code, base(c)) }, 201);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const code = await service.getCode(serviceContext(c), c.req.valid('param').uuid);
  return c.json({ data: toCode(code, base(c)) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const body = c.req.valid('json');
  // The contract gives `accessLevel` a default: only fields the client sent change (the raw body says which).
  const sent = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
  const changes = Object.fromEntries(Object.entries(body).filter(([k]) => k in sent)) as CodePatch;
  const code = await service.updateCode(serviceContext(c), c.req.valid('param').uuid, changes);
  return c.json({ data: toCode(code, base(c)) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteCode(serviceContext(c), c.req.valid('param').uuid);
  return noContent(c);
};

/** An image answer: its type, its SHA-256 as ETag, and a file name for downloads. */
export function imageResponse(body: ReadableStream | Uint8Array | null, format: ImageFormat, etag: string, headers: Record<string, string> = {}, status = 200): Response {
  return new Response(body, {
    status,
    headers: {
      ...(body && { 'Content-Type': CONTENT_TYPE[format] }),
      ETag: etag,
      // An SVG opened on its own runs nothing: ours holds no script, and the policy says so.
      ...(format === 'svg' && { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" }),
      ...headers,
    },
  });
}

export const download: Handler<typeof routes.download> = async (c) => {
  const { format } = c.req.valid('query');
  const { code, bytes, checksum } = await service.download(serviceContext(c), c.req.valid('param').uuid, format);
  const name = code.name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'qr-code';
  return imageResponse(bytes, format, `"${checksum}"`, { 'Content-Disposition': `attachment; filename="${name}.${format}"`, 'Cache-Control': 'private, no-store' }) as never;
};

export const regenerate: Handler<typeof routes.regenerate> = async (c) => {
  const body = c.req.valid('json');
  const { regenerated, code } = await service.regenerate(serviceContext(c), c.req.valid('param').uuid, body?.force ?? false);
  return c.json(
    {
      data: {
        regenerated,
        ...(code.isVersioned && { versionNumber: code.versionCounter }),
        ...(code.latestMediaId && { mediaId: code.latestMediaId }),
        ...(code.checksum && { checksum: code.checksum }),
      },
    },
    200,
  );
};

export const versions: Handler<typeof routes.versions> = async (c) => {
  const rows = await service.versions(serviceContext(c), c.req.valid('param').uuid);
  return c.json({ data: rows.map(toVersion) }, 200);
};

export const listLinks: Handler<typeof routes.links> = async (c) => {
  const rows = await links.listLinks(serviceContext(c), c.req.valid('param').uuid);
  return c.json({ data: rows.map(toLink) }, 200);
};

export const link: Handler<typeof routes.link> = async (c) => {
  const row = await links.createLink(serviceContext(c), c.req.valid('param').uuid, c.req.valid('json'));
  return c.json({ data: toLink(row) }, 201);
};

export const unlink: Handler<typeof routes.unlink> = async (c) => {
  const { uuid, linkId } = c.req.valid('param');
  await links.deleteLink(serviceContext(c), uuid, linkId);
  return noContent(c);
};
