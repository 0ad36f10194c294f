/**
 * Templates PyYAML and SnakeYAML read and the yaml package refused: flow collections indented
 * less than YAML 1.2 asks (yaml-flow-indentation.ts), and a block scalar that runs to the end of
 * a text without a final line break. The expected values are those cfn-lint 1.51 (PyYAML 6.0.3)
 * read from the same files (a local differential over 660 public templates; see
 * test/fixtures/cfn/real/README.md).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource, SourceParseError } from "../../../src/core/source/parse.js";
import { lineOfError } from "./line-of-error.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const real = (name: string): string => readFileSync(path.join(import.meta.dirname, "../../fixtures/cfn/real", name), "utf8");

describe("flow collections indented less than YAML 1.2 asks, as PyYAML and SnakeYAML read them", () => {
  it("serverless-patterns apigw-lambda-rust: a resource policy whose closing brackets sit at its key's indentation", () => {
    const text = real("aws-samples-serverless-patterns-apigw-lambda-rust.yml");
    const parsed = parseSource(text);
    const value = parsed.value as { Resources: { MyApi: { Properties: { Auth: unknown } }; LambdaFunction: { Properties: { Handler?: string } } } };
    expect(value.Resources.MyApi.Properties.Auth).toEqual({
      ResourcePolicy: { CustomStatements: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*/*/*" }] },
    });
    expect(Object.keys(value.Resources)).toEqual(["MyApi", "LambdaFunction"]);
    // Lines are the file's: only spaces were added at the start of the collection's lines.
    expect(parsed.lineOf("/Resources/MyApi/Properties/Auth/ResourcePolicy/CustomStatements/0/Resource")).toBe(40);
    expect(parsed.lineOf("/Resources/LambdaFunction")).toBe(46);
    expect(parsed.lineOf("/Outputs")).toBe(62);
  });

  it("serverless-patterns apigw-ses-transformation: a JSON schema pasted after `Schema: {` with its lines at the key's column", () => {
    const parsed = parseSource(real("aws-samples-serverless-patterns-apigw-ses-transformation.yaml"));
    const value = parsed.value as { Resources: Record<string, { Properties?: { Schema?: unknown } }> };
    const types = (...names: string[]) => Object.fromEntries(names.map((n) => [n, { type: ["to", "cc", "bcc"].includes(n) ? "array" : "string" }]));
    expect(value.Resources["RequestModel"]?.Properties?.Schema).toEqual({
      $schema: "http://json-schema.org/draft-04/schema#",
      title: "Stats",
      type: "object",
      properties: types("to", "from", "cc", "bcc", "subject", "text", "html"),
      required: ["to", "from", "html", "text"],
    });
    expect(parsed.lineOf("/Resources/ApiGatewayDeployment")).toBe(177);
  });

  it("both templates are judged, not refused: no input error, and no agent finding (verdicts decided from reading them)", () => {
    const policy = resolvePolicy();
    const catalogue = loadCatalogue();
    for (const name of ["aws-samples-serverless-patterns-apigw-lambda-rust.yml", "aws-samples-serverless-patterns-apigw-ses-transformation.yaml"]) {
      const parsed = parseSource(real(name));
      const { findings, errors } = evaluateTemplates([{ file: name, value: parsed.value, lineOf: parsed.lineOf, stackName: "Production", account: "111111111111" }], policy, catalogue);
      expect([name, errors]).toEqual([name, []]);
      expect([name, findings.filter((f) => f.rule !== "prod-resource-unprotected")]).toEqual([name, []]);
    }
  });

  it("any indentation of a flow collection's lines reads as the same value as a well-indented one", () => {
    // Flow content: quoted scalars (with quotes, commas, brackets and `#` inside), plain scalars
    // (with spaces and quotes after their first character), nested collections, comments.
    const scalar = fc.constantFrom('"a, [b]: {c}"', "'it''s # not a comment'", "plain words", "it's", 'say "hi"', "arn:aws:s3:::b/*", "!Ref Bucket", "42", "true", '"multi\n  line"', "'x\n\n  y'");
    const flow: fc.Memo<string> = fc.memo((n) =>
      n <= 1
        ? scalar
        : fc.oneof(
            scalar,
            fc.array(flow(n - 1), { maxLength: 3 }).map((items) => `[${items.join(",\n")}]`),
            fc.array(fc.tuple(fc.constantFrom("a", '"b c"', "'d'", "e"), flow(n - 1)), { maxLength: 3 }).map((entries) => `{${entries.map(([k, v]) => `${k}: ${v}`).join(", # note\n")}}`),
          ),
    );
    const collection = fc.oneof(
      fc.array(flow(3), { minLength: 1, maxLength: 3 }).map((items) => `[${items.join(",\n")}\n]`),
      fc.array(fc.tuple(fc.constantFrom("x", "y", '"z"'), flow(3)), { minLength: 1, maxLength: 3 }).map((entries) => `{${entries.map(([k, v]) => `${k}: ${v}`).join(",\n")}\n}`),
    );
    fc.assert(
      fc.property(collection, fc.array(fc.nat(6), { minLength: 40, maxLength: 40 }), fc.boolean(), (body, indents, inSequence) => {
        const head = inSequence ? "Resources:\n  List:\n    - Key: " : "Resources:\n  Thing:\n    Properties:\n      Key: ";
        const lines = body.split("\n");
        const well = head + lines.map((l, i) => (i === 0 ? l : `${" ".repeat(12)}${l}`)).join("\n") + "\n  After: 1\n";
        const loose = head + lines.map((l, i) => (i === 0 ? l : `${" ".repeat(indents[i % indents.length] as number)}${l}`)).join("\n") + "\n  After: 1\n";
        const expected = parseSource(well);
        const parsed = parseSource(loose);
        expect(parsed.value).toEqual(expected.value);
        expect(parsed.lineOf("/Resources/After")).toBe(head.split("\n").length + lines.length);
      }),
      { numRuns: Number(process.env["FC_RUNS"] ?? 200) },
    );
  });

  it("a flow collection that never closes, or another error, is still refused at the line the yaml package names", () => {
    expect(lineOfError("Resources:\n  A:\n    Key: [{\n      a: 1\n    }\n  B: 2\n")).toBeDefined();
    expect(() => parseSource("Resources:\n  A:\n    Key: [{\n      a: 1\n    }\n  B: 2\n")).toThrow(SourceParseError);
    // Not a flow collection's indentation: the template's own mistake, refused as written.
    expect(lineOfError("Resources:\n  MappingRestEdge:curc\n    Type: AWS::ApiGateway::BasePathMapping\n")).toBe(2);
    // A repaired collection followed by a real error elsewhere: that error, at its line.
    expect(lineOfError("A: [\n1,\n2\n]\nB: x: y\n")).toBe(5);
  });
});

describe("a block scalar at the end of a text without a final line break", () => {
  it("has no line break to keep (YAML 1.2 b-chomped-last), as PyYAML and SnakeYAML read it", () => {
    expect(parseSource("k: |\n  a").value).toEqual({ k: "a" });
    expect(parseSource("k: |+\n  a").value).toEqual({ k: "a" });
    expect(parseSource("k: >\n  a\n  b").value).toEqual({ k: "a b" });
    expect(parseSource("k: |\n  a\r\n  b").value).toEqual({ k: "a\nb" });
    expect(parseSource("k: |-\n  a").value).toEqual({ k: "a" });
    // With the line break, or followed by anything, it keeps its "\n".
    expect(parseSource("k: |\n  a\n").value).toEqual({ k: "a\n" });
    expect(parseSource("k: |\n  a\n# c").value).toEqual({ k: "a\n" });
    expect(parseSource("k: |\n  a\nj: 1").value).toEqual({ k: "a\n", j: 1 });
  });

  it("serverless-patterns' `Value: !Sub |` JSON at the end of a file reads as cfn-lint reads it", () => {
    const text = 'Resources:\n  P:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: !Sub |\n        {\n          "key1": "value1"\n        }';
    expect(parseSource(text).value).toEqual({ Resources: { P: { Type: "AWS::SSM::Parameter", Properties: { Value: { "Fn::Sub": '{\n  "key1": "value1"\n}' } } } } });
  });
});

describe("quoted scalars whose lines sit at their key's column, as PyYAML and SnakeYAML read them", () => {
  it("amazon-bedrock-samples: a Bedrock agent's multi-line Instruction is read as cfn-lint reads it, and the template is judged", () => {
    const name = "aws-samples-amazon-bedrock-samples-fine-grained-access-permissions-agent.yaml";
    const parsed = parseSource(real(name));
    const value = parsed.value as { Resources: { BedrockAgent: { Properties: { Instruction: string; AgentName: string } } } };
    expect(value.Resources.BedrockAgent.Properties.Instruction).toMatch(/^You are an insurance agent that has access to domain-specific insurance knowledge\. You can create new insurance claims, .* within a single conversation$/);
    expect(value.Resources.BedrockAgent.Properties.Instruction).not.toMatch(/\s{2}|\n/);
    expect(value.Resources.BedrockAgent.Properties.AgentName).toBe("insurance-claims-agent-app-test");
    expect(parsed.lineOf("/Resources/BedrockAgent/Properties/FoundationModel")).toBe(52);
    const { findings, errors } = evaluateTemplates([{ file: name, value: parsed.value, lineOf: parsed.lineOf }], resolvePolicy(), loadCatalogue());
    expect(errors).toEqual([]);
    expect(findings.filter((f) => f.rule.startsWith("agent-"))).toEqual([]);
  });

  it("any indentation of a quoted scalar's continuation lines reads as the same value as a well-indented one", () => {
    // Lines that end on an escaped quote (`\\"`, `''`): the yaml package took them for closed (issue 17's CI draw).
    const words = fc.array(fc.constantFrom("plain", "it''s", "it''", 'say \\"hi\\"', "a: b", "# no comment", "[x]", "{y}", "- z", ""), { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(words, fc.array(fc.nat(8), { minLength: 6, maxLength: 6 }), fc.boolean(), (lines, indents, single) => {
        const body = single ? lines.map((l) => l.replace(/\\"/g, '"')) : lines.map((l) => l.replace(/''/g, "'"));
        const q = single ? "'" : '"';
        const head = "Resources:\n  Thing:\n    Properties:\n      Key: " + q;
        const well = head + body.map((l, i) => (i === 0 ? l : `${" ".repeat(8)}${l}`)).join("\n") + q + "\n      After: 1\n";
        // (A line starting with `#` at or left of the key's column is read by the yaml package as a
        // comment, with no error to repair: a divergence from PyYAML left as it is, so such a line
        // is indented past the key here.)
        const indent = (l: string, i: number): number => Math.max(indents[i % indents.length] as number, l.startsWith("#") ? 7 : 0);
        const loose = head + body.map((l, i) => (i === 0 || l === "" ? l : `${" ".repeat(indent(l, i))}${l}`)).join("\n") + q + "\n      After: 1\n";
        const parsed = parseSource(loose);
        expect(parsed.value).toEqual(parseSource(well).value);
        expect(parsed.lineOf("/Resources/Thing/Properties/After")).toBe(4 + body.length);
      }),
      { numRuns: Number(process.env["FC_RUNS"] ?? 200) },
    );
  });

  it("a quoted scalar that never closes, or one cut by a document marker, is still refused", () => {
    expect(() => parseSource('Resources:\n  A:\n    Key: "one\n    two\n')).toThrow(SourceParseError);
    expect(() => parseSource('Resources:\n  A:\n    Key: "one\n---\n    two"\n')).toThrow(SourceParseError);
  });
});


describe("a quoted string whose line ends on an escaped quote", () => {
  // The yaml package ends such a string at the line end, says nothing, and reads its next line as
  // a key of its own; PyYAML (CloudFormation) reads on to the closing quote.
  it("reads on to its closing quote, as PyYAML does (the property test's counterexample, seed 1949592417)", () => {
    const parsed = parseSource('Resources:\n  Thing:\n    Properties:\n      Key: "say \\"hi\\"\n      a: b"\n      After: 1\n');
    expect(parsed.value).toEqual({ Resources: { Thing: { Properties: { Key: 'say "hi" a: b', After: 1 } } } });
    expect(parsed.lineOf("/Resources/Thing/Properties/After")).toBe(6);
  });

  it("cannot hide a DeletionPolicy inside a string: the template reads as CloudFormation reads it", () => {
    const text = 'Resources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    Metadata:\n      Note: "kept \\"\n    DeletionPolicy: Retain"\n    Properties:\n      TableName: orders-prod\n';
    const value = parseSource(text).value as { Resources: { Orders: Record<string, unknown> } };
    expect(value.Resources.Orders["DeletionPolicy"]).toBeUndefined();
    expect(value.Resources.Orders["Metadata"]).toEqual({ Note: 'kept " DeletionPolicy: Retain' });
  });

  it("is refused when nothing closes it, and at its line when it is left unrepaired", () => {
    // A document marker ends the string for PyYAML too; no quote after it: the yaml package's own error.
    expect(() => parseSource('Resources:\n  A:\n    Key: "one \\"\n---\n    two"\n')).toThrow(SourceParseError);
    expect(() => parseSource('Resources:\n  A:\n    Properties:\n      Key: "x \\"\n      B: 1\n')).toThrow(/closing "quote/);
    // More such strings than one text is repaired for (50): the one left is refused, never read as two keys.
    const pairs = Array.from({ length: 51 }, (_, i) => `      K${i}: "x \\"\n      J${i}: y"\n`).join("");
    try {
      parseSource(`Resources:\n  A:\n    Properties:\n${pairs}`);
      throw new Error("parsed");
    } catch (error) {
      expect(error).toBeInstanceOf(SourceParseError);
      expect((error as SourceParseError).message).toMatch(/no closing quote/);
      expect((error as SourceParseError).line).toBe(4 + 2 * 50);
    }
  });

  it("single-quoted too: `'it''` reads on to its closing quote", () => {
    const parsed = parseSource("Resources:\n  Thing:\n    Properties:\n      Key: 'it''\n      a: b'\n      After: 1\n");
    expect(parsed.value).toEqual({ Resources: { Thing: { Properties: { Key: "it' a: b", After: 1 } } } });
  });

  it("leaves alone empty and tagged strings, a quote closed after escaped ones, and strings over well-indented lines", () => {
    const text = [
      "Parameters:",
      "  Name:",
      "    Type: String",
      "    Default: ''",
      "Resources:",
      "  Thing:",
      "    Properties:",
      "      A: !Sub 'arn:${AWS::Partition}:s3:::b'",
      '      B: !Sub "x\\\\"',
      "      C: 'it'''",
      '      D: "say',
      '        \\"hi\\""',
      "      E: ''",
      "",
    ].join("\n");
    expect(parseSource(text).value).toEqual({
      Parameters: { Name: { Type: "String", Default: "" } },
      Resources: { Thing: { Properties: { A: { "Fn::Sub": "arn:${AWS::Partition}:s3:::b" }, B: { "Fn::Sub": "x\\" }, C: "it'", D: 'say "hi"', E: "" } } },
    });
  });

  it("a flow collection inside such a string stays in the string (found against PyYAML by a differential fuzz)", () => {
    const text = "Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      DeletionPolicy: 'it''\n      k2: [x,\n      k4: plain\n      end'\n      K5: y]\n";
    expect(parseSource(text).value).toEqual({ Resources: { R: { Type: "AWS::S3::Bucket", Properties: { DeletionPolicy: "it' k2: [x, k4: plain end", K5: "y]" } } } });
  });

  it("leaves alone a string that closes after an escaped backslash, and one closed on its own line", () => {
    expect(parseSource('A:\n  Key: "c:\\\\"\n  B: 1\n').value).toEqual({ A: { Key: "c:\\", B: 1 } });
    expect(parseSource('A:\n  Key: "say \\"hi\\""\n  B: 1\n').value).toEqual({ A: { Key: 'say "hi"', B: 1 } });
  });
});
