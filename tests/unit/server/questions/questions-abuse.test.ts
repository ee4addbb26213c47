import { describe, expect, it } from 'vitest';
import { askQuestionBodySchema, normalizeText } from '../../../../server/questions/questions.contract.js';
import { ClientFingerprints } from '../../../../server/questions/client-fingerprint.js';
import { findNearDuplicate, jaccard, tokens } from '../../../../server/questions/near-duplicate.js';
import { RateLimiter } from '../../../../server/questions/rate-limiter.js';

describe('RateLimiter', () => {
  const make = () => {
    let now = 0;
    const limiter = new RateLimiter(
      { client: [{ windowMs: 60_000, max: 3 }, { windowMs: 86_400_000, max: 5 }], address: [{ windowMs: 60_000, max: 4 }] },
      () => now,
    );
    return { limiter, at: (ms: number) => (now = ms) };
  };

  it('allows up to the limit per window and says when the next one fits', () => {
    const { limiter, at } = make();
    for (const t of [0, 10_000, 20_000]) {
      at(t);
      expect(limiter.take({ client: 'a' })).toEqual({ ok: true });
    }
    at(30_000);
    expect(limiter.take({ client: 'a' })).toEqual({ ok: false, retryAfterSec: 30 });
    at(60_001);
    expect(limiter.take({ client: 'a' })).toEqual({ ok: true });
  });

  it('applies the daily limit after the minute ones', () => {
    const { limiter, at } = make();
    for (const t of [0, 1, 2, 61_000, 61_001]) {
      at(t);
      expect(limiter.take({ client: 'a' }).ok).toBe(true);
    }
    at(200_000);
    const refused = limiter.take({ client: 'a' });
    expect(refused).toEqual({ ok: false, retryAfterSec: Math.ceil((86_400_000 - 200_000) / 1000) });
  });

  it('counts nothing when any key refuses', () => {
    const { limiter } = make();
    for (let i = 0; i < 4; i++) expect(limiter.take({ client: `c${i}`, address: 'x' }).ok).toBe(true);
    expect(limiter.take({ client: 'fresh', address: 'x' }).ok).toBe(false);
    // "fresh" was not charged for the refused request.
    for (let i = 0; i < 3; i++) expect(limiter.take({ client: 'fresh', address: `y${i}` }).ok).toBe(true);
  });
});

describe('near-duplicate questions', () => {
  it('compare words regardless of case, order and punctuation, in Armenian too', () => {
    expect(tokens('Ե՞րբ կնորոգվի   փողոցը։')).toEqual(new Set(['երբ', 'կնորոգվի', 'փողոցը']));
    expect(jaccard(tokens('When will the road be fixed?'), tokens('when will THE road be fixed'))).toBe(1);
    expect(findNearDuplicate('Ինչու են լույսերը անջատված գիշերը', [{ text: 'Ինչու՞ են գիշերը լույսերը անջատված։' }])).toBeDefined();
  });

  it('tell different questions apart', () => {
    expect(findNearDuplicate('When will the road be fixed?', [{ text: 'When will the school be fixed?' }])).toBeUndefined();
    expect(jaccard(tokens('a b c d e'), tokens('a b c d e f'))).toBeCloseTo(5 / 6);
  });
});

describe('question text', () => {
  it('drops control and bidi characters and collapses space, keeping HTML as typed', () => {
    expect(normalizeText('  a\u0000b\u202E  c \r\n\r\n\r\n\r\nd <b>x</b>\u200B ')).toBe('ab c\n\nd <b>x</b>');
  });

  it('parses a minimal body with defaults', () => {
    expect(askQuestionBodySchema.parse({ text: '  Ինչու՞  ոչ ' })).toEqual({ text: 'Ինչու՞ ոչ', authorName: null, agendaItemId: null });
    expect(askQuestionBodySchema.parse({ text: 'Ինչու՞ ոչ', authorName: '   ' }).authorName).toBeNull();
  });
});

describe('client fingerprints', () => {
  it('hash a client id with the server secret, falling back to the address', () => {
    const a = new ClientFingerprints(Buffer.alloc(32, 1));
    const b = new ClientFingerprints(Buffer.alloc(32, 2));
    expect(a.of('client-id-0123456789', '1.2.3.4')).toBe(a.of('client-id-0123456789', '5.6.7.8'));
    expect(a.of('client-id-0123456789', '1.2.3.4')).not.toBe(b.of('client-id-0123456789', '1.2.3.4'));
    expect(a.of(undefined, '1.2.3.4')).not.toBe(a.of(undefined, '5.6.7.8'));
    expect(a.of('client-id-0123456789', '1.2.3.4')).not.toContain('client-id');
  });
});
