// How many bytes a text takes as UTF-8: ARM's size limits count bytes, JavaScript strings count UTF-16 units.

const encoder = new TextEncoder();
/** Texts are encoded in pieces into this buffer (a piece's UTF-8 is at most 3 bytes a unit): no copy of a 4 MB text. */
const PIECE = 1 << 16;
const scratch = new Uint8Array(PIECE * 3);

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let from = 0; from < text.length; ) {
    let to = Math.min(from + PIECE, text.length);
    // A surrogate pair is never split: each half alone would count as a replacement character.
    if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1))) to--;
    bytes += encoder.encodeInto(text.slice(from, to), scratch).written;
    from = to;
  }
  return bytes;
}

/** A UTF-16 code unit is at most 3 UTF-8 bytes: whether `text` surely fits `limit` bytes without encoding it. */
export function surelyWithin(characters: number, limit: number): boolean {
  return characters * 3 <= limit;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
