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

  // elastic/elastic-package @ 6371beee (Elastic License 2.0: facts only, this text is written here in
  // its shape): test/packages/benchmarks/system_benchmark_crowdstrike/_dev/benchmark/system/
  // falcon-benchmark/template.ndjson, a Go text/template of CrowdStrike Falcon events whose keys
  // include "PolicyStatement", was an input error ("invalid JSON at line 1") in a scan of the repository.
  it("a name inside a longer identifier (PolicyStatement, ClusterResources) is no template or policy", () => {
    const events = '{{- $PolicyStatement := generate "PolicyStatement" }}\n{"event": {"PolicyId": {{ $PolicyId }}, "PolicyStatement": "{{ $PolicyStatement }}", "ClusterResources": 3}}\n';
    expect(mayBeTemplateOrPolicy(events)).toBe(false);
    expect(mayBeInputText(events)).toBe(false);
    // The names themselves, as keys, still are.
    expect(mayBeTemplateOrPolicy('{{ $x }}\n{"Statement": [{{ $s }}]}\n')).toBe(true);
    expect(mayBeTemplateOrPolicy("Resources:\n  Role: {{ .Role }}\n")).toBe(true);
    expect(mayBeTemplateOrPolicy("Resources_v2: x\n")).toBe(false);
    expect(mayBeTemplateOrPolicy('"\\u0053tatement": [\n')).toBe(true);
  });

  it("terraform show -json that does not parse (the setup-terraform wrapper's [command] line before it, a file cut short) is an input, though it quotes no policy", () => {
    const plan = '{"format_version":"1.2","terraform_version":"1.14.0","planned_values":{"root_module":{"resources":[{"address":"aws_iam_role_policy_attachment.admin","type":"aws_iam_role_policy_attachment","values":{"policy_arn":"arn:aws:iam::aws:policy/AdministratorAccess","role":"claude-code-deployer"}}]}}}';
    expect(mayBeInputText(`[command]/home/runner/work/_temp/3f1c2d9e/terraform-bin show -json plan.out\n${plan}\n::debug::Terraform exited with code 0.\n`)).toBe(true);
    expect(mayBeInputText(plan.slice(0, 80))).toBe(true);
    // A state file as Terraform writes it names its version the same way.
    expect(mayBeInputText('{\n  "version": 4,\n  "terraform_version": "1.14.0",\n  "serial": 3,\n  "resources": [\n')).toBe(true);
    // The words in prose or in another tool's config are no Terraform document.
    expect(mayBeInputText("format_version and terraform_version are written by terraform show\n")).toBe(false);
  });
});
