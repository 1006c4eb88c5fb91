/**
 * Second factors (issue 14): passkeys (WebAuthn), TOTP as the fallback, single-use recovery codes.
 * Pure building blocks: no tables, no routes. What a caller must do around them:
 *
 * - Challenges: store `options.challenge` server-side with the session (never in a form field the
 *   browser sends back), expire it after CEREMONY_TIMEOUT_MS, and delete it on first use whatever
 *   the outcome, so each ceremony's response is accepted once.
 * - Per passkey: credentialId (unique, the lookup key), publicKey, counter, transports, plus a name
 *   and created/last-used dates for the person's list. After each sign-in store `newCounter`.
 * - Per TOTP: the secret sealed with sealSecret(secret, SECRET_KEY, userId), and the last accepted
 *   step (verifyTotp's `step`), updated in the sign-in's transaction.
 * - Recovery codes: only hashRecoveryCode's hashes; delete the matched one with DELETE … RETURNING.
 * - Rate-limit every second-factor attempt (a 6-digit code falls to unlimited guessing).
 * - Losing SECRET_KEY (or DATA_DIR/secret-key) makes sealed TOTP secrets and recovery-code hashes
 *   unusable: people then need their passkey or an admin reset.
 */
export {
  TOTP_DIGITS,
  TOTP_ISSUER,
  TOTP_PERIOD_SECONDS,
  TOTP_WINDOW,
  newTotpSecret,
  normaliseTotpCode,
  openSecret,
  sealSecret,
  totpCode,
  totpStep,
  totpUri,
  verifyTotp,
  type TotpResult,
} from './totp.js';
export {
  RECOVERY_CODE_COUNT,
  generateRecoveryCodes,
  hashRecoveryCode,
  normaliseRecoveryCode,
  verifyRecoveryCode,
  type RecoveryCodeContext,
} from './recovery-codes.js';
export {
  CEREMONY_TIMEOUT_MS,
  PasskeyError,
  authenticationOptions,
  parseAuthenticationResponse,
  parseRegistrationResponse,
  registrationOptions,
  relyingParty,
  verifyAuthentication,
  verifyRegistration,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  type StoredCredential,
} from './webauthn.js';
