import type { CDPSession, Page } from 'playwright-core';

/**
 * A platform authenticator that Chromium simulates through the DevTools protocol (WebAuthn
 * domain): no dialog, touch and user verification always given, credentials kept in memory for
 * this page's target. What the real passkey e2e tests use in place of a phone or security key.
 */
export type VirtualAuthenticator = {
  cdp: CDPSession;
  authenticatorId: string;
  /** The credentials it holds (id is base64url like the server's credentialId; signCount is its counter). */
  credentials(): Promise<{ credentialId: string; rpId: string | undefined; signCount: number; isResidentCredential: boolean }[]>;
  /** Whether the next ceremonies verify the user (PIN/biometric): false simulates a failed check. */
  setUserVerified(isUserVerified: boolean): Promise<void>;
  remove(): Promise<void>;
};

export type VirtualAuthenticatorOptions = {
  /** A security key ('usb', 'ctap2' without resident keys) instead of a built-in one. */
  transport?: 'internal' | 'usb' | 'nfc' | 'ble' | 'hybrid';
  hasResidentKey?: boolean;
  hasUserVerification?: boolean;
};

/** CDP gives credential ids in standard base64; the server and the browser speak base64url. */
const toBase64url = (s: string) => Buffer.from(s, 'base64').toString('base64url');

/**
 * Adds a virtual authenticator to the page's tab; call before the ceremony. One per page: a second
 * tab (e.g. after signing out in another context) needs its own, and then holds no credentials
 * unless they are copied with WebAuthn.addCredential.
 */
export async function addVirtualAuthenticator(page: Page, options: VirtualAuthenticatorOptions = {}): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      ctap2Version: 'ctap2_1',
      transport: options.transport ?? 'internal',
      hasResidentKey: options.hasResidentKey ?? true,
      hasUserVerification: options.hasUserVerification ?? true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    async credentials() {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials.map((c) => ({ credentialId: toBase64url(c.credentialId), rpId: c.rpId, signCount: c.signCount, isResidentCredential: c.isResidentCredential }));
    },
    async setUserVerified(isUserVerified) {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified });
    },
    async remove() {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
      await cdp.detach();
    },
  };
}
