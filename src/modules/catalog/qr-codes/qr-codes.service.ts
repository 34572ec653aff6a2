// QR codes: create, read, change and delete, with their renders (qr-codes.renders.ts). A change of
// what is drawn (type, payload, options, render mode) re-renders a STATIC code in the same
// transaction; a LIVE code is drawn on every request, and is still drawn once on each change so
// that a payload, icon or size that cannot be rendered is refused (422) before it is saved.
import type { Principal, ServiceContext } from '../../../context';
import { ApiError, notFound } from '../../../lib/errors';
import { forgetEmbed } from './qr-codes.embed';
import { DEFAULT_OPTIONS, type CodeInput, type CodePatch, type ListFilter, type QrCodeRow, type QrOptions } from './qr-codes.model';
import * as q from './qr-codes.queries';
import { dropObjects, imageOf, recordVersion, renderCode, rerender, storeRender, type RenderOutcome } from './qr-codes.renders';
import type { ImageFormat } from './render';

const HEX = /^#[0-9A-Fa-f]{6}$/;

/** Checks the reference leaves to prose: the icon's colour is a hex colour, an icon image needs the media area. */
function checkOptions(o: QrOptions): QrOptions {
  if (o.icon.color !== undefined && !HEX.test(o.icon.color)) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid body: options.icon.color', { location: 'body', fields: { 'options.icon.color': ['Must be a hex colour #RRGGBB'] } });
  }
  if (o.icon.mediaId !== undefined) {
    // Media files are another area's; until it serves them the icon is drawn, never an uploaded image.
    throw new ApiError('UNPROCESSABLE_ENTITY', 'Icon images (options.icon.mediaId) are not available yet: leave mediaId out for the drawn icon', { reason: 'ICON_MEDIA_UNAVAILABLE' });
  }
  return o;
}

const who = (p: Principal) => (p.kind === 'user' ? p.userId : `api_key:${p.keyId}`);

export const listCodes = (ctx: ServiceContext, f: ListFilter) => q.listCodes(ctx, f);

export async function getCode(ctx: ServiceContext, uuid: string, opts: { lock?: boolean } = {}): Promise<QrCodeRow> {
  const code = await q.findCode(ctx, uuid, opts);
  if (!code) throw notFound('QR code');
  return code;
}

export async function createCode(ctx: ServiceContext, input: CodeInput): Promise<QrCodeRow> {
  const p = await ctx.principal();
  const uuid = crypto.randomUUID();
  const options = checkOptions(input.options ?? DEFAULT_OPTIONS);
  const renderMode = input.renderMode ?? 'STATIC';
  const payloadTemplate = input.payloadTemplate ?? {};
  const isVersioned = input.isVersioned ?? false;
  const rendered = await renderCode(ctx, { uuid, type: input.type, payloadTemplate, options }, 'png');
  const stored = renderMode === 'STATIC' ? await storeRender(ctx, rendered) : undefined;
  const code = await q.insertCode(ctx, {
    uuid,
    // An API key has no user: the person who created the key, else the key itself (created_by says which).
    createdByUserId: p.kind === 'user' ? p.userId : (p.createdBy ?? p.keyId),
    name: input.name,
    description: input.description ?? null,
    type: input.type,
    payloadTemplate,
    options,
    renderMode,
    accessLevel: input.accessLevel,
    isVersioned,
    versionCounter: stored && isVersioned ? 1 : 0,
    latestMediaId: stored?.mediaId ?? null,
    checksum: stored?.rendered.checksum ?? null,
    createdBy: who(p),
    updatedBy: who(p),
  });
  if (stored && isVersioned) await recordVersion(ctx, code, stored);
  ctx.audit({ action: 'qr_code.create', resourceType: 'qr_code', resourceId: uuid, details: { name: code.name, type: code.type, renderMode, accessLevel: code.accessLevel } });
  return code;
}

/** Applies the fields the body names; what is drawn changed → a STATIC code renders again (skipped when identical). */
export async function updateCode(ctx: ServiceContext, uuid: string, patch: CodePatch): Promise<QrCodeRow> {
  const p = await ctx.principal();
  const cur = await getCode(ctx, uuid, { lock: true });
  if (patch.options) checkOptions(patch.options);
  const drawn = patch.type !== undefined || patch.payloadTemplate !== undefined || patch.options !== undefined || patch.renderMode !== undefined;
  const next = { ...cur, ...stripUndefined(patch) } as QrCodeRow;
  if (drawn) await renderCode(ctx, next, 'png'); // refuses what cannot be drawn before anything is written
  const toLive = next.renderMode === 'LIVE' && cur.renderMode === 'STATIC';
  let code = await q.updateCode(ctx, cur.id, {
    name: next.name,
    description: next.description,
    type: next.type,
    payloadTemplate: next.payloadTemplate,
    options: next.options,
    renderMode: next.renderMode,
    accessLevel: next.accessLevel,
    isVersioned: next.isVersioned,
    updatedBy: who(p),
    // A LIVE code has no stored image; an unversioned one's object goes, a version keeps its own.
    ...(toLive && { latestMediaId: null, checksum: null }),
  });
  if (toLive && !cur.isVersioned) dropObjects(ctx, [cur.latestMediaId]);
  if (code.renderMode === 'STATIC' && (drawn || !code.latestMediaId)) code = (await rerender(ctx, code, false)).code;
  forgetEmbed(uuid);
  ctx.audit({ action: 'qr_code.update', resourceType: 'qr_code', resourceId: uuid, details: { fields: Object.keys(stripUndefined(patch)) } });
  return code;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function deleteCode(ctx: ServiceContext, uuid: string): Promise<void> {
  const code = await getCode(ctx, uuid, { lock: true });
  dropObjects(ctx, await q.deleteCode(ctx, code));
  forgetEmbed(uuid);
  ctx.audit({ action: 'qr_code.delete', resourceType: 'qr_code', resourceId: uuid, details: { name: code.name } });
}

export async function regenerate(ctx: ServiceContext, uuid: string, force: boolean): Promise<RenderOutcome> {
  const code = await getCode(ctx, uuid, { lock: true });
  if (code.renderMode !== 'STATIC') {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'LIVE codes are drawn on every request: there is no stored image to regenerate', { reason: 'NOT_STATIC' });
  }
  const out = await rerender(ctx, code, force);
  if (out.regenerated) forgetEmbed(uuid);
  ctx.audit({ action: 'qr_code.regenerate', resourceType: 'qr_code', resourceId: uuid, details: { force, regenerated: out.regenerated } });
  return out;
}

export async function versions(ctx: ServiceContext, uuid: string) {
  const rows = await q.versionsOf(ctx, uuid);
  if (!rows) throw notFound('QR code');
  return rows;
}

export async function download(ctx: ServiceContext, uuid: string, format: ImageFormat) {
  const code = await getCode(ctx, uuid);
  return { code, ...(await imageOf(ctx, code, format)) };
}
