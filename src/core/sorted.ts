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

/**
 * Code-point order: the same on every machine (localeCompare follows the machine's locale, so a
 * report's order, and SARIF diffs, could change with LANG), and no ICU collator to start, which
 * cost a short command line about a tenth of its run.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
