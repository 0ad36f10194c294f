import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/core/sorted.ts
function lowerBound(items, value) {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (items[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

export {
  lowerBound,
  compareText
};
