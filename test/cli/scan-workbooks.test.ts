/**
 * Azure Monitor workbooks kept as `.workbook` files (JSON: `version: "Notebook/1.0"`, as Microsoft's
 * own gallery, microsoft/Application-Insights-Workbooks, keeps its 708 templates) were not opened
 * while walking a directory: an adoption workbook of a coding tool passed a repository scan with
 * exit 0, while the same workbook as `.json` was refused as a format not read. They are read now as
 * any JSON file, in `scan` and in the pull request check.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";
import { checkAdoptionDashboards } from "../../src/github/checks/adoption-dashboards.js";
import type { GitHubApi } from "../../src/github/checks/types.js";
import { FileTooLargeError, readRepoBytes } from "../../src/github/config.js";
import { loadCatalogue } from "../../src/policy/catalogue.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { packagedDashboardKind, unreadPackagedDashboard } from "../../src/core/dashboards/packaged.js";
import { zipSourceOf } from "../../src/core/source/zip.js";
import { parseYaml } from "../../src/core/source/yaml.js";
import { crc32, deflateRawSync } from "node:zlib";
import { randomBytes } from "node:crypto";

interface JsonReport {
  findings: { rule: string }[];
  errors: { file: string; line?: number; message: string }[];
  summary: { inputs: number };
}

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/dashboards/${name}`, import.meta.url));
const workspace = (): string => mkdtempSync(path.join(tmpdir(), "ag-workbooks-"));

async function scanJson(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(workspace(), "report.json");
  const code = await main(["scan", ...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

describe("Azure workbooks (.workbook) found while walking", () => {
  let dir: string;
  beforeEach(() => {
    dir = workspace();
    // A dashboard that passes, so the scan has an input whatever the workbook is.
    cpSync(fixture("real/devlake-DORA.json"), path.join(dir, "dora.json"));
  });

  it("a workbook of GitHub Copilot's use is an input error (fail closed), the rest still scanned", async () => {
    cpSync(fixture("handmade/azure-workbook-copilot-adoption.workbook"), path.join(dir, "Copilot adoption.workbook"));
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "Copilot adoption.workbook"), message: expect.stringMatching(/^looks like a dashboard of GitHub Copilot use .* \(fail closed\)/) })]);
    expect(report.summary.inputs).toBe(1);
  });

  // Microsoft's IoT Edge health snapshot (real, MIT): no coding tool, so no input and no error.
  it("Microsoft's IoT Edge health snapshot workbook: skipped, exit 0", async () => {
    cpSync(fixture("real/azure-workbooks-iot-edge-health-snapshot.workbook"), path.join(dir, "IoT Edge health snapshot.workbook"));
    const { code, report } = await scanJson([dir]);
    expect(report.errors).toEqual([]);
    expect(code).toBe(0);
  });
});

describe("the pull request check reads a changed .workbook as scan does", () => {
  const policy = resolvePolicy();
  it("a workbook of GitHub Copilot's use fails closed", async () => {
    const file = "monitoring/Copilot adoption.workbook";
    const out = await checkAdoptionDashboards({
      policy,
      files: [{ path: file, status: "added" }],
      filesComplete: true,
      read: async (p) => (p === file ? readFileSync(fixture("handmade/azure-workbook-copilot-adoption.workbook"), "utf8") : undefined),
      catalogue: loadCatalogue,
    });
    expect(out.conclusion).toBe("failure");
    expect(out.dashboards).toEqual([file]);
    expect(out.errors).toEqual([{ file, message: expect.stringMatching(/^looks like a dashboard of GitHub Copilot use /) }]);
  });
});

/**
 * Looker's LookML dashboards (`*.dashboard.lookml`: YAML, `- dashboard:` with its `elements`, as
 * Looker's "Get LookML" writes one and public Looker projects keep them) were not opened while
 * walking: a Looker dashboard of GitHub Copilot's use passed a repository scan with exit 0. A
 * format not read: one of a coding tool's use fails closed, in `scan` and the pull request check.
 */
describe("LookML dashboards (.dashboard.lookml)", () => {
  const lookml = readFileSync(fixture("handmade/looker-copilot-adoption.dashboard.lookml"), "utf8");

  it("found while walking, a LookML dashboard of GitHub Copilot's use is an input error; one of no coding tool is skipped", async () => {
    const dir = workspace();
    cpSync(fixture("real/devlake-DORA.json"), path.join(dir, "dora.json"));
    cpSync(fixture("handmade/looker-copilot-adoption.dashboard.lookml"), path.join(dir, "copilot_adoption.dashboard.lookml"));
    // A Looker usage dashboard in the shape of public ones (brettguenther/i__looker_extended's
    // "Customer Adoption and Health Reporting"): Looker's own users and queries, no coding tool.
    writeFileSync(path.join(dir, "usage.dashboard.lookml"), lookml.replace(/GitHub Copilot adoption/, "Customer Adoption and Health Reporting").replaceAll("copilot_usage", "history"));
    const { code, report } = await scanJson([dir]);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "copilot_adoption.dashboard.lookml"), message: expect.stringMatching(/^looks like a dashboard of GitHub Copilot use \(.*\) in a format agent-guardrail does not read/) })]);
    expect(code).toBe(2);
    expect(report.summary.inputs).toBe(1);
  });

  it("the pull request check reads a changed .dashboard.lookml as scan does", async () => {
    const file = "looker/copilot_adoption.dashboard.lookml";
    const out = await checkAdoptionDashboards({ policy: resolvePolicy(), files: [{ path: file, status: "added" }], filesComplete: true, read: async (p) => (p === file ? lookml : undefined), catalogue: loadCatalogue });
    expect(out.conclusion).toBe("failure");
    // At the dashboard's line (`- dashboard: copilot_adoption`).
    expect(out.errors).toEqual([{ file, line: 4, message: expect.stringMatching(/^looks like a dashboard of GitHub Copilot use /) }]);
  });
});

/**
 * Tableau workbooks (`.twb`: XML, `<workbook>` with its `<worksheets>` and `<dashboards>`) were not
 * opened: a Tableau dashboard of GitHub Copilot's use passed a repository scan and the pull request
 * check. A format not read: one that names a coding tool and a measure of its use fails closed.
 */
describe("Tableau workbooks (.twb)", () => {
  const twb = readFileSync(fixture("handmade/tableau-copilot-adoption.twb"), "utf8");

  it("found while walking, a Tableau dashboard of GitHub Copilot's use is an input error; Tableau's Superstore sample is skipped; named, it is not a recognized input", async () => {
    const dir = workspace();
    cpSync(fixture("real/devlake-DORA.json"), path.join(dir, "dora.json"));
    cpSync(fixture("handmade/tableau-copilot-adoption.twb"), path.join(dir, "Copilot adoption.twb"));
    cpSync(fixture("real/tableau-sample-superstore.twb"), path.join(dir, "sample-superstore.twb"));
    const { code, report } = await scanJson([dir]);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "Copilot adoption.twb"), message: expect.stringMatching(/^Tableau workbook, not read: looks like a dashboard of GitHub Copilot use \(active users, weekly active users/) })]);
    expect(code).toBe(2);
    expect(report.summary.inputs).toBe(1);
    const named = await scanJson([path.join(dir, "sample-superstore.twb")]);
    expect(named.report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "sample-superstore.twb"), message: expect.stringMatching(/^not a recognized input: a Tableau workbook is not read/) })]);
  });

  it("the pull request check reads a changed .twb as scan does", async () => {
    const file = "tableau/Copilot adoption.twb";
    const out = await checkAdoptionDashboards({ policy: resolvePolicy(), files: [{ path: file, status: "modified" }], filesComplete: true, read: async (p) => (p === file ? twb : undefined), catalogue: loadCatalogue });
    expect(out.conclusion).toBe("failure");
    expect(out.errors).toEqual([{ file, message: expect.stringMatching(/^Tableau workbook, not read: looks like a dashboard of GitHub Copilot use /) }]);
    // A workbook the check cannot read at the head fails closed; Tableau's sample is no dashboard of a coding tool.
    const unreadable = await checkAdoptionDashboards({ policy: resolvePolicy(), files: [{ path: file, status: "modified" }], filesComplete: true, read: async () => undefined, catalogue: loadCatalogue });
    expect(unreadable.conclusion).toBe("failure");
    expect(unreadable.errors).toEqual([{ file, message: expect.stringMatching(/^cannot read .* not found, though the pull request changes it \(fail closed\)/) }]);
    const superstore = readFileSync(fixture("real/tableau-sample-superstore.twb"), "utf8");
    const sample = await checkAdoptionDashboards({ policy: resolvePolicy(), files: [{ path: file, status: "modified" }], filesComplete: true, read: async () => superstore, catalogue: loadCatalogue });
    expect([sample.conclusion, sample.errors, sample.dashboards]).toEqual(["success", [], []]);
  });
});

/**
 * A zip archive written here, member by member, as Power BI and Tableau write theirs (deflated or
 * stored local headers, a central directory, its end record); `tamper` changes the written bytes
 * of one member's central entry to make the archives a reader must refuse.
 */
interface Member {
  name: string;
  data: Buffer | string;
  stored?: boolean;
  /** Central-directory fields written instead of the true ones. */
  flags?: number;
  method?: number;
  size?: number;
  crc?: number;
}
function zipOf(members: readonly Member[], options: { zip64Locator?: boolean; comment?: string } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const raw = typeof m.data === "string" ? Buffer.from(m.data, "utf8") : m.data;
    const body = m.stored ? raw : deflateRawSync(raw);
    const method = m.method ?? (m.stored ? 0 : 8);
    const name = Buffer.from(m.name, "utf8");
    const crc = m.crc ?? crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(m.flags ?? 0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(m.size ?? raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(m.flags ?? 0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(m.size ?? raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const comment = Buffer.from(options.comment ?? "", "utf8");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  const locator = Buffer.alloc(options.zip64Locator ? 20 : 0);
  if (options.zip64Locator) locator.writeUInt32LE(0x07064b50, 0);
  return Buffer.concat([...locals, directory, locator, end, comment]);
}

/** A Power BI report's layout as Power BI writes it (PBIR-legacy JSON, UTF-16 LE), of one page. */
const layoutOf = (page: string, visuals: readonly { title: string; field: string }[]): Buffer =>
  Buffer.from(
    JSON.stringify({
      id: 0,
      sections: [
        {
          name: "ReportSection",
          displayName: page,
          visualContainers: visuals.map((v) => ({
            x: 0,
            y: 0,
            config: JSON.stringify({ name: v.title, singleVisual: { visualType: "card", projections: { Values: [{ queryRef: v.field }] }, vcObjects: { title: [{ properties: { text: { expr: { Literal: { Value: `'${v.title}'` } } } } }] } } }),
          })),
        },
      ],
    }),
    "utf16le",
  );

/**
 * Dashboards packaged as zip archives: Power BI reports (`.pbix`, `.pbit`) and Tableau packaged
 * workbooks (`.twbx`) were never opened: GitHub's own "GitHub Copilot - Telemetry Sample" report
 * (a .pbix of Copilot's acceptance rate and active users) passed a repository scan with exit 0.
 * They are opened now and judged as the report they hold; what cannot be opened fails closed.
 */
describe("packaged dashboards (.pbix, .pbit, .twbx)", () => {
  const copilotPbix = fixture("real/github-copilot-telemetry-sample-usage.pbix");
  const twb = readFileSync(fixture("handmade/tableau-copilot-adoption.twb"));
  const policy = resolvePolicy();
  const judge = (name: string, bytes: Buffer): string | undefined => unreadPackagedDashboard(packagedDashboardKind(name) ?? "power-bi", zipSourceOf(bytes), policy);

  it("found while walking, GitHub's Copilot telemetry report (.pbix) and a Copilot .twbx are input errors pointing into the archive; Tableau's own .twbx is skipped", async () => {
    const dir = workspace();
    cpSync(fixture("real/devlake-DORA.json"), path.join(dir, "dora.json"));
    cpSync(copilotPbix, path.join(dir, "GitHub Copilot - Telemetry Sample (Usage).pbix"));
    cpSync(fixture("real/tableau-10-twbx.twbx"), path.join(dir, "Book1.twbx"));
    writeFileSync(path.join(dir, "Copilot adoption.twbx"), zipOf([{ name: "Copilot adoption.twb", data: twb }, { name: "Data/Extracts/copilot.hyper", data: Buffer.alloc(64), stored: true }]));
    const { code, report } = await scanJson([dir]);
    expect(report.errors).toEqual([
      expect.objectContaining({ file: path.join(dir, "Copilot adoption.twbx"), message: expect.stringMatching(/^Tableau packaged workbook, not read: in Copilot adoption\.twb: looks like a dashboard of GitHub Copilot use \(active users, weekly active users/) }),
      expect.objectContaining({ file: path.join(dir, "GitHub Copilot - Telemetry Sample (Usage).pbix"), message: expect.stringMatching(/^Power BI report, not read: in Report\/Layout at \/sections\/0\/visualContainers\/1: looks like a dashboard of GitHub Copilot use \(active users, acceptance rate/) }),
    ]);
    expect(code).toBe(2);
    expect(report.summary.inputs).toBe(1);
    // Named, a packaged dashboard of no coding tool is not a recognized input (as a .twb is).
    const named = await scanJson([path.join(dir, "Book1.twbx")]);
    expect(named.report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "Book1.twbx"), message: expect.stringMatching(/^not a recognized input: a Tableau packaged workbook is not read/) })]);
  });

  it("a .pbit template, and a .pbix saved in the enhanced report format (PBIR in Report/definition/), are read as the report they hold", () => {
    const layout = layoutOf("GitHub Copilot adoption", [{ title: "Weekly active users", field: "Sum(usage.active_users)" }]);
    expect(judge("Copilot.pbit", zipOf([{ name: "Version", data: "1.28" }, { name: "DataModelSchema", data: "{}" }, { name: "Report/Layout", data: layout }]))).toMatch(/^Power BI report, not read: in Report\/Layout at \/sections\/0\/visualContainers\/0: looks like a dashboard of GitHub Copilot use \(active users/);
    // Power BI writes the layout with a byte-order mark too.
    expect(judge("Copilot.pbix", zipOf([{ name: "Report/Layout", data: Buffer.concat([Buffer.from([0xff, 0xfe]), layout]) }]))).toMatch(/^Power BI report, not read: in Report\/Layout/);
    const schema = (kind: string): string => `https://developer.microsoft.com/json-schemas/fabric/item/report/definition/${kind}/1.0.0/schema.json`;
    const pbir = zipOf([
      { name: "Report/definition/report.json", data: JSON.stringify({ $schema: schema("report"), themeCollection: {} }) },
      { name: "Report/definition/pages/p1/page.json", data: JSON.stringify({ $schema: schema("page"), name: "p1", displayName: "GitHub Copilot" }) },
      { name: "Report/definition/pages/p1/visuals/v1/visual.json", data: JSON.stringify({ $schema: schema("visualContainer"), name: "v1", visual: { visualType: "card", query: { queryState: { Values: { projections: [{ nativeQueryRef: "Weekly active users" }] } } } } }) },
    ]);
    expect(judge("Copilot.pbix", pbir)).toMatch(/^Power BI report, not read: in Report\/definition\/pages\/p1\/page\.json: looks like a dashboard of GitHub Copilot use \(active users, weekly active users\)/);
    // The same report of a sales team's use of nothing is no input.
    expect(judge("Sales.pbix", zipOf([{ name: "Report/Layout", data: layoutOf("Regional sales", [{ title: "Revenue", field: "Sum(sales.amount)" }]) }]))).toBeUndefined();
  });

  it("an archive that cannot be read with certainty is an input error (fail closed), never no input", () => {
    const layout = layoutOf("GitHub Copilot adoption", [{ title: "Weekly active users", field: "Sum(usage.active_users)" }]);
    const refused: [string, Buffer, RegExp][] = [
      ["not a zip (a MIP-protected report is an OLE file)", Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(600)]), /not a zip archive \(no end of central directory record\)/],
      ["too short", Buffer.from("PK"), /not a zip archive \(too short/],
      ["zip64", zipOf([{ name: "Report/Layout", data: layout }], { zip64Locator: true }), /a zip64 archive/],
      ["encrypted", zipOf([{ name: "Report/Layout", data: layout, flags: 0x801 }]), /member Report\/Layout is encrypted/],
      ["bzip2", zipOf([{ name: "Report/Layout", data: layout, method: 12 }]), /compressed with method 12/],
      ["a checksum that does not match", zipOf([{ name: "Report/Layout", data: layout, crc: 1 }]), /does not match its checksum/],
      // 8 MB of zeros deflate to 8 KB: said to be 5,000 bytes, inflating stops one byte past them.
      ["a bomb declaring a small size", zipOf([{ name: "Report/Layout", data: Buffer.alloc(8 * 1024 * 1024), size: 5000 }]), /inflates to more than the 5000 bytes the directory says/],
      ["more compressed bytes than a member of its size takes", zipOf([{ name: "Report/Layout", data: randomBytes(8000), size: 1000 }]), /takes \d+ compressed bytes for 1000: corrupt/],
      // Refused by the size the directory gives, before a byte is inflated.
      ["a member past the limit", zipOf([{ name: "Report/Layout", data: layout, size: 17 * 1024 * 1024 }]), /is 17825792 bytes once inflated, over the 16777216-byte limit/],
      ["cut short", zipOf([{ name: "Report/Layout", data: layout }]).subarray(40), /outside the archive|not where/],
      ["a layout twice (Power BI compares part names without case)", zipOf([{ name: "Report/Layout", data: layoutOf("Sales", []) }, { name: "report/layout", data: layout }]), /member report\/layout is in the archive twice/],
      ["no report", zipOf([{ name: "DataModel", data: Buffer.alloc(10), stored: true }]), /without its report \(no Report\/Layout nor Report\/definition\//],
      ["a layout that is not JSON", zipOf([{ name: "Report/Layout", data: Buffer.from("{ not json", "utf16le") }]), /whose Report\/Layout is not JSON/],
    ];
    for (const [why, bytes, message] of refused) {
      expect([why, judge("report.pbix", bytes)]).toEqual([why, expect.stringMatching(message)]);
      expect(judge("report.pbix", bytes)).toMatch(/^Power BI report (that cannot be opened|without|whose)/);
    }
    expect(judge("Copilot.twbx", zipOf([{ name: "Data/Extracts/copilot.hyper", data: Buffer.alloc(8) }]))).toMatch(/^Tableau packaged workbook without a workbook \(no \.twb in the archive\)/);
    // A comment after the end record is still read (its length runs to the end of the file).
    expect(judge("Copilot.twbx", zipOf([{ name: "Copilot adoption.twb", data: twb }], { comment: "PK\u0005\u0006 written by hand" }))).toMatch(/^Tableau packaged workbook, not read: in Copilot adoption\.twb/);
  });

  it("scan: a file that is not a zip is an input error", async () => {
    const dir = workspace();
    writeFileSync(path.join(dir, "report.pbix"), "not a zip at all, but long enough to be searched for an end record");
    const { code, report } = await scanJson([dir]);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "report.pbix"), message: expect.stringMatching(/^Power BI report that cannot be opened: not a zip archive .*\(fail closed\)$/) })]);
  });

  it("the pull request check opens a changed .pbix or .twbx as scan does, and fails closed when it cannot read its bytes", async () => {
    const file = "reports/GitHub Copilot - Telemetry Sample (Usage).pbix";
    const check = (readBytes?: (p: string) => Promise<Uint8Array | undefined>, name = file) =>
      checkAdoptionDashboards({ policy, files: [{ path: name, status: "added" }], filesComplete: true, read: async () => "text decoded from a binary file", ...(readBytes ? { readBytes } : {}), catalogue: loadCatalogue });
    const copilot = await check(async (p) => (p === file ? readFileSync(copilotPbix) : undefined));
    expect([copilot.conclusion, copilot.dashboards]).toEqual(["failure", [file]]);
    expect(copilot.errors).toEqual([{ file, message: expect.stringMatching(/^Power BI report, not read: in Report\/Layout at \/sections\/0\/visualContainers\/1: looks like a dashboard of GitHub Copilot use/) }]);
    const book = await check(async () => readFileSync(fixture("real/tableau-10-twbx.twbx")), "tableau/Book1.twbx");
    expect([book.conclusion, book.errors, book.dashboards]).toEqual(["success", [], []]);
    for (const [readBytes, message] of [
      [undefined, /its bytes are not available here \(fail closed\)/],
      [async () => undefined, /not found, though the pull request changes it \(fail closed\)/],
      [async () => Promise.reject(new Error("secondary rate limit")), /cannot read .* at the head SHA: secondary rate limit/],
      // Power BI reports are often kept in Git LFS: the contents API gives the pointer, not the report.
      [async () => Buffer.from("version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 185509\n"), /^Power BI report kept in Git LFS whose object is not here \(the file is its pointer, 185509 bytes in LFS\): .*\(fail closed\); fetch it/],
    ] as const) {
      const out = await check(readBytes);
      expect([out.conclusion, out.errors]).toEqual(["failure", [{ file, message: expect.stringMatching(message) }]]);
    }
  });

  /**
   * Apache Superset exports a dashboard as a zip (`dashboard_export_<time>/metadata.yaml`,
   * `dashboards/<title>.yaml`, `charts/<name>.yaml`, `datasets/`, `databases/`), as "Export" and
   * `superset export-dashboards` write it and teams commit it (a `dashboards_backup.zip`): the same
   * YAML unzipped was an input error, zipped it passed unopened.
   */
  it("a Superset dashboard export (.zip) of GitHub Copilot's use is an input error; any other zip is no input", async () => {
    const dashboardYaml = (title: string) => `dashboard_title: ${title}\ndescription: null\nslug: adoption\nposition:\n  CHART-x1:\n    id: CHART-x1\n    type: CHART\n    meta:\n      chartId: 12\n      sliceName: Weekly active users\n      uuid: 0b9e1c1e-7a0c-4f6e-9f4e-2b7e0b1d2c33\nversion: 1.0.0\n`;
    const chartYaml = "slice_name: Weekly active users\nviz_type: big_number\nparams:\n  metric:\n    sqlExpression: COUNT(DISTINCT user_login)\nuuid: 0b9e1c1e-7a0c-4f6e-9f4e-2b7e0b1d2c33\nversion: 1.0.0\n";
    const exportOf = (title: string, chart = chartYaml) =>
      zipOf([
        { name: "dashboard_export_20260101T000000/metadata.yaml", data: "version: 1.0.0\ntype: Dashboard\ntimestamp: '2026-01-01T00:00:00+00:00'\n" },
        { name: `dashboard_export_20260101T000000/dashboards/${title.replace(/\W+/g, "_")}_1.yaml`, data: dashboardYaml(title) },
        { name: "dashboard_export_20260101T000000/charts/Weekly_active_users_12.yaml", data: chart },
        { name: "dashboard_export_20260101T000000/databases/metrics.yaml", data: "database_name: metrics\n" },
      ]);
    const dir = workspace();
    cpSync(fixture("real/devlake-DORA.json"), path.join(dir, "dora.json"));
    writeFileSync(path.join(dir, "dashboards_backup.zip"), exportOf("GitHub Copilot adoption"));
    writeFileSync(path.join(dir, "sales_backup.zip"), exportOf("Regional sales"));
    // A Lambda package and a file that only ends in .zip: no dashboard export, no input.
    writeFileSync(path.join(dir, "lambda.zip"), zipOf([{ name: "index.js", data: "exports.handler = async () => ({ panels: [] });" }]));
    writeFileSync(path.join(dir, "notes.zip"), "not a zip");
    const { code, report } = await scanJson([dir]);
    expect(report.errors).toEqual([expect.objectContaining({ file: path.join(dir, "dashboards_backup.zip"), message: expect.stringMatching(/^Superset dashboard export, not read: in dashboard_export_20260101T000000\/dashboards\/GitHub_Copilot_adoption_1\.yaml: looks like a dashboard of GitHub Copilot use \(active users, weekly active users/) })]);
    expect(code).toBe(2);
    // An export that cannot be read whole fails closed.
    expect(unreadPackagedDashboard("zip", zipSourceOf(exportOf("GitHub Copilot adoption", "slice_name: [unclosed")), policy, (t) => parseYaml(t).value)).toMatch(/^Superset dashboard export that cannot be opened: a member is not YAML/);
    expect(unreadPackagedDashboard("zip", zipSourceOf(exportOf("Regional sales")), policy)).toMatch(/whose YAML cannot be read here/);
    // The pull request check opens a changed .zip as scan does.
    const file = "superset/dashboards_backup.zip";
    const out = await checkAdoptionDashboards({ policy, files: [{ path: file, status: "added" }], filesComplete: true, read: async () => undefined, readBytes: async () => exportOf("GitHub Copilot adoption"), catalogue: loadCatalogue });
    expect([out.conclusion, out.errors]).toEqual(["failure", [{ file, message: expect.stringMatching(/^Superset dashboard export, not read: /) }]]);
    const lambda = await checkAdoptionDashboards({ policy, files: [{ path: "build/lambda.zip", status: "added" }], filesComplete: true, read: async () => undefined, readBytes: async () => readFileSync(path.join(dir, "lambda.zip")), catalogue: loadCatalogue });
    expect([lambda.conclusion, lambda.errors, lambda.dashboards]).toEqual(["success", [], []]);
    // A .zip larger than a Superset export is not fetched (a data set): no dashboard. A report's
    // bytes are asked for without that cap, and one that cannot be read still fails closed.
    const asked: (number | undefined)[] = [];
    const big = await checkAdoptionDashboards({ policy, files: [{ path: "data/events.zip", status: "added" }, { path: "reports/Copilot.pbix", status: "added" }], filesComplete: true, read: async () => undefined, readBytes: async (p, maxBytes) => { asked.push(maxBytes); throw p.endsWith(".zip") ? new FileTooLargeError("98 MB") : new Error("over 100 MB"); }, catalogue: loadCatalogue });
    expect(asked).toEqual([16 * 1024 * 1024, undefined]);
    expect([big.conclusion, big.errors]).toEqual(["failure", [{ file: "reports/Copilot.pbix", message: expect.stringMatching(/over 100 MB/) }]]);
  });

  it("the app reads a file's bytes through the contents API, a large one as its blob, and never takes a part of it for the whole", async () => {
    const bytes = readFileSync(fixture("real/tableau-10-twbx.twbx"));
    const answer = (contents: Record<string, unknown>, blob?: Record<string, unknown>): GitHubApi & { routes: string[] } => {
      const routes: string[] = [];
      return {
        routes,
        async request(route: string) {
          routes.push(route);
          if (route.includes("/contents/")) {
            if (contents["status"] === 404) throw Object.assign(new Error("Not Found"), { status: 404 });
            return { status: 200, headers: {}, data: contents };
          }
          return { status: 200, headers: {}, data: blob };
        },
        graphql: () => Promise.reject(new Error("not used")),
      };
    };
    const small = answer({ type: "file", size: bytes.length, sha: "abc", encoding: "base64", content: bytes.toString("base64") });
    expect(await readRepoBytes(small, "o", "r", "Book1.twbx", "head")).toEqual(bytes);
    expect(small.routes).toEqual(["GET /repos/{owner}/{repo}/contents/{path}"]);
    // Over 1 MB the contents API names the blob with no content (encoding "none").
    const large = answer({ type: "file", size: bytes.length, sha: "abc", encoding: "none", content: "" }, { encoding: "base64", content: bytes.toString("base64") });
    expect(await readRepoBytes(large, "o", "r", "Book1.twbx", "head")).toEqual(bytes);
    expect(large.routes).toEqual(["GET /repos/{owner}/{repo}/contents/{path}", "GET /repos/{owner}/{repo}/git/blobs/{file_sha}"]);
    await expect(readRepoBytes(answer({ type: "file", size: bytes.length + 1, sha: "abc", encoding: "base64", content: bytes.toString("base64") }), "o", "r", "Book1.twbx", "head")).rejects.toThrow(/could not be read whole/);
    await expect(readRepoBytes(answer({ type: "dir" }), "o", "r", "Book1.twbx", "head")).rejects.toThrow(/is not a file/);
    expect(await readRepoBytes(answer({ status: 404 }), "o", "r", "Book1.twbx", "head")).toBeUndefined();
    // Asked for at most a size, a larger file is refused before its blob is fetched.
    const capped = answer({ type: "file", size: 50_000_000, sha: "abc", encoding: "none", content: "" });
    await expect(readRepoBytes(capped, "o", "r", "data.zip", "head", 16 * 1024 * 1024)).rejects.toThrow(FileTooLargeError);
    expect(capped.routes).toEqual(["GET /repos/{owner}/{repo}/contents/{path}"]);
  });
});
