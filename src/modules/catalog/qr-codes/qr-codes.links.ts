// Links of a code to entities of other areas (space, resource, contact, user, calendar_entry),
// through the entity registry: an unknown type or another tenant's entity is 404, linking needs the
// right to change the entity (403). A link that inherits permissions hides the public embed once
// its entity is gone (qr-codes.embed.ts).
import type { ServiceContext } from '../../../context';
import { ApiError, notFound } from '../../../lib/errors';
import { assertEntityWritable } from '../entities';
import { forgetEmbed } from './qr-codes.embed';
import type { LinkInput, QrLinkedType, QrLinkRow } from './qr-codes.model';
import * as q from './qr-codes.queries';
import { getCode } from './qr-codes.service';

export async function listLinks(ctx: ServiceContext, uuid: string): Promise<QrLinkRow[]> {
  const rows = await q.linksOf(ctx, uuid);
  if (!rows) throw notFound('QR code');
  return rows;
}

export async function createLink(ctx: ServiceContext, uuid: string, input: LinkInput): Promise<QrLinkRow> {
  const p = await ctx.principal();
  if (!input.linkedUuid) {
    // Every registered entity is addressed by its uuid; the reference's integer `linkedId` names none.
    throw new ApiError('UNPROCESSABLE_ENTITY', 'Give linkedUuid: entities are linked by their uuid', { reason: 'LINKED_UUID_REQUIRED' });
  }
  const code = await getCode(ctx, uuid, { lock: true });
  await assertEntityWritable(ctx, input.linkedType, input.linkedUuid);
  const link = await q.insertLink(ctx, {
    qrCodeId: code.id,
    linkedType: input.linkedType as QrLinkedType,
    linkedUuid: input.linkedUuid.toLowerCase(),
    permissionSource: input.permissionSource ?? null,
    inheritsPermissions: input.inheritsPermissions,
    createdByUserId: p.kind === 'user' ? p.userId : null,
  });
  if (!link) throw new ApiError('CONFLICT', `This QR code is already linked to ${input.linkedType} ${input.linkedUuid}`, { reason: 'ALREADY_LINKED' });
  forgetEmbed(uuid);
  ctx.audit({ action: 'qr_code.link', resourceType: 'qr_code', resourceId: uuid, details: { linkedType: link.linkedType, linkedUuid: link.linkedUuid, inheritsPermissions: link.inheritsPermissions } });
  return link;
}

/** `linkId` is the link's integer id or its uuid. */
export async function deleteLink(ctx: ServiceContext, uuid: string, linkId: string): Promise<void> {
  const code = await getCode(ctx, uuid, { lock: true });
  const ref: { id: number } | { uuid: string } = /^\d+$/.test(linkId) ? { id: Number(linkId) } : { uuid: linkId.toLowerCase() };
  if ('id' in ref && ref.id > 2_147_483_647) throw notFound('Link');
  if (!(await q.deleteLink(ctx, code.id, ref))) throw notFound('Link');
  forgetEmbed(uuid);
  ctx.audit({ action: 'qr_code.unlink', resourceType: 'qr_code', resourceId: uuid, details: { linkId } });
}
