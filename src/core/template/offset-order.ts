// Binary search over nodes or edits kept in text order.

/** The index of the first item starting at or after `offset` (`items.length` when none does). */
export function firstAtOrAfter(items: readonly { offset: number }[], offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.offset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
