// Renders of codes: what a code encodes, drawing it, and for STATIC codes storing the PNG in R2
// (`FILES`, `qr-codes/<tenant>/<media id>.png`) with its SHA-256, as a new version when the code is
// versioned. An identical render (same checksum) is not stored again unless forced.
//
// R2 is written before the transaction commits (the row must name an object that exists); a
// rolled-back request leaves an unreferenced object behind, never a row without its image. Objects
// a code no longer references are deleted after commit.
import type { ServiceContext } from '../../../context';
import { tenantOf } from '../../../db/tenant';
import { objectKey, publicUrlOf, type QrCodeRow, type QrOptions, type QrPayloadTemplate, type QrType } from './qr-codes.model';
import { payloadText } from './qr-codes.payloads';
import * as q from './qr-codes.queries';
import { CONTENT_TYPE, render, type ImageFormat, type Rendered } from './render';

export interface RenderSpec {
  uuid: string;
  type: QrType;
  payloadTemplate: QrPayloadTemplate | undefined;
  options: QrOptions;
}

/** Draws the code (422 for a payload, icon or size that cannot be rendered). */
export function renderCode(ctx: ServiceContext, spec: RenderSpec, format: ImageFormat): Promise<Rendered> {
  return render(payloadText(spec.type, spec.payloadTemplate, publicUrlOf(ctx.config.appUrl, spec.uuid)), spec.options, format);
}

export interface StoredRender {
  mediaId: string;
  rendered: Rendered;
}

/** Puts a PNG render into R2 (R2 checks the SHA-256 on arrival). */
export async function storeRender(ctx: ServiceContext, rendered: Rendered): Promise<StoredRender> {
  const mediaId = crypto.randomUUID();
  await ctx.env.FILES.put(objectKey(tenantOf(ctx), mediaId), rendered.bytes, {
    httpMetadata: { contentType: CONTENT_TYPE.png },
    customMetadata: { checksum: rendered.checksum },
    sha256: rendered.checksum,
  });
  return { mediaId, rendered };
}

/** Deletes R2 objects once the transaction that dropped them has committed. */
export function dropObjects(ctx: ServiceContext, mediaIds: (string | null | undefined)[]): void {
  const tenantId = tenantOf(ctx);
  const keys = mediaIds.filter((m): m is string => Boolean(m)).map((m) => objectKey(tenantId, m));
  if (keys.length) ctx.afterCommit((job) => job.env.FILES.delete(keys));
}

/** The version row of a versioned code's new render. */
export function recordVersion(ctx: ServiceContext, code: QrCodeRow, stored: StoredRender) {
  return q.insertVersion(ctx, {
    qrCodeId: code.id,
    versionNumber: code.versionCounter,
    mediaFileId: stored.mediaId,
    checksum: stored.rendered.checksum,
    optionsSnapshot: code.options,
    payloadSnapshot: code.payloadTemplate,
    renderDurationMs: stored.rendered.ms,
    fileSizeBytes: stored.rendered.bytes.length,
    imageFormat: 'png',
  });
}

export interface RenderOutcome {
  regenerated: boolean;
  code: QrCodeRow;
}

/**
 * Renders a STATIC code (already updated in this transaction, locked) and stores the render when it
 * differs from the current one or `force`: the code then names the new object and checksum; a
 * versioned code gets a version, an unversioned one's previous object is dropped.
 */
export async function rerender(ctx: ServiceContext, code: QrCodeRow, force: boolean): Promise<RenderOutcome> {
  const rendered = await renderCode(ctx, code, 'png');
  if (!force && rendered.checksum === code.checksum) return { regenerated: false, code };
  const stored = await storeRender(ctx, rendered);
  const updated = await q.updateCode(ctx, code.id, {
    latestMediaId: stored.mediaId,
    checksum: rendered.checksum,
    ...(code.isVersioned && { versionCounter: code.versionCounter + 1 }),
  });
  if (updated.isVersioned) await recordVersion(ctx, updated, stored);
  else dropObjects(ctx, [code.latestMediaId]);
  return { regenerated: true, code: updated };
}

/** The image of a code: a STATIC code's stored PNG (rendered again should R2 have lost it), otherwise drawn now. */
export async function imageOf(ctx: ServiceContext, code: QrCodeRow, format: ImageFormat): Promise<{ bytes: ReadableStream | Uint8Array; checksum: string }> {
  if (format === 'png' && code.renderMode === 'STATIC' && code.latestMediaId && code.checksum) {
    const obj = await ctx.env.FILES.get(objectKey(code.tenantId, code.latestMediaId));
    if (obj) return { bytes: obj.body, checksum: code.checksum };
  }
  const r = await renderCode(ctx, code, format);
  return { bytes: r.bytes, checksum: r.checksum };
}
