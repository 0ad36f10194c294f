/**
 * Text that cannot be parsed is an input's (an error) or no input (skipped) by the names it holds
 * (src/core/input-text.ts), looked for with escapes decoded: a file one parser refuses must not pass
 * unseen because a quoted key spells its name with escapes.
 */
import { mayBeDashboard, mayBeInputText, mayBeTemplateOrPolicy } from "../../src/core/input-text.js";

describe("whether unparseable text may be an input", () => {
  it("a Kubernetes manifest, a Helm template, a CI pipeline: no input", () => {
    for (const text of [
      "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - resources: { limits: { cpu: 1 } }\n---\nkind: Service\n",
      'metadata:\n  name: {{ include "web.fullname" . }}\n',
      "build:\n  script:\n    - !reference [.setup, script]\n",
    ]) {
      expect([text, mayBeInputText(text)]).toEqual([text, false]);
    }
  });

  it("a template, a policy, account details, a dashboard: an input, also with the name spelt in escapes or across an escaped line break", () => {
    expect(mayBeTemplateOrPolicy('AWSTemplateFormatVersion: "2010-09-09"\n')).toBe(true);
    expect(mayBeTemplateOrPolicy('"\\x52esources":\n  Role: {Type: AWS::IAM::Role, Properties: [\n')).toBe(true);
    expect(mayBeTemplateOrPolicy('{"\\u0053tatement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}\n')).toBe(true);
    expect(mayBeTemplateOrPolicy('"Reso\\\n   urces":\n  X: [\n')).toBe(true);
    expect(mayBeTemplateOrPolicy('"\\U00000052esources": {\n')).toBe(true);
    expect(mayBeInputText('{"RoleDetailList": [\n')).toBe(true);
    expect(mayBeDashboard('{"\\u0070anels": [\n')).toBe(true);
    // Cloud Monitoring's mosaic layout names no "widgets": each tile holds one "widget".
    expect(mayBeInputText('{"displayName": "Gemini CLI", "mosaicLayout": {"tiles": [{"widget": {"title": "Sessions",\n')).toBe(true);
    expect(mayBeDashboard("displayName: Gemini CLI\ngridLayout:\n  widgets: [\n")).toBe(true);
    // A backslash that escapes nothing of the kind changes nothing.
    expect(mayBeInputText("path: C:\\xyz\\u12\n")).toBe(false);
  });
});
