/**
 * The asset manifests of a cdk.out (`<stack>.assets.json`) are how `scan` finds the template of a
 * nested stack or of a Service Catalog ProductStack (Info.LoadTemplateFromURL names an asset
 * hash). One that cannot be read or parsed was read as listing no asset: a nested stack then said
 * "its template is not in the cloud assembly" (exit 2), but a product's template was taken for
 * one "not made by CDK" and skipped, so an agent role in the product passed (exit 0). Decided
 * before running: the manifest that cannot be read is an input error naming it (exit 2), never a
 * pass; with it intact, the product's agent role is found (agent-destructive-prod).
 *
 * Real input: the ProductStack of aws-samples/aws-cdk-examples @ bccff1d2775e4b0bf777721c6b41c0107e122f73,
 * typescript/servicecatalog/portfolio-with-ec2-product (Apache-2.0), reduced as in
 * test/cdk/product-stack.test.ts, with (ours) an agent role granted a table's full access,
 * synthesized in-process by aws-cdk-lib; the asset manifest then cut short, as a merge conflict
 * or an interrupted copy leaves it.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App } from "aws-cdk-lib";
import { main } from "../../src/cli/main.js";
import { buildProductApp } from "../cdk/apps.js";

interface JsonReport {
  findings: { rule: string; subject: string; severity: string }[];
  errors: { file: string; line: number | null; message: string }[];
}

function productApp(): string {
  const outdir = path.join(mkdtempSync(path.join(tmpdir(), "ag-assets-")), "cdk.out");
  const app = new App({ outdir });
  buildProductApp(app);
  app.synth();
  return outdir;
}

async function scan(dir: string): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(path.dirname(dir), "report.json");
  const code = await main(["scan", dir, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

describe("scan of a cdk.out whose asset manifest cannot be read", () => {
  const dir = productApp();
  const manifest = readdirSync(dir).find((name) => name.endsWith(".assets.json"));
  const agentFindings = (report: JsonReport) => report.findings.filter((f) => f.rule === "agent-destructive-prod" && f.subject.includes("ClaudeOpsRole"));

  it("intact, the product's agent role is judged", async () => {
    const { code, report } = await scan(dir);
    expect(report.errors).toEqual([]);
    expect(agentFindings(report)).toHaveLength(1);
    expect(code).toBe(1);
  });

  it("cut short, it is an input error naming it (exit 2), not a product silently skipped", async () => {
    expect(manifest).toBeDefined();
    const file = path.join(dir, manifest ?? "");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors).toEqual([expect.objectContaining({ file, message: expect.stringContaining("the nested stacks and Service Catalog product templates it locates cannot be found (fail closed)") })]);
  });
});
