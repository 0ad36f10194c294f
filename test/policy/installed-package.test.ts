/**
 * findInstalledPackage on real package layouts (a temporary node_modules): "not installed" is the
 * only answer that lets a caller fall back to the bundled data; a package that is installed is
 * found whatever its entry point, and one whose manifest is broken or has no version is an error,
 * never mistaken for absent.
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

  it("an installed package whose exports hide its entry point is found: its files are read, not its entry", () => {
    install("hidden-entry", { version: "2.0.0", exports: { "./data/*": "./data/*" } }, { "data/a.json": "{}" });
    expect(findInstalledPackage("hidden-entry", requireHere())).toEqual({ root: path.join(root, "node_modules", "hidden-entry"), version: "2.0.0" });
  });

  it("the nearest node_modules that holds the package wins, as for require", () => {
    install("nested-data", { version: "1.0.0" }, {});
    const inner = path.join(root, "app", "node_modules", "nested-data");
    mkdirSync(inner, { recursive: true });
    writeFileSync(path.join(inner, "package.json"), JSON.stringify({ name: "nested-data", version: "3.0.0" }));
    expect(findInstalledPackage("nested-data", createRequire(path.join(root, "app", "index.js")))).toEqual({ root: inner, version: "3.0.0" });
    expect(findInstalledPackage("nested-data", requireHere())?.version).toBe("1.0.0");
  });

  it("a manifest that is not JSON, or names another package, is an error, not 'not installed'", () => {
    const broken = path.join(root, "node_modules", "broken-manifest");
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, "package.json"), "{ name: broken");
    expect(() => findInstalledPackage("broken-manifest", requireHere())).toThrow(`${path.join(broken, "package.json")}: `);
    install("aliased", { version: "1.0.0" }, {});
    writeFileSync(path.join(root, "node_modules", "aliased", "package.json"), JSON.stringify({ name: "other-package", version: "1.0.0" }));
    expect(() => findInstalledPackage("aliased", requireHere())).toThrow('names "other-package", not aliased');
  });

  it("an installed package without a version is an error", () => {
    install("no-version", { main: "index.js" }, { "index.js": "" });
    expect(() => findInstalledPackage("no-version", requireHere())).toThrow(`${path.join(root, "node_modules", "no-version", "package.json")}: no version`);
  });
});
