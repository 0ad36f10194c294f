// Used by scripts/bundle.js for the command line's CommonJS chunks (test/tooling/plain-exports.test.ts).
/**
 * esbuild's CommonJS exports are getters (live ES module bindings), and a chunk reads another's
 * through two of them (`__copyProps`, then `__export`): every call across chunks ran two getter
 * calls in code V8 rarely gets to optimize in a process this short, about a twentieth of a large
 * scan. Once a chunk has run, its bindings never change (src/ exports no `let`: ESLint checks), so
 * they become plain values; until then (a chunk cycle) the getters serve.
 */
const EXPORT_GETTER = "__defProp(to,key,{get:()=>from[key],enumerable:";
export function withPlainExports(code, name) {
  if (!code.includes("__copyProps")) return code;
  if (!code.includes(EXPORT_GETTER)) throw new Error(`${name}: esbuild's __copyProps is not as scripts/bundle.js expects (update withPlainExports)`);
  const configurable = code.replace(EXPORT_GETTER, "__defProp(to,key,{get:()=>from[key],configurable:!0,enumerable:");
  return `${configurable.trimEnd()}\n;{const __agExports=module.exports;for(const __agKey of Object.keys(__agExports))Object.defineProperty(__agExports,__agKey,{value:__agExports[__agKey],enumerable:!0,writable:!1,configurable:!1})}\n`;
}
