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

  it("a Helm template the parser refuses: none of this check's business", async () => {
    expect(await read('metadata:\n  name: {{ include "web.fullname" . }}\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\n')).toEqual({ absent: true });
  });
});
