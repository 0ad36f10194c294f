/** Binary search over an ascending array: the first index whose item is not below `value` (the array's length when none). */
export function lowerBound<T extends number | string>(items: readonly T[], value: T): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((items[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
