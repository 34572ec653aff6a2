// What issuing a session takes and gives (shared by sign-in, OAuth and invitation accept).

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  sessionId: string;
  rememberMe: boolean;
  /** Whose session it is (the audit entry of a refresh names them). */
  userId: string;
  tenantId: string;
}

export interface NewSession {
  userId: string;
  tenantId: string;
  rememberMe: boolean;
  mfaPending: boolean;
  /** Mandatory flow tasks are pending (see flow-gate.ts). */
  flowPending?: boolean;
  authMethod: string;
  ipAddress: string | null;
  userAgent: string | null;
}
