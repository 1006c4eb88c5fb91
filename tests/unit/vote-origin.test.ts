import { describe, expect, it } from 'vitest';
import { networkOf, originOf } from '../../src/features/votes/origin.js';

describe('networkOf: the /24 or /48 an address belongs to, never the address', () => {
  it.each([
    ['203.0.113.7', '203.0.113.0/24'],
    ['203.0.113.250', '203.0.113.0/24'],
    [' 198.51.100.1 ', '198.51.100.0/24'],
    ['::ffff:203.0.113.7', '203.0.113.0/24'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1::/48'],
    ['2001:0DB8:0001:ffff::1', '2001:db8:1::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
    ['2001:db8:1::192.0.2.1', '2001:db8:1::/48'],
  ])('%s → %s', (address, network) => expect(networkOf(address)).toBe(network));

  it.each(['unknown', '', '999.1.1.1', 'example.org', '1.2.3', '::ffff:nonsense'])('%s is no address', (address) => expect(networkOf(address)).toBeNull());
});

describe('originOf: keyed hashes', () => {
  const secret = 'x'.repeat(32);
  it('gives one network the same hash, and another network another', () => {
    expect(originOf(secret, '203.0.113.7', 'A').network).toBe(originOf(secret, '203.0.113.99', 'B').network);
    expect(originOf(secret, '203.0.113.7', 'A').network).not.toBe(originOf(secret, '203.0.114.7', 'A').network);
    expect(originOf(secret, '203.0.113.7', 'A').agent).not.toBe(originOf(secret, '203.0.113.7', 'B').agent);
  });
  it('depends on the secret, and holds nothing of the address or the browser string', () => {
    const o = originOf(secret, '203.0.113.7', 'Mozilla/5.0');
    expect(originOf('y'.repeat(32), '203.0.113.7', 'Mozilla/5.0')).not.toEqual(o);
    expect(o.network).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(o.agent).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(o.network).not.toBe(o.agent); // the two hashes are kept apart
  });
  it('is null for what is missing', () => {
    expect(originOf(secret, 'unknown', undefined)).toEqual({ network: null, agent: null });
    expect(originOf(secret, '203.0.113.7', '   ').agent).toBeNull();
  });
});
