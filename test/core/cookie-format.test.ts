import { expect } from '@open-wc/testing';
import { CookieFormatError, MAX_COOKIE_LENGTH, parse, serialize } from '../../src/core/cookie-format.js';
import { Decision, type ConsentRecord } from '../../src/core/decision.js';

const NOW = Date.UTC(2026, 10, 25);
const SUBJECT = 'a'.repeat(32);
const granted: ConsentRecord = { service: 'youtube', decision: Decision.granted, at: NOW - 1000, version: 'abc123', remembered: true };

describe('cookie format', () => {
  it('round-trips remembered decisions and the subject id', () => {
    const denied: ConsentRecord = { ...granted, service: 'facebook-page', decision: Decision.denied };
    const raw = serialize({ subject: SUBJECT, records: [granted, denied] });
    expect(raw).to.equal(`1~${SUBJECT}~youtube.g.${(NOW - 1000).toString(36)}.abc123!facebook-page.d.${(NOW - 1000).toString(36)}.abc123`);
    expect(parse(raw, NOW)).to.deep.equal({ subject: SUBJECT, records: [granted, denied] });
  });

  it('only uses characters a cookie carries without percent-encoding', () => {
    const raw = serialize({ subject: SUBJECT, records: [granted, { ...granted, service: 'x-1' }] });
    expect(raw).to.match(/^[0-9a-z~.!-]+$/);
    expect(encodeURIComponent(raw).replace(/%7E/g, '~')).to.equal(raw);
  });

  it('leaves out decisions made for this page view only', () => {
    const raw = serialize({ records: [{ ...granted, remembered: false }] });
    expect(parse(raw, NOW).records).to.deep.equal([]);
  });

  const bad: Array<[string, string]> = [
    ['a foreign value', '{"necessary":true}'],
    ['a newer format version', `2~${SUBJECT}~youtube.g.1.a`],
    ['a malformed entry', `1~${SUBJECT}~youtube.g.1.a!<script>`],
    ['an unknown decision code', `1~${SUBJECT}~youtube.x.1.a`],
    ['a malformed subject id', '1~not-an-id~youtube.g.1.a'],
    ['a service twice', `1~~youtube.d.1.a!youtube.g.1.a`],
    ['a decision dated in the future', `1~~youtube.g.${(NOW + 7 * 86_400_000).toString(36)}.a`],
    ['an oversized value', `1~~${Array.from({ length: 300 }, (_, i) => `service-${i}.g.1.a`).join('!')}`],
  ];
  for (const [what, raw] of bad) {
    it(`rejects the whole cookie for ${what}`, () => {
      expect(() => parse(raw, NOW)).to.throw(CookieFormatError);
    });
  }

  it('says why an oversized cookie is rejected', () => {
    const raw = `1~~${Array.from({ length: 300 }, (_, i) => `service-${i}.g.1.a`).join('!')}`;
    expect(raw.length).to.be.above(MAX_COOKIE_LENGTH);
    expect(() => parse(raw, NOW)).to.throw(CookieFormatError, `it is ${raw.length} characters long`);
  });
});
