import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import type { AppContext } from '../../http/context.js';
import { clientIp } from '../../http/render.js';

/**
 * Where a support came from, as the anomaly report needs it and no more: a keyed hash of the
 * network (the /24 of an IPv4 address, the /48 of an IPv6 one — never the address) and a keyed
 * hash of the browser's User-Agent string (no fingerprinting script). Null when unknown. The key
 * is the server's secret, so the hashes cannot be reversed by trying every network without it,
 * and they mean nothing outside this deployment (docs/decisions/0059-…).
 */
export type VoteOrigin = { network: string | null; agent: string | null };

export const NO_ORIGIN: VoteOrigin = { network: null, agent: null };

/** The longest User-Agent string hashed (longer ones are cut: they are a signal, not an identity). */
const AGENT_MAX = 512;

/** The network an address belongs to, as text ("192.0.2.0/24", "2001:db8:1::/48"); null when it is not an address. */
export function networkOf(address: string): string | null {
  let a = address.trim().replace(/%.*$/, ''); // an IPv6 zone ("fe80::1%eth0") is not part of the address
  if (a.toLowerCase().startsWith('::ffff:') && isIP(a.slice(7)) === 4) a = a.slice(7); // IPv4 seen through an IPv6 socket
  const kind = isIP(a);
  if (kind === 4) return `${a.split('.').slice(0, 3).join('.')}.0/24`;
  if (kind !== 6) return null;
  const [head = '', tail] = a.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const front = groups(head);
  const filled = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - groups(tail).length).fill('0'), ...groups(tail)];
  return `${filled
    .slice(0, 3)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/48`;
}

const keyed = (secret: string, what: string, value: string) => createHmac('sha256', secret).update(`${what}\0${value}`).digest('base64url').slice(0, 22);

/** The keyed hashes of a support's network and User-Agent (null for what is missing). */
export function originOf(secret: string, address: string, userAgent: string | undefined): VoteOrigin {
  const network = networkOf(address);
  const agent = (userAgent ?? '').trim().slice(0, AGENT_MAX);
  return { network: network ? keyed(secret, 'vote-network', network) : null, agent: agent ? keyed(secret, 'vote-agent', agent) : null };
}

/** The request's origin (the client's address as TRUST_PROXY says, and its User-Agent header). */
export const voteOrigin = (c: AppContext): VoteOrigin => originOf(c.get('deps').secret(), clientIp(c), c.req.header('User-Agent'));
