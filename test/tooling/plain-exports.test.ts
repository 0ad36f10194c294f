/**
 * scripts/plain-exports.mjs: the command line's chunks (esbuild's CommonJS output) read each
 * other's exports as plain values once loaded, and through esbuild's getters while a chunk cycle
 * is still loading. Checked on what esbuild writes today, so an esbuild update that changes its
 * helpers fails here, not in users' hands.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { transform } from "esbuild";

type WithPlainExports = (code: string, name: string) => string;
let withPlainExports: WithPlainExports;
beforeAll(async () => {
  const script = path.resolve(import.meta.dirname, "../../scripts/plain-exports.mjs");
  ({ withPlainExports } = (await import(pathToFileURL(script).href)) as { withPlainExports: WithPlainExports });
});

/** An ES module as the bundle script converts each chunk (scripts/bundle.js, cliBundle). */
async function chunk(esm: string): Promise<string> {
  const { code } = await transform(esm, { format: "cjs", loader: "js", target: "node20", minifyWhitespace: true, minifySyntax: true, logLevel: "warning" });
  return code;
}

/** Runs chunks like src/cli/chunk-loader.ts: each once, `require("./<name>")` for another. */
function load(chunks: Record<string, string>, name: string, loaded = new Map<string, { exports: object }>()): object {
  const known = loaded.get(name);
  if (known) return known.exports;
  const module = { exports: {} };
  loaded.set(name, module);
  const run = new Function("exports", "require", "module", `"use strict";${chunks[name] ?? ""}`) as (e: object, r: (s: string) => object, m: { exports: object }) => void;
  run(module.exports, (specifier) => load(chunks, specifier.replace("./", ""), loaded), module);
  return module.exports;
}

test("a loaded chunk's exports are plain values, the same ones", async () => {
  const code = withPlainExports(await chunk('export function double(x) { return 2 * x; }\nexport const LIMIT = 64;\nexport class Box {}\n'), "chunk-A.cjs");
  const exports = load({ a: code }, "a") as Record<string, unknown>;
  for (const key of ["double", "LIMIT", "Box"]) {
    const descriptor = Object.getOwnPropertyDescriptor(exports, key);
    expect(descriptor).toMatchObject({ enumerable: true, writable: false, configurable: false });
    expect(descriptor?.get).toBeUndefined();
  }
  expect((exports.double as (x: number) => number)(21)).toBe(42);
  expect(exports.LIMIT).toBe(64);
  expect(typeof exports.Box).toBe("function");
});

test("in a chunk cycle, a chunk still reads the exports of one that is loading", async () => {
  const chunks = {
    a: withPlainExports(await chunk('import { b } from "./b";\nexport const fromB = b();\nexport function a() { return "a"; }\n'), "a"),
    // b runs while a is loading: a's `a` is a hoisted function, readable through the getter.
    b: withPlainExports(await chunk('import { a } from "./a";\nexport const seen = a();\nexport function b() { return "b"; }\n'), "b"),
  };
  const loaded = new Map<string, { exports: object }>();
  const a = load(chunks, "a", loaded) as Record<string, unknown>;
  expect(a.fromB).toBe("b");
  expect((loaded.get("b")?.exports as Record<string, unknown>).seen).toBe("a");
  expect(Object.getOwnPropertyDescriptor(a, "fromB")?.get).toBeUndefined();
});

test("a chunk without exports is left as it is", async () => {
  const code = await chunk('console.log("entry");\n');
  expect(code).not.toContain("__copyProps");
  expect(withPlainExports(code, "main.cjs")).toBe(code);
});

test("esbuild helpers of another shape stop the build, naming the chunk", async () => {
  const code = (await chunk("export const x = 1;\n")).replace("get:()=>from[key]", "get:function(){return from[key]}");
  expect(() => withPlainExports(code, "chunk-XYZ.cjs")).toThrow(/chunk-XYZ\.cjs: esbuild's __copyProps is not as scripts\/bundle\.js expects/);
});
