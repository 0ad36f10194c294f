/**
 * A directory holding a `manifest.json` is a cdk.out only when that manifest is a cloud
 * assembly's. Web app manifests (Create React App's public/manifest.json, as in
 * cdk-patterns/serverless s3-react-website at 08e3163, MIT) are everywhere in ordinary
 * repositories; Visual Studio saves them with a UTF-8 byte-order mark, and a browser extension's
 * manifest.json may hold comments (Chrome reads them). Expected before running: the template next
 * to such a manifest is scanned as in any directory, the manifest is a walked file that is no
 * input (skipped), exit 1 for the template's finding. Before, a manifest that JSON.parse refused
 * made the directory a cloud assembly: its templates went unread and scan exited 2 with "not a
 * cloud assembly manifest: no artifacts". A real cdk.out manifest that does not parse (a merge
 * conflict committed, scan-assembly-errors.test.ts) stays a cloud assembly's input error.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

interface JsonReport {
  findings: { rule: string; evidence: { file?: string }[] }[];
  errors: { file: string; line: number | null; message: string }[];
  summary: { inputs: number };
  notes?: string[];
}

const webManifest = JSON.stringify({ short_name: "React App", name: "Create React App Sample", icons: [{ src: "favicon.ico", sizes: "64x64 32x32 24x24 16x16", type: "image/x-icon" }], start_url: ".", display: "standalone" }, null, 2);
const extensionManifest = '{\n  // Chrome reads comments in an extension\'s manifest\n  "manifest_version": 3,\n  "name": "Deploy helper",\n  "version": "1.0",\n}\n';

async function scan(dir: string): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-webman-out-")), "report.json");
  const code = await main(["scan", dir, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

/** A repository whose public/ holds `manifest` (bytes) and a production template with an agent role. */
function repository(manifest: Buffer): { root: string; template: string } {
  const root = mkdtempSync(path.join(tmpdir(), "ag-webman-"));
  mkdirSync(path.join(root, "public"));
  writeFileSync(path.join(root, "public", "manifest.json"), manifest);
  const template = path.join(root, "public", "orders.template.yaml");
  copyFileSync(path.resolve("examples/templates/orders-prod.template.yaml"), template);
  return { root, template };
}

test.each([
  ["a web app manifest with a UTF-8 byte-order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(webManifest)])],
  ["a browser extension manifest with comments", Buffer.from(extensionManifest)],
  ["a web app manifest cut short", Buffer.from(webManifest.slice(0, 60))],
])("%s is no cloud assembly: the template beside it is scanned", async (_name, manifest) => {
  const { root, template } = repository(manifest);
  const { code, report } = await scan(root);
  expect(report.errors).toEqual([]);
  expect(code).toBe(1);
  expect(report.findings.some((f) => f.evidence[0]?.file === template)).toBe(true);
  expect(report.notes).toEqual(["1 file found while walking directories is not a recognized input and was skipped"]);
});

test("a cloud assembly manifest written in UTF-16 or with a byte-order mark is still a cloud assembly", async () => {
  for (const encode of [(t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]), (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")])]) {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "ag-webman-cdk-")), "cdk.out");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "manifest.json"), encode(JSON.stringify({ version: "48.0.0", artifacts: { OrdersProd: { type: "aws:cloudformation:stack", environment: "aws://unknown-account/unknown-region", properties: { templateFile: "OrdersProd.template.json" } } } })));
    copyFileSync(path.resolve("examples/templates/orders-prod.template.yaml"), path.join(dir, "OrdersProd.template.json"));
    const { report } = await scan(dir);
    // Read as an assembly: its one stack by the manifest's name, not the file walked as a loose template.
    expect(report.summary.inputs).toBe(1);
    expect(report.notes).toBeUndefined();
    expect(report.findings.length).toBeGreaterThan(0);
  }
});
