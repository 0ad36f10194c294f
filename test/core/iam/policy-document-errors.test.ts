/**
 * Every way a policy document can be unreadable is an input error with the line of the bad part,
 * and the statement is read in its widest form (fail closed): an unreadable Allow may allow
 * anything; an unreadable Deny protects nothing.
 */
import { decodePolicyDocument, parsePolicyDocument } from "../../../src/core/iam/policy-document.js";
import type { PolicySource } from "../../../src/core/iam/model.js";
import { parseSource } from "../../../src/core/source/parse.js";

function parse(document: unknown, raw = false) {
  const text = JSON.stringify(document, null, 2);
  const parsed = parseSource(text);
  const source: PolicySource = { name: "agent-policy", document: raw ? document : parsed.value, evidence: { file: "p.json", pointer: "" }, lineOf: parsed.lineOf };
  const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;
  return { ...parsePolicyDocument(source), lineOf };
}

describe("a source that names no pointer (a whole file is the document)", () => {
  it("points into the document from its root", () => {
    const text = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, { Effect: "Perhaps", Action: "s3:*" }] }, null, 2);
    const parsed = parseSource(text);
    const { statements, errors } = parsePolicyDocument({ name: "agent-policy", document: parsed.value, evidence: { file: "p.json" }, lineOf: parsed.lineOf });
    expect(statements.map((s) => s.evidence.pointer)).toEqual(["/Statement/0", "/Statement/1"]);
    // Its errors have the lines of the bad parts (the Effect, the missing Resource's statement).
    expect(errors.map((e) => e.line)).toEqual(expect.arrayContaining([parsed.lineOf("/Statement/1/Effect")]));
    expect(errors.every((e) => e.line !== undefined && e.line > 1)).toBe(true);
  });
});

describe("unreadable policy documents", () => {
  it("a document that is no object, no JSON, or has no Statement", () => {
    const notObject = parsePolicyDocument({ name: "p", document: ["x"], evidence: { file: "p.json", line: 4 } });
    expect(notObject.errors).toEqual([{ file: "p.json", line: 4, message: "p: policy document is not an object; treated as allowing everything" }]);
    expect(notObject.statements[0]).toMatchObject({ effect: "Allow", actions: ["*"], resources: [{ pattern: "*" }], invalid: true });
    const notJson = parsePolicyDocument({ name: "p", document: "{not json", evidence: { arn: "arn:aws:iam::1:policy/p" } });
    expect(notJson.errors[0]).toMatchObject({ file: "arn:aws:iam::1:policy/p", message: expect.stringMatching(/^p: policy document is not valid JSON \(.*\); treated as allowing everything$/) });
    const noStatement = parsePolicyDocument({ name: "p", document: { Version: "2012-10-17" }, evidence: {} });
    expect(noStatement).toEqual({ statements: [], errors: [{ file: "p", message: "p: policy document has no Statement" }] });
  });

  it("URL-encoded and plain JSON text decode alike", () => {
    const doc = { Version: "2012-10-17", Statement: [] };
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(doc)))).toEqual(doc);
    expect(decodePolicyDocument(`  ${JSON.stringify(doc)}`)).toEqual(doc);
  });

  it("statement-level problems name the statement and the line of the bad part", () => {
    const { statements, errors, lineOf } = parse({
      Version: "2012-10-17",
      Statement: [
        "not an object",
        { Effect: "Allow", Action: ["s3:GetObject", 7, ""], Resource: "*" },
        { Effect: "Allow", Action: [], Resource: "*" },
        { Effect: "Allow", Action: "s3:GetObject", NotAction: "iam:*", Resource: "*" },
        { Effect: "Allow", NotAction: [], Resource: "*" },
        { Effect: "Allow", Action: "s3:GetObject", Resource: [] },
        { Effect: "Allow", Action: "s3:GetObject", Resource: "*", NotResource: "arn:aws:s3:::x" },
        { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*", Condition: "MFA please" },
        { Effect: "Allow", Action: "s3:GetObject", NotResource: ["arn:aws:s3:::secret/*"] },
      ],
    });
    expect(errors.map((e) => e.message)).toEqual([
      "agent-policy: Statement 0 is not an object; treated as allowing everything",
      "agent-policy: Action must be a non-empty string or a list of them",
      "agent-policy: Action must be a non-empty string or a list of them",
      "agent-policy: Action is empty",
      "agent-policy: Statement 3 must have exactly one of Action and NotAction",
      "agent-policy: NotAction is empty",
      'agent-policy: Resource is empty; treated as "*"',
      'agent-policy: Statement 6 must have exactly one of Resource and NotResource; treated as Resource "*"',
      "agent-policy: Condition must map operators to key/value objects",
    ]);
    expect(errors[0]?.line).toBe(lineOf('"not an object"'));
    expect(errors[8]?.line).toBe(lineOf('"MFA please"'));
    expect(statements.map((s) => [s.index, s.invalid === true, s.actions ?? null, s.notActions ?? null])).toEqual([
      [0, true, ["*"], null],
      [1, true, ["*"], null],
      [2, true, ["*"], null],
      [3, true, ["*"], null],
      [4, true, ["*"], null],
      [5, true, ["s3:GetObject"], null],
      [6, true, ["s3:GetObject"], null],
      [7, true, ["s3:DeleteBucket"], null],
      [8, false, ["s3:GetObject"], null],
    ]);
    expect(statements[5]?.resources).toEqual([{ pattern: "*" }]);
    expect(statements[7]?.condition).toEqual({ Unreadable: {} });
    expect(statements[8]?.notResources).toEqual([{ pattern: "arn:aws:s3:::secret/*" }]);
  });

  it("a Deny naming Principal or NotPrincipal, or an element outside IAM's grammar, is an input error, and it protects nothing", () => {
    // IAM User Guide, "IAM JSON policy elements: Principal": "You cannot use the Principal element
    // in an identity-based policy" (nor in a boundary or SCP). Read as written, a NotPrincipal of
    // the agent's own ARN exempted the agent, and a Principal of another role was credited as
    // keeping the agent out; neither Deny exists once IAM refuses the document.
    const { statements, errors, lineOf } = parse({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "*", Resource: "*" },
        { Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::111111111111:role/AgentRole" }, Action: "*", Resource: "*" },
        { Effect: "Deny", Principal: "*", Action: "s3:DeleteBucket", Resource: "*" },
        // A condition under a name IAM's grammar does not have was skipped: the Deny read as unconditional.
        { Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*", condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } },
        { Sid: "Guard", Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Principal: "*" },
      ],
    });
    expect(errors.map((e) => [e.message, e.line])).toEqual([
      ["agent-policy: Statement 1 is a Deny naming NotPrincipal, which IAM refuses in an identity policy, permissions boundary or SCP (only a resource policy names principals); it protects nothing", lineOf('"NotPrincipal"')],
      ["agent-policy: Statement 2 is a Deny naming Principal, which IAM refuses in an identity policy, permissions boundary or SCP (only a resource policy names principals); it protects nothing", lineOf('"Principal": "*"')],
      ['agent-policy: Statement 3 is a Deny with "condition", which is no element of IAM\'s policy grammar (Sid, Effect, Action, NotAction, Resource, NotResource, Condition); it protects nothing', lineOf('"condition"')],
    ]);
    expect(statements.map((s) => s.invalid === true)).toEqual([false, true, true, true, false, false]);
  });

  it("a single Statement object is read like a list of one; an intrinsic resource without a resolver is *", () => {
    const { statements, errors } = parse({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: { Ref: "Bucket" } } });
    expect(errors).toEqual([]);
    expect(statements[0]).toMatchObject({ index: 0, resources: [{ pattern: "*" }], evidence: { pointer: "/Statement", statementIndex: 0, policyName: "agent-policy" } });
  });
});
