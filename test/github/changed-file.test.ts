/**
 * A changed file the check cannot parse (src/github/checks/changed-file.ts) fails the check closed
 * when it may be an input of the check, and is none of its business otherwise; "may be" reads the
 * text with its escapes decoded (src/core/input-text.ts).
 */
import { mayBeTemplateOrPolicy } from "../../src/core/input-text.js";
import { readChangedFile } from "../../src/github/checks/changed-file.js";

const read = (text: string) => readChangedFile("infra/stack.yaml", "head SHA", () => Promise.resolve(text), mayBeTemplateOrPolicy, true);

describe("readChangedFile", () => {
  it("a template the parser refuses, its Resources key spelt in escapes: an input error at its line, not 'absent'", async () => {
    // The flow sequence never closes (its lines' indentation alone would be read, as PyYAML reads it).
    const content = await read('"\\x52esources":\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies: [{\n        "PolicyName": "all"\n      }\n');
    expect(content).toEqual({ error: { file: "infra/stack.yaml", line: 8, message: expect.stringContaining("cannot parse: invalid YAML") } });
  });

  // What the contents API's raw text is for a file saved in UTF-16 or UTF-32: its bytes decoded as UTF-8.
  const asServed = (bytes: Buffer): string => bytes.toString("utf8");
  const template = "Resources:\r\n  AgentRole:\r\n    Type: AWS::IAM::Role\r\n    Properties:\r\n      RoleName: claude-agent\r\n";
  const utf32le = (text: string): Buffer => {
    const points = [0xfeff, ...[...text].map((c) => c.codePointAt(0) ?? 0)];
    const out = Buffer.alloc(points.length * 4);
    points.forEach((cp, i) => out.writeUInt32LE(cp, i * 4));
    return out;
  };

  it.each([
    ["UTF-16 LE with its mark (Windows PowerShell 5's >)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(template, "utf16le")])],
    ["UTF-16 BE with its mark", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(template, "utf16le").swap16()])],
    ["UTF-16 LE without a mark", Buffer.from(template, "utf16le")],
    ["UTF-32 LE with its mark (Out-File -Encoding utf32)", utf32le(template)],
  ])("a template saved in %s: an input error naming the encoding, never 'absent'", async (_name, bytes) => {
    expect(await read(asServed(bytes))).toEqual({ error: { file: "infra/stack.yaml", message: expect.stringContaining("it is not UTF-8 text") } });
    // A nested template the check must read is refused the same way.
    expect(await readChangedFile("infra/nested.yaml", "head SHA", () => Promise.resolve(asServed(bytes)), () => true, false)).toEqual({ error: expect.objectContaining({ file: "infra/nested.yaml" }) });
  });

  it("a UTF-16 file that names no input (a .NET app's settings): none of this check's business", async () => {
    expect(await read(asServed(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{\r\n  "Logging": { "LogLevel": "Information" }\r\n}\r\n', "utf16le")])))).toEqual({ absent: true });
  });

  it("a Helm template the parser refuses: none of this check's business", async () => {
    expect(await read('metadata:\n  name: {{ include "web.fullname" . }}\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\n')).toEqual({ absent: true });
  });
});
