// The scan itself: a secret printed through any common encoding is found, wherever it sits in the encoded text.
import assert from 'node:assert/strict';
import { findLeaks } from './secret-scan.js';

// Characters that every encoding treats specially: / + (base64 alphabets, URL), " \\ (JSON), ~ @ space (URL forms).
const SECRET = 'kv~Guard/"q\\uote"+p@ss word?>>~';
const secrets = { 'client secret': SECRET };

/** Text that carries the secret inside a longer value, encoded as a whole the way a logger or HTTP client would. */
const planted: Record<string, (prefix: string, secret?: string) => string> = {
  'URL-encoded query': (p, s = SECRET) => `GET /token?${p}client_secret=${encodeURIComponent(s)}&grant_type=client_credentials`,
  'form-encoded body': (p, s = SECRET) => new URLSearchParams({ prefix: p, client_secret: s }).toString(),
  'JSON-escaped string': (p, s = SECRET) => JSON.stringify({ body: `${p}secret=${s}` }),
  'base64 (standard)': (p, s = SECRET) => `Authorization: Basic ${Buffer.from(`${p}app:${s}`).toString('base64')}`,
  'base64url': (p, s = SECRET) => `state=${Buffer.from(`${p}app:${s}`).toString('base64url')}`,
};

describe('findLeaks', () => {
  it('uses a secret whose base64 forms differ, so both alphabets are really tried', () => {
    const b64 = [0, 1, 2].map((n) => Buffer.from('x'.repeat(n) + SECRET).toString('base64')).join('');
    assert.match(b64, /\+/);
    assert.match(b64, /\//);
  });

  for (const [how, text] of Object.entries(planted)) {
    // Three prefix lengths put the secret at each byte alignment of base64's 3-byte groups.
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      it(`finds the secret ${how}, after ${prefix.length} byte(s) of other text`, () => {
        assert.equal(findLeaks(secrets, { 'file out.log': `line before\n${text(prefix)}\nline after` }).length, 1);
      });
    }
  }

  it('finds nothing in the same texts carrying another value', () => {
    const clean = Object.values(planted).flatMap((make) => ['', 'a', 'ab'].map((p) => make(p, 'an0ther/"v@lue"+of~similar length'))).join('\n');
    assert.deepEqual(findLeaks(secrets, { 'file out.log': clean }), []);
  });
});
