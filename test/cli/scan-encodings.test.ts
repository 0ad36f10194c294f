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
/** UTF-32 as `Out-File -Encoding utf32` writes it (LE, with its mark), and BE; `mark: false` leaves the mark out. */
function utf32(text: string, order: "le" | "be", mark = true): Buffer {
  const points = [...(mark ? "\uFEFF" : ""), ...text].map((c) => c.codePointAt(0) ?? 0);
  const out = Buffer.alloc(points.length * 4);
  points.forEach((cp, i) => (order === "le" ? out.writeUInt32LE(cp, i * 4) : out.writeUInt32BE(cp, i * 4)));
  return out;
}
/** UTF-16 without a byte-order mark, as .NET's UnicodeEncoding(false, false), Java's UTF_16LE and iconv -t UTF-16LE write it. */
const utf16leBare = (text: string) => Buffer.from(text, "utf16le");
const utf16beBare = (text: string) => Buffer.from(text, "utf16le").swap16();

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

  it("reads UTF-32 LE and BE after their mark, and UTF-16 and UTF-32 without one (YAML 1.2 §5.2), as the text they hold", () => {
    for (const text of ["{\r\n  \"a\": \"Δ café 🚀\"\r\n}\r\n", "Resources: {}\n", "[1]"]) {
      expect(decodeText(utf32(text, "le"))).toBe(text);
      expect(decodeText(utf32(text, "be"))).toBe(text);
      expect(decodeText(utf32(text, "le", false))).toBe(text);
      expect(decodeText(utf32(text, "be", false))).toBe(text);
      expect(decodeText(utf16leBare(text))).toBe(text);
      expect(decodeText(utf16beBare(text))).toBe(text);
    }
    expect(decodeText(utf32("", "le"))).toBe("");
  });

  it("a UTF-32 unit that is no character, or a cut last one, is U+FFFD", () => {
    const bad = Buffer.concat([utf32("a", "le"), Buffer.from([0x00, 0xd8, 0x00, 0x00]), Buffer.from([0x00, 0x00, 0x11, 0x00]), Buffer.from([0x62, 0x00])]);
    expect(decodeText(bad)).toBe("a\uFFFD\uFFFD\uFFFD");
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

  it.each([
    ["UTF-32 LE with its mark (Out-File -Encoding utf32)", (t: string) => utf32(t, "le")],
    ["UTF-32 BE with its mark", (t: string) => utf32(t, "be")],
    ["UTF-16 LE without a mark", utf16leBare],
    ["UTF-16 BE without a mark", utf16beBare],
  ])("%s: named or met while walking, the template is read with its UTF-8 copy's verdict, never skipped", async (_name, encode) => {
    const template = readFileSync(path.resolve("examples/templates/orders-prod.template.yaml"), "utf8");
    const plain = mkdtempSync(path.join(tmpdir(), "ag-enc-plain-"));
    mkdirSync(path.join(plain, "infra"));
    writeFileSync(path.join(plain, "infra", "orders.yaml"), template);
    const expected = await scanJson([plain]);
    expect(expected.report.findings.length).toBeGreaterThan(0);
    const walked = mkdtempSync(path.join(tmpdir(), "ag-enc-walk-"));
    mkdirSync(path.join(walked, "infra"));
    writeFileSync(path.join(walked, "infra", "orders.yaml"), encode(crlf(template)));
    const got = await scanJson([walked]);
    expect(got.report.summary.inputs).toBe(1);
    expect(got.report.errors).toEqual([]);
    expect(got.report.notes ?? []).toEqual(expected.report.notes ?? []);
    expect(got.code).toBe(expected.code);
    expect(verdicts(got.report)).toEqual(verdicts(expected.report));
    const named = await scanJson([path.join(walked, "infra", "orders.yaml")]);
    expect(named.report.errors).toEqual([]);
    expect(verdicts(named.report)).toEqual(verdicts(expected.report));
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
