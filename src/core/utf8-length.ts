// How many bytes a text takes as UTF-8: ARM's size limits count bytes, JavaScript strings count UTF-16 units.

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** A UTF-16 code unit is at most 3 UTF-8 bytes: whether `text` surely fits `limit` bytes without encoding it. */
export function surelyWithin(characters: number, limit: number): boolean {
  return characters * 3 <= limit;
}
