// uniqueString(): Microsoft's 64-bit MurmurHash variant over the '-'-joined UTF-8 input, as 13 base32 characters.

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

export function uniqueString(...args: string[]): string {
  let hash = murmur64(new TextEncoder().encode(args.join('-')));
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += BASE32[Number(hash >> 59n)];
    hash = (hash << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

/** Two 32-bit lanes over 8-byte blocks, seed 0; returns (high lane << 32) | low lane. */
function murmur64(data: Uint8Array): bigint {
  let h1 = 0;
  let h2 = 0;
  let index = 0;
  for (; index + 8 <= data.length; index += 8) {
    h1 = mixLane1(h1, readLe(data, index, 4));
    h1 = rotl(h1, 19);
    h1 = (h1 + h2) | 0;
    h1 = (Math.imul(h1, 5) + 0x561ccd1b) | 0;

    h2 = mixLane2(h2, readLe(data, index + 4, 4));
    h2 = rotl(h2, 13);
    h2 = (h2 + h1) | 0;
    h2 = (Math.imul(h2, 5) + 0x0bcaa747) | 0;
  }
  const tail = data.length - index;
  if (tail > 0) {
    h1 = mixLane1(h1, readLe(data, index, Math.min(tail, 4)));
    if (tail > 4) h2 = mixLane2(h2, readLe(data, index + 4, tail - 4));
  }
  h1 ^= data.length;
  h2 ^= data.length;
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  h1 = finalMix(h1);
  h2 = finalMix(h2);
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  return (BigInt(h2 >>> 0) << 32n) | BigInt(h1 >>> 0);
}

function mixLane1(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = rotl(k, 15);
  k = Math.imul(k, C2);
  return h ^ k;
}

function mixLane2(h: number, k: number): number {
  k = Math.imul(k, C2);
  k = rotl(k, 17);
  k = Math.imul(k, C1);
  return h ^ k;
}

function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function readLe(data: Uint8Array, at: number, count: number): number {
  let k = 0;
  for (let i = count - 1; i >= 0; i--) k = (k << 8) | data[at + i]!;
  return k;
}
