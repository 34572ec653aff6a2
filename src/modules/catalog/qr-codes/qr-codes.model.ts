// The QR code vocabulary shared by routes, handlers and services (no ORM for their importers).
export {
  QR_ACCESS_LEVELS,
  QR_IMAGE_FORMATS,
  QR_LINKED_TYPES,
  QR_RENDER_MODES,
  QR_TYPES,
  type QrAccessLevel,
  type QrCodeRow,
  type QrLinkRow,
  type QrLinkedType,
  type QrOptions,
  type QrPayloadTemplate,
  type QrRenderMode,
  type QrType,
  type QrVersionRow,
} from '../../../db/schema/qr-codes';
import type { QrAccessLevel, QrOptions, QrPayloadTemplate, QrRenderMode, QrType } from '../../../db/schema/qr-codes';

/** Options of a code created without any (the reference's defaults; M survives a SMALL icon). */
export const DEFAULT_OPTIONS: QrOptions = {
  foregroundColor: '#000000',
  backgroundColor: '#FFFFFF',
  size: 256,
  sizeUnit: 'px',
  errorCorrectionLevel: 'M',
  margin: 4,
  printProfile: 'STANDARD',
  icon: { enabled: false, size: 'SMALL' },
};

/** What a create or an update may set (an update only the fields its body names). */
export interface CodeInput {
  name: string;
  description?: string;
  type: QrType;
  payloadTemplate?: QrPayloadTemplate;
  options?: QrOptions;
  renderMode?: QrRenderMode;
  accessLevel: QrAccessLevel;
  isVersioned?: boolean;
}

export type CodePatch = Partial<CodeInput>;

export interface ListFilter {
  type?: QrType;
  renderMode?: QrRenderMode;
  accessLevel?: QrAccessLevel;
  search?: string;
  limit: number;
  offset: number;
}

export interface LinkInput {
  linkedType: string;
  linkedId?: number;
  linkedUuid?: string;
  permissionSource?: string;
  inheritsPermissions: boolean;
}

/** R2 key of a stored render. */
export const objectKey = (tenantId: string, mediaId: string) => `qr-codes/${tenantId}/${mediaId}.png`;

/** The code's public embed URL (also what a LANDING_PAGE code encodes). */
export const publicUrlOf = (baseUrl: string, uuid: string) => `${baseUrl}/api/v1/public/qr/${uuid}`;
