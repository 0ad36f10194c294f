/**
 * findInstalledPackage on real package layouts (a temporary node_modules): "not installed" is the
 * only answer that lets a caller fall back to the bundled data; a package that is installed but
 * cannot be resolved or has no version is an error, never mistaken for absent.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { findInstalledPackage } from "../../src/policy/installed-package.js";

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "installed-package-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function install(name: string, manifest: Record<string, unknown>, files: Record<string, string>): void {
  const dir = path.join(root, "node_modules", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, ...manifest }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}
const requireHere = () => createRequire(path.join(root, "index.js"));

describe("findInstalledPackage", () => {
  it("finds the root and version from an entry point deep inside the package (its own package.json, not a nested one)", () => {
    install("deep-data", { version: "1.2.3", main: "dist/lib/index.js" }, { "dist/lib/index.js": "", "dist/package.json": JSON.stringify({ type: "commonjs" }) });
    expect(findInstalledPackage("deep-data", requireHere())).toEqual({ root: path.join(root, "node_modules", "deep-data"), version: "1.2.3" });
  });

  it("a package that is not installed: undefined", () => {
    expect(findInstalledPackage("not-installed-anywhere", requireHere())).toBeUndefined();
  });

  it("an installed package whose exports hide its entry point is an error, not 'not installed'", () => {
    // What Node's require.resolve throws for a package whose `exports` has no "." entry. Jest
    // replaces createRequire with its own resolver (which answers MODULE_NOT_FOUND for that
    // layout), so the resolver is given here as Node behaves.
    const hidden = Object.assign(new Error("Package subpath '.' is not defined by \"exports\" in node_modules/hidden-entry/package.json"), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
    const nodeRequire = Object.assign(() => undefined, {
      resolve: () => {
        throw hidden;
      },
    }) as unknown as NodeJS.Require;
    expect(() => findInstalledPackage("hidden-entry", nodeRequire)).toThrow(hidden);
  });

  it("an installed package without a version is an error", () => {
    install("no-version", { main: "index.js" }, { "index.js": "" });
    expect(() => findInstalledPackage("no-version", requireHere())).toThrow(`${path.join(root, "node_modules", "no-version", "package.json")}: no version`);
  });
});
