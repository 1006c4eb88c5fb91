// The only import of `@simplewebauthn/server` in the code base: callers use these functions and
// types, so the library can be replaced (or upgraded across majors) here alone.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';

export type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON };

/**
 * How long the browser waits for the person (and so how long the caller should keep the
 * challenge): five minutes, since finding a security key or phone takes longer than the
 * library's default of one.
 */
export const CEREMONY_TIMEOUT_MS = 5 * 60_000;

/**
 * Signature algorithms offered and accepted (COSE ids): Ed25519, ES256 (P-256), RS256 — what
 * authenticators use. Pinned rather than the library's default, which on Node 24 puts ML-DSA-44
 * first: Node's ML-DSA and SubtleCrypto.supports() are experimental there (each process printed an
 * ExperimentalWarning) and no authenticator offers it yet. Revisit when Node marks them stable.
 */
const ALGORITHMS = [-8, -7, -257];

/** A passkey as the caller stores it (one row per credential). */
export type StoredCredential = {
  /** base64url, unique across all users: the lookup key when someone signs in with it. */
  credentialId: string;
  /** COSE public key bytes (bytea). */
  publicKey: Uint8Array;
  /** Signature counter; 0 for authenticators that keep none (most synced passkeys). */
  counter: number;
  /** Hints for the browser ("internal", "hybrid", "usb" …), given back in allowCredentials. */
  transports?: string[];
};

/**
 * A ceremony that failed: a tampered or foreign response, the wrong challenge, origin or
 * credential, a counter that went back. Callers catch it and answer with the form's error
 * (src/features/second-factor: an InvalidInputError, a 422); it is a plain Error so that this
 * module, below the app's layers, depends on none of them. `detail` is for the log only (it never
 * contains key material).
 */
export class PasskeyError extends Error {
  constructor(
    readonly ceremony: 'registration' | 'authentication',
    readonly detail: string,
  ) {
    super(`passkey ${ceremony} failed: ${detail}`);
    this.name = 'PasskeyError';
  }
}

/** The relying party for the site's PUBLIC_URL: its hostname is the rpId, its origin what browsers report. */
export function relyingParty(publicUrl: string): { rpId: string; origin: string } {
  const url = new URL(publicUrl);
  return { rpId: url.hostname, origin: url.origin };
}

/**
 * Options for navigator.credentials.create(), as JSON for the page's `data-options`. `user.id` is
 * our user id (a UUID, no personal data) and goes in as the WebAuthn user handle: the same for every
 * passkey of one person, so an authenticator replaces its old passkey for us instead of adding one.
 * Keep `options.challenge` server-side (see index.ts).
 */
export function registrationOptions(input: {
  rpName: string;
  rpId: string;
  user: { id: string; name: string; displayName: string };
  excludeCredentials?: readonly Pick<StoredCredential, 'credentialId' | 'transports'>[];
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: input.rpName,
    rpID: input.rpId,
    userID: new TextEncoder().encode(input.user.id),
    userName: input.user.name,
    userDisplayName: input.user.displayName,
    timeout: CEREMONY_TIMEOUT_MS,
    // No attestation: we trust any authenticator the person chooses, and asking for attestation
    // only adds a privacy prompt and certificate chains to check.
    attestationType: 'none',
    // An already-registered authenticator refuses to register again (the browser says so).
    excludeCredentials: (input.excludeCredentials ?? []).map((c) => ({ id: c.credentialId, ...(c.transports ? { transports: c.transports } : {}) })),
    // 'preferred' on both: this is a second factor after the password, so presence is enough, and
    // security keys without a PIN must still work; a discoverable credential is kept where possible
    // so passwordless sign-in can come later without registering again.
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    supportedAlgorithmIDs: ALGORITHMS,
  });
}

/** Options for navigator.credentials.get() (the person's registered credentials). */
export function authenticationOptions(input: {
  rpId: string;
  allowCredentials: readonly Pick<StoredCredential, 'credentialId' | 'transports'>[];
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: input.rpId,
    allowCredentials: input.allowCredentials.map((c) => ({ id: c.credentialId, ...(c.transports ? { transports: c.transports } : {}) })),
    userVerification: 'preferred',
    timeout: CEREMONY_TIMEOUT_MS,
  });
}

/** Reads the hidden field's JSON; anything that is not a credential's shape is refused here, as a 400. */
function parseCredentialJSON(raw: string, ceremony: PasskeyError['ceremony']): { id: string } & Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new PasskeyError(ceremony, 'the response is not JSON');
  }
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null || typeof v['id'] !== 'string' || v['id'] === '' || v['id'] !== v['rawId'] || v['type'] !== 'public-key' || typeof v['response'] !== 'object' || v['response'] === null)
    throw new PasskeyError(ceremony, 'the response is not a public-key credential');
  return v as { id: string } & Record<string, unknown>;
}

export const parseRegistrationResponse = (raw: string): RegistrationResponseJSON => parseCredentialJSON(raw, 'registration') as unknown as RegistrationResponseJSON;
/** Parse first, then look the credential up by `response.id`, then verify. */
export const parseAuthenticationResponse = (raw: string): AuthenticationResponseJSON => parseCredentialJSON(raw, 'authentication') as unknown as AuthenticationResponseJSON;

/** Checks a registration against the challenge the caller issued; the result is what to store. */
export async function verifyRegistration(response: RegistrationResponseJSON, expectedChallenge: string, origin: string, rpId: string): Promise<StoredCredential & { transports: string[] }> {
  let verification;
  try {
    verification = await verifyRegistrationResponse({ response, expectedChallenge, expectedOrigin: origin, expectedRPID: rpId, requireUserVerification: false, supportedAlgorithmIDs: ALGORITHMS });
  } catch (err) {
    throw new PasskeyError('registration', err instanceof Error ? err.message : String(err));
  }
  if (!verification.verified) throw new PasskeyError('registration', 'not verified');
  const { credential } = verification.registrationInfo;
  return { credentialId: credential.id, publicKey: credential.publicKey, counter: credential.counter, transports: credential.transports ?? [] };
}

/**
 * Checks a sign-in with `stored` (found by `response.id`). Returns the counter to store. The
 * library refuses a counter that did not increase (a cloned authenticator) unless both are 0.
 */
export async function verifyAuthentication(
  response: AuthenticationResponseJSON,
  expectedChallenge: string,
  origin: string,
  rpId: string,
  stored: StoredCredential,
): Promise<{ newCounter: number }> {
  // The library trusts the caller to pass the credential the response names; make sure.
  if (response.id !== stored.credentialId) throw new PasskeyError('authentication', 'the response is for another credential');
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpId,
      credential: {
        id: stored.credentialId,
        // A copy: the library's type wants a Uint8Array over its own ArrayBuffer, which a Buffer read
        // from the database is not.
        publicKey: new Uint8Array(stored.publicKey),
        counter: stored.counter,
        ...(stored.transports ? { transports: stored.transports } : {}),
      },
      requireUserVerification: false,
    });
  } catch (err) {
    throw new PasskeyError('authentication', err instanceof Error ? err.message : String(err));
  }
  if (!verification.verified) throw new PasskeyError('authentication', 'signature not verified');
  return { newCounter: verification.authenticationInfo.newCounter };
}
