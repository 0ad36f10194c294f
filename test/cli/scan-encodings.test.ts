/**
 * Files as the tools a first-day user runs write them. Windows PowerShell 5 redirects
 * (`aws iam get-account-authorization-details > ad.json`) and `Out-File` write UTF-16 LE with a
 * byte-order mark and CRLF line ends; .NET's Encoding.BigEndianUnicode writes UTF-16 BE with its
 * mark. Such a file must be read as the same input with the same lines as its UTF-8 copy, whether
 * named or met while walking (a walked file that is not decoded is silently skipped: a bypass).
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { decodeText } from "../../src/core/source/decode.js";

interface JsonReport {
  findings: { rule: string; subject: string; actions?: string[]; evidence: { file?: string; line?: number; pointer?: string }[] }[];
  errors: { file: string; line: number | null; message: string }[];
  summary: { inputs: number; findings: number; errors: number };
  notes?: string[];
}

const fixtures = path.resolve("test/fixtures/iam");
const crlf = (text: string) => text.replace(/\r?\n/g, "\r\n");
const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
const utf16be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);

async function scanJson(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-enc-out-")), "report.json");
  const code = await main(["scan", ...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

/** Findings without their file names, to compare one encoding's with another's. */
const verdicts = (report: JsonReport) => report.findings.map((f) => ({ rule: f.rule, subject: f.subject, actions: f.actions, evidence: f.evidence.map(({ file: _file, ...rest }) => rest) }));

describe("decodeText", () => {
  it("reads UTF-16 LE and BE after their byte-order mark, as the text they hold", () => {
    for (const text of ["", "{\r\n  \"a\": \"Δ café 🚀\"\r\n}\r\n", "Resources: {}\n"]) {
      expect(decodeText(utf16le(text))).toBe(text);
      expect(decodeText(utf16be(text))).toBe(text);
    }
  });

  it("a UTF-16 file cut inside a character keeps what it holds and marks the cut", () => {
    const cut = utf16le("ab").subarray(0, 5);
    expect(decodeText(cut)).toBe("a\uFFFD");
    expect(decodeText(utf16be("ab").subarray(0, 5))).toBe("a\uFFFD");
  });

  it("UTF-8, with or without its mark, is read as before", () => {
    expect(decodeText(Buffer.from("\uFEFF{}", "utf8"))).toBe("\uFEFF{}");
    expect(decodeText(Buffer.from("caf\u00e9", "utf8"))).toBe("caf\u00e9");
  });
});

describe("scan of files PowerShell and .NET write in UTF-16", () => {
  const source = readFileSync(path.join(fixtures, "gaad-cli.json"), "utf8");
  const dir = mkdtempSync(path.join(tmpdir(), "ag-enc-"));
  writeFileSync(path.join(dir, "ad-utf8.json"), source);
  writeFileSync(path.join(dir, "ad-utf16le.json"), utf16le(crlf(source)));
  writeFileSync(path.join(dir, "ad-utf16be.json"), utf16be(crlf(source)));

  it.each(["ad-utf16le.json", "ad-utf16be.json"])("%s named: the findings, lines and pointers of its UTF-8 copy", async (name) => {
    const utf8 = await scanJson([path.join(dir, "ad-utf8.json")]);
    expect(utf8.report.findings.length).toBeGreaterThan(0);
    const got = await scanJson([path.join(dir, name)]);
    expect(got.report.errors).toEqual([]);
    expect(got.code).toBe(utf8.code);
    expect(verdicts(got.report)).toEqual(verdicts(utf8.report));
  });

  it("met while walking, a UTF-16 template is read, not skipped", async () => {
    const walked = mkdtempSync(path.join(tmpdir(), "ag-enc-walk-"));
    mkdirSync(path.join(walked, "infra"));
    const template = readFileSync(path.resolve("examples/templates/orders-prod.template.yaml"), "utf8");
    writeFileSync(path.join(walked, "infra", "orders.yaml"), utf16le(crlf(template)));
    const plain = mkdtempSync(path.join(tmpdir(), "ag-enc-plain-"));
    mkdirSync(path.join(plain, "infra"));
    writeFileSync(path.join(plain, "infra", "orders.yaml"), template);
    const expected = await scanJson([plain]);
    expect(expected.report.findings.length).toBeGreaterThan(0);
    const got = await scanJson([walked]);
    expect(got.report.summary.inputs).toBe(1);
    expect(got.report.notes ?? []).toEqual(expected.report.notes ?? []);
    expect(verdicts(got.report)).toEqual(verdicts(expected.report));
  });

  it("a UTF-16 file holding only its mark is empty: an error named, skipped when walked", async () => {
    const empty = path.join(dir, "empty16.json");
    writeFileSync(empty, Buffer.from([0xff, 0xfe]));
    const named = await scanJson([empty]);
    expect(named.code).toBe(2);
    expect(named.report.errors).toEqual([{ file: empty, line: null, message: "file is empty" }]);
    const walked = mkdtempSync(path.join(tmpdir(), "ag-enc-empty-"));
    writeFileSync(path.join(walked, "placeholder.json"), Buffer.from([0xfe, 0xff]));
    writeFileSync(path.join(walked, "ad.json"), utf16le(source));
    const both = await scanJson([walked]);
    expect(both.report.errors).toEqual([]);
    expect(both.report.summary.inputs).toBe(1);
  });

  it("a configuration file written in UTF-16 is read as its UTF-8 copy", async () => {
    const config = "production:\r\n  accounts: [\"111111111111\"]\r\nagents:\r\n  roleNamePatterns: [\"*-deployer\"]\r\n";
    const file = path.join(dir, "agent-guardrail.yml");
    writeFileSync(file, utf16le(config));
    const utf8File = path.join(dir, "agent-guardrail-utf8.yml");
    writeFileSync(utf8File, config);
    const expected = await scanJson([path.join(dir, "ad-utf8.json"), "--config", utf8File]);
    const got = await scanJson([path.join(dir, "ad-utf8.json"), "--config", file]);
    expect(got.code).toBe(expected.code);
    expect(got.report.errors).toEqual([]);
    expect(verdicts(got.report)).toEqual(verdicts(expected.report));
  });
});
