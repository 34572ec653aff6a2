// The reference's shapes of codes, versions and links: optional fields are absent, never null.
import type { QrCodeRow, QrLinkRow, QrVersionRow } from './qr-codes.model';
import { publicUrlOf } from './qr-codes.model';

const opt = <K extends string, V>(key: K, v: V | null | undefined) => (v === null || v === undefined ? {} : ({ [key]: v } as Record<K, V>));

export function toCode(r: QrCodeRow, baseUrl: string) {
  return {
    id: r.id,
    uuid: r.uuid,
    tenantId: r.tenantId,
    createdByUserId: r.createdByUserId,
    name: r.name,
    ...opt('description', r.description),
    type: r.type,
    payloadTemplate: r.payloadTemplate,
    options: r.options,
    renderMode: r.renderMode,
    accessLevel: r.accessLevel,
    isVersioned: r.isVersioned,
    versionCounter: r.versionCounter,
    ...opt('latestMediaId', r.latestMediaId),
    ...opt('publicUrl', r.accessLevel === 'PUBLIC' ? publicUrlOf(baseUrl, r.uuid) : null),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    ...opt('createdBy', r.createdBy),
    ...opt('updatedBy', r.updatedBy),
  };
}

export function toVersion(v: QrVersionRow) {
  return {
    id: v.id,
    uuid: v.uuid,
    qrCodeId: v.qrCodeId,
    versionNumber: v.versionNumber,
    ...opt('mediaFileId', v.mediaFileId),
    checksum: v.checksum,
    optionsSnapshot: v.optionsSnapshot,
    payloadSnapshot: v.payloadSnapshot,
    ...opt('renderDurationMs', v.renderDurationMs),
    ...opt('fileSizeBytes', v.fileSizeBytes),
    imageFormat: v.imageFormat,
    renderedAt: v.renderedAt.toISOString(),
    createdAt: v.createdAt.toISOString(),
  };
}

export function toLink(l: QrLinkRow) {
  return {
    id: l.id,
    uuid: l.uuid,
    qrCodeId: l.qrCodeId,
    linkedType: l.linkedType,
    linkedUuid: l.linkedUuid,
    ...opt('permissionSource', l.permissionSource),
    inheritsPermissions: l.inheritsPermissions,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
    ...opt('createdByUserId', l.createdByUserId),
  };
}
