/**
 * collectInputs reads each file into one string (src/cli/inputs.ts): byte for byte when it is
 * ASCII, as UTF-8 otherwise. Either way the text is what Node's UTF-8 decoding gives, so values,
 * lines and pointers are the same as when files were read with readFile(file, "utf8").
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { collectInputs } from "../../src/cli/inputs.js";
import { parseSource } from "../../src/core/source/parse.js";

const dir = mkdtempSync(path.join(tmpdir(), "ag-inputs-text-"));
const role = (description: string) => ({ Resources: { AgentRole: { Type: "AWS::IAM::Role", Properties: { Description: description, RoleName: "coding-agent" } } } });
const files: Record<string, Buffer> = {
  "ascii.template.json": Buffer.from(JSON.stringify(role("plain"), null, 2)),
  "utf8.template.json": Buffer.from(JSON.stringify(role("Café ☕ 🚀 — ünïcödé"), null, 2)),
  "bom.template.json": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(role("after a byte order mark"), null, 2))]),
  "utf8.template.yaml": Buffer.from("Resources:\n  AgentRole:\n    Type: AWS::IAM::Role\n    Properties:\n      Description: \"Grüße, 日本語\"\n      RoleName: coding-agent\n"),
  // Not valid UTF-8 (a lone Latin-1 é): decoded with U+FFFD, as Node's UTF-8 decoding does.
  "latin1.template.json": Buffer.concat([Buffer.from('{"Resources": {"AgentRole": {"Type": "AWS::IAM::Role", "Properties": {"Description": "caf'), Buffer.from([0xe9]), Buffer.from('", "RoleName": "coding-agent"}}}}')]),
};
for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);

test.each(Object.keys(files))("%s: the value, and the line of every pointer, as from the file read as UTF-8", async (name) => {
  const file = path.join(dir, name);
  const { files: read, errors } = await collectInputs([file]);
  expect(errors).toEqual([]);
  const expected = parseSource(readFileSync(file, "utf8"));
  const got = read[0];
  expect(got?.value).toEqual(expected.value);
  for (const pointer of ["", "/Resources/AgentRole", "/Resources/AgentRole/Properties/Description", "/Resources/AgentRole/Properties/RoleName"]) {
    expect(got?.lineOf(pointer)).toBe(expected.lineOf(pointer));
  }
});

test("non-ASCII text survives whole", async () => {
  const { files: read } = await collectInputs([path.join(dir, "utf8.template.json")]);
  expect((read[0]?.value as ReturnType<typeof role>).Resources.AgentRole.Properties.Description).toBe("Café ☕ 🚀 — ünïcödé");
  const { files: latin1 } = await collectInputs([path.join(dir, "latin1.template.json")]);
  expect((latin1[0]?.value as ReturnType<typeof role>).Resources.AgentRole.Properties.Description).toBe("caf\uFFFD");
});
