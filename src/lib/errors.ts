// One error class for the whole API. Every 4xx/5xx body is the reference's StandardErrorResponse.
import { z } from '@hono/zod-openapi';

export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_ENTITY: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Seconds a 503 asks the caller to wait: about one connect timeout, the usual outage blip. */
export const RETRY_AFTER_SECONDS = 5;

export class ApiError extends Error {
  readonly status: (typeof ERROR_STATUS)[ErrorCode];
  readonly headers: Record<string, string>;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> | null = null,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
    // Every 503 tells clients when to retry, so they back off instead of hammering a sick dependency.
    const hasRetryAfter = Object.keys(headers).some((k) => k.toLowerCase() === 'retry-after');
    this.headers = code === 'SERVICE_UNAVAILABLE' && !hasRetryAfter ? { ...headers, 'Retry-After': String(RETRY_AFTER_SECONDS) } : headers;
  }
}

export const notFound = (what: string) => new ApiError('NOT_FOUND', `${what} not found`);

export const StandardErrorResponse = z
  .strictObject({
    error: z.string().openapi({ description: 'Error type/code' }),
    message: z.string().openapi({ description: 'Human-readable error message' }),
    statusCode: z.number().openapi({ description: 'HTTP status code' }),
    requestId: z.string().nullable().optional().openapi({ description: 'Request tracking ID' }),
    details: z.record(z.string(), z.unknown()).nullable().optional().openapi({
      description: 'Additional error context (validation errors, etc.)',
    }),
    timestamp: z.iso.datetime({ offset: true }).openapi({ description: 'Error timestamp (ISO 8601)' }),
  })
  .openapi('StandardErrorResponse', {
    description:
      'Standard error response format used by all error endpoints (4xx and 5xx status codes).',
  });

export type StandardError = z.infer<typeof StandardErrorResponse>;

export function errorBody(err: ApiError, requestId: string | undefined): StandardError {
  return {
    error: err.code,
    message: err.message,
    statusCode: err.status,
    requestId: requestId ?? null,
    details: err.details,
    timestamp: new Date().toISOString(),
  };
}
