/**
 * YAML tags that are neither CloudFormation short forms nor YAML types (yaml.ts): the yaml package
 * only warns and keeps the untagged value, which would be judged as something CloudFormation never
 * deploys. A file read as an input refuses them at their line; a file met while walking a
 * directory lists them, for whoever recognizes it as an input to report.
 */
import { parseSource } from "../../../src/core/source/parse.js";
import { parseYaml } from "../../../src/core/source/yaml.js";
import { parseRefusal } from "./line-of-error.js";

const refusal = parseRefusal;

describe("unknown YAML tags", () => {
  it("refuses a misspelt short form at its line instead of reading the untagged string", () => {
    const text = ["Resources:", "  Policy:", "    Type: AWS::IAM::ManagedPolicy", "    Properties:", '      Resource: !Sbu "arn:aws:dynamodb:*:${AWS::AccountId}:table/*"', ""].join("\n");
    const error = refusal(text);
    expect(error.line).toBe(5);
    expect(error.message).toBe("unknown tag !Sbu: neither a CloudFormation short form (!Ref, !Sub, !GetAtt, ...) nor a YAML type, so the value it tags cannot be read (fail closed)");
  });

  it("names Rain directives and says what to scan instead", () => {
    const error = refusal(["Resources:", "  Network:", "    Type: !Rain::Module ../modules/vpc.yml", ""].join("\n"));
    expect(error.line).toBe(3);
    expect(error.message).toBe("!Rain::Module is a Rain directive: `rain pkg` replaces it before deployment, and what it stands for is not in this file (fail closed): scan the template `rain pkg` writes instead");
  });

  it("refuses a tagged mapping or sequence as well as a scalar, and a YAML-prefixed type the parser cannot resolve", () => {
    expect(refusal("a: !Custom {b: 1}\n").line).toBe(1);
    // A block mapping's content starts on the line after its tag: the line is the tag's.
    expect(refusal("a:\n  b: !Custom\n    c: 1\n").line).toBe(2);
    expect(refusal("a:\n  - x\n  - !Custom [1, 2]\n").line).toBe(3);
    expect(refusal("emoji: !!python/name:material.extensions.emoji.to_svg\n").message).toMatch(/^unknown tag !!python\/name:material\.extensions\.emoji\.to_svg: /);
  });

  it("reads YAML's own types and every CloudFormation short form, the Rules functions included", () => {
    const text = [
      "s: !!str 12",
      "n: !!int '7'",
      "Rules:",
      "  SubnetsInVPC:",
      "    Assertions:",
      "      - Assert: !EachMemberIn [!ValueOfAll ['AWS::EC2::Subnet::Id', VpcId], !RefAll 'AWS::EC2::VPC::Id']",
      "      - Assert: !Contains [[a, b], !Ref Env]",
      "      - Assert: !EachMemberEquals [!ValueOf [Subnet, VpcId], !Ref Vpc]",
      "",
    ].join("\n");
    const value = parseSource(text).value as Record<string, unknown>;
    expect(value["s"]).toBe("12");
    expect(value["n"]).toBe(7);
    expect(value["Rules"]).toEqual({
      SubnetsInVPC: {
        Assertions: [
          { Assert: { "Fn::EachMemberIn": [{ "Fn::ValueOfAll": ["AWS::EC2::Subnet::Id", "VpcId"] }, { "Fn::RefAll": "AWS::EC2::VPC::Id" }] } },
          { Assert: { "Fn::Contains": [["a", "b"], { Ref: "Env" }] } },
          { Assert: { "Fn::EachMemberEquals": [{ "Fn::ValueOf": ["Subnet", "VpcId"] }, { Ref: "Vpc" }] } },
        ],
      },
    });
  });

  it("lists them with their lines when asked, once each even under an alias, and keeps the rest of the value", () => {
    const text = ["build:", "  script:", "    - &setup !reference [.setup, script]", "    - *setup", "    - !Rain::Embed run.sh", "deploy: ok", ""].join("\n");
    const parsed = parseYaml(text, { listUnknownTags: true });
    expect(parsed.unknownTags?.map((t) => [t.tag, t.line])).toEqual([
      ["!reference", 3],
      ["!Rain::Embed", 5],
    ]);
    expect(parsed.unknownTags?.[1]?.message).toMatch(/^!Rain::Embed is a Rain directive/);
    expect((parsed.value as Record<string, unknown>)["deploy"]).toBe("ok");
    expect(parseYaml("a: !Ref B\n", { listUnknownTags: true }).unknownTags).toBeUndefined();
  });

  it("lists those of every document of a Kubernetes manifest, at their lines", () => {
    const text = ["apiVersion: v1", "kind: ConfigMap", "data: {a: !vault secret/a}", "---", "apiVersion: v1", "kind: ConfigMap", "data: {b: !vault secret/b}", ""].join("\n");
    expect(parseYaml(text, { listUnknownTags: true }).unknownTags?.map((t) => [t.tag, t.line])).toEqual([
      ["!vault", 3],
      ["!vault", 7],
    ]);
    expect(() => parseYaml(text)).toThrow(/!vault/);
  });
});
