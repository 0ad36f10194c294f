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
import { loadCatalogue } from "../../src/policy/catalogue.js";
import { resolvePolicy } from "../../src/policy/load.js";

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
