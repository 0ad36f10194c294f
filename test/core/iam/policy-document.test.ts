import { parsePolicyDocument } from "../../../src/core/iam/policy-document.js";
import type { PolicySource } from "../../../src/core/iam/model.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { allow, destructive, evaluate, role, type Statement } from "./helpers.js";

function fromText(text: string): PolicySource {
  const parsed = parseSource(text);
  return { name: "p.json", document: parsed.value, evidence: { file: "p.json", pointer: "" }, lineOf: parsed.lineOf };
}

describe("parsePolicyDocument", () => {
  it("a statement's evidence: the document's, in its key order, with the statement's pointer, the policy name (the source's when the evidence has none) and index", () => {
    const doc = { Statement: [allow("s3:GetObject"), allow("s3:PutObject")] };
    const plain: PolicySource = { name: "Inline", document: doc, evidence: { file: "t.json", line: 3, pointer: "/Doc", arn: "arn:aws:iam::1:role/r", note: "n" } };
    const named: PolicySource = { name: "Inline", document: doc, evidence: { policyName: "Named", file: "t.json", pointer: "/Doc" } };
    expect(parsePolicyDocument(plain).statements.map((s) => JSON.stringify(s.evidence))).toEqual([0, 1].map((i) => JSON.stringify({ file: "t.json", line: 3, pointer: `/Doc/Statement/${i}`, arn: "arn:aws:iam::1:role/r", note: "n", policyName: "Inline", statementIndex: i })));
    expect(parsePolicyDocument(named).statements.map((s) => JSON.stringify(s.evidence))).toEqual([0, 1].map((i) => JSON.stringify({ policyName: "Named", file: "t.json", pointer: `/Doc/Statement/${i}`, statementIndex: i })));
    // The document's evidence is left as it was.
    expect(plain.evidence).toStrictEqual({ file: "t.json", line: 3, pointer: "/Doc", arn: "arn:aws:iam::1:role/r", note: "n" });
  });

  it("Action and NotAction lists: trimmed when a name is padded (any JS whitespace), kept as given otherwise, never changed", () => {
    const padded = [" s3:GetObject", "s3:PutObject\u00a0", "\uFEFFs3:DeleteObject", "\ts3:ListBucket\n", "s3:GetObjectTagging\u2028"];
    const plain = ["s3:GetObject", "s3:PutObject"];
    const document = { Statement: [{ Effect: "Allow", Action: padded, Resource: "*" }, { Effect: "Deny", NotAction: plain, Resource: "*" }] };
    const before = JSON.stringify(document);
    const [trimmed, kept] = parsePolicyDocument({ name: "P", document, evidence: { file: "f.json" } }).statements;
    expect(trimmed?.actions).toEqual(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetObjectTagging"]);
    expect(kept?.notActions).toEqual(plain);
    // The input document is not changed by parsing (nor by the trimming of a copy).
    expect(JSON.stringify(document)).toBe(before);
    // Each padded name alone in an otherwise clean list is still trimmed.
    for (const name of padded) {
      const one = parsePolicyDocument({ name: "P", document: { Statement: [{ Effect: "Allow", Action: ["s3:GetObject", name], Resource: "*" }] }, evidence: { file: "f.json" } });
      expect(one.statements[0]?.actions).toEqual(["s3:GetObject", name.trim()]);
      expect(one.errors).toEqual([]);
    }
  });

  it("an empty or blank name in a list of strings is an error and the statement allows everything", () => {
    for (const bad of ["", " ", "\u00a0"]) {
      const { statements, errors } = parsePolicyDocument({ name: "P", document: { Statement: [{ Effect: "Allow", NotAction: ["s3:GetObject", bad], Resource: "*" }] }, evidence: { file: "f.json" } });
      expect(errors.map((e) => e.message)).toEqual(["P: NotAction must be a non-empty string or a list of them"]);
      expect(statements[0]).toMatchObject({ invalid: true, actions: ["*"] });
    }
  });

  it("a missing Effect is an error with file and line, and the statement is not a pass", () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Action": "dynamodb:DeleteTable",\n      "Resource": "*"\n    }\n  ]\n}\n';
    const { statements, errors } = parsePolicyDocument(fromText(text));
    expect(errors).toEqual([{ file: "p.json", line: 4, message: expect.stringContaining("has no Effect") }]);
    expect(statements[0]).toMatchObject({ effect: "Allow", invalid: true });
    // End to end: the principal is flagged and the error is reported.
    const { findings, errors: evalErrors } = evaluate(role([], { policies: [fromText(text)] }));
    expect(findings.some((f) => f.rule === "agent-destructive-prod")).toBe(true);
    expect(evalErrors).toHaveLength(1);
  });

  it("an invalid Effect is an error; an invalid Deny protects nothing", () => {
    const doc = { Statement: [allow("dynamodb:DeleteTable"), { Effect: "deny", Action: "*", Resource: "*" }] };
    const source: PolicySource = { name: "P", document: doc, evidence: { file: "f.json", pointer: "/P" } };
    const { findings, errors } = evaluate(role([], { policies: [source] }));
    expect(errors[0]?.message).toContain('Effect "deny"');
    expect(findings.some((f) => f.rule === "agent-destructive-prod")).toBe(true);
  });

  it("a Deny missing its Action is ignored (never protects) and reported", () => {
    const doc = { Statement: [allow("dynamodb:DeleteTable"), { Effect: "Deny", Resource: "*" }] };
    const { findings, errors } = evaluate(role([], { policies: [{ name: "P", document: doc, evidence: { file: "f.json" } }] }));
    expect(errors[0]?.message).toContain("exactly one of Action and NotAction");
    expect(findings.some((f) => f.rule === "agent-destructive-prod")).toBe(true);
  });

  it("an unreadable document is an error and treated as allowing everything", () => {
    const source: PolicySource = { name: "Broken", document: "%7B%22Statement", evidence: { file: "gaad.json", line: 9 } };
    const { statements, errors } = parsePolicyDocument(source);
    expect(errors[0]).toMatchObject({ file: "gaad.json", line: 9 });
    expect(statements[0]).toMatchObject({ effect: "Allow", actions: ["*"], invalid: true });
    expect(destructive(role([], { policies: [source] }))).toHaveLength(1);
  });

  it("decodes URL-encoded documents", () => {
    const encoded = encodeURIComponent(JSON.stringify({ Version: "2012-10-17", Statement: [allow("s3:DeleteBucket")] }));
    const { statements, errors } = parsePolicyDocument({ name: "E", document: encoded, evidence: {} });
    expect(errors).toEqual([]);
    expect(statements[0]?.actions).toEqual(["s3:DeleteBucket"]);
  });

  it("reads a document given as JSON text as it is: a literal % is not a URL escape", () => {
    const text = `  ${JSON.stringify({ Version: "2012-10-17", Statement: [{ ...allow("dynamodb:DeleteTable"), Sid: "Cleanup100%" }] })}\n`;
    const { statements, errors } = parsePolicyDocument({ name: "T", document: text, evidence: {} });
    expect(errors).toEqual([]);
    expect(statements[0]?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(statements[0]?.invalid).toBeUndefined();
  });

  it("resolves non-string resources through the source, else '*'", () => {
    const document = { Statement: allow("s3:DeleteBucket", [{ Ref: "Bucket" }, "arn:aws:s3:::x"]) };
    const withResolver = parsePolicyDocument({ name: "R", document, evidence: {}, resolveResource: () => ({ pattern: "arn:aws:s3:::resolved" }) });
    expect(withResolver.statements[0]?.resources?.map((r) => r.pattern)).toEqual(["arn:aws:s3:::resolved", "arn:aws:s3:::x"]);
    const without = parsePolicyDocument({ name: "R", document, evidence: {} });
    expect(without.statements[0]?.resources?.map((r) => r.pattern)).toEqual(["*", "arn:aws:s3:::x"]);
  });

  it("an Allow with neither Resource nor NotResource, or both, is reported and reaches every resource", () => {
    const neither = { Effect: "Allow", Action: "dynamodb:DeleteTable" };
    const both = { ...neither, Resource: "arn:aws:dynamodb:us-east-1:111111111111:table/dev-scratch", NotResource: "arn:aws:dynamodb:us-east-1:111111111111:table/orders" };
    for (const statement of [neither, both]) {
      const { statements, errors } = parsePolicyDocument({ name: "N", document: { Statement: [statement] }, evidence: { file: "p.json" } });
      expect(errors.map((e) => e.message)).toEqual(['N: Statement 0 must have exactly one of Resource and NotResource; treated as Resource "*"']);
      expect(statements[0]?.resources).toEqual([{ pattern: "*" }]);
      expect(destructive(role([statement]))).toHaveLength(1);
    }
  });

  it("spaces around an action are not part of it: the action still counts", () => {
    const { statements } = parsePolicyDocument({ name: "S", document: { Statement: [allow(" dynamodb:DeleteTable ")] }, evidence: {} });
    expect(statements[0]?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(destructive(role([allow([" dynamodb:DeleteTable ", "s3:GetObject"])]))).toHaveLength(1);
  });

  it("a Condition operator must map to key/value objects, not to a bare value", () => {
    const { statements, errors } = parsePolicyDocument({ name: "C", document: { Statement: [allow("s3:DeleteBucket", "*", { Condition: { Bool: "aws:MultiFactorAuthPresent" } })] }, evidence: {} });
    expect(errors.map((e) => e.message)).toEqual(["C: Condition must map operators to key/value objects"]);
    expect(statements[0]?.invalid).toBe(true);
  });

  it("a statement with a malformed Condition keeps counting as conditional and is reported", () => {
    const { statements, errors } = parsePolicyDocument({ name: "C", document: { Statement: [allow("s3:DeleteBucket", "*", { Condition: "yes" })] }, evidence: {} });
    expect(errors).toHaveLength(1);
    expect(statements[0]?.condition).toBeDefined();
  });
});

describe("policy variables in Resource (Version 2012-10-17)", () => {
  // IAM User Guide, "IAM policy elements: Variables and tags": in a 2012-10-17 policy `${key}` is
  // replaced by the request's value of that key when the policy is evaluated; in a 2008-10-17
  // policy (or one without Version) it is literal text. A principal tag's value is any text.
  const table = (name: string) => `arn:aws:dynamodb:us-east-1:111111111111:table/${name}`;
  const versioned = (Version: string | undefined, statements: Statement[]) => ({
    ...role([]),
    policies: [{ name: "Inline", document: { ...(Version ? { Version } : {}), Statement: statements }, evidence: { file: "policy.json", pointer: "/Inline" } }],
  });

  it("an Allow on a resource named by a principal tag reaches whatever the tag says, as a wildcard does", () => {
    for (const resource of [table("${aws:PrincipalTag/team}"), table("${aws:PrincipalTag/team}-orders"), "arn:aws:s3:::${aws:PrincipalTag/team}", table("${aws:ResourceTag/app, 'orders'}")]) {
      const wildcard = resource.replace(/\$\{[^}]*\}/g, "*");
      const statements = [allow(["dynamodb:DeleteTable", "s3:DeleteBucket"], resource)];
      expect([resource, destructive(versioned("2012-10-17", statements)).length]).toEqual([resource, destructive(role([allow(["dynamodb:DeleteTable", "s3:DeleteBucket"], wildcard)])).length]);
      expect([resource, destructive(versioned("2012-10-17", statements)).length]).toEqual([resource, 1]);
    }
  });

  it("a variable beside a non-production name stays non-production; in a 2008-10-17 policy the text is literal", () => {
    const devTable = (name: string) => `arn:aws:dynamodb:us-east-1:333333333333:table/${name}`;
    expect(destructive(role([allow("dynamodb:DeleteTable", devTable("dev-*"))]))).toEqual([]);
    expect(destructive(versioned("2012-10-17", [allow("dynamodb:DeleteTable", devTable("dev-${aws:PrincipalTag/team}"))]))).toEqual([]);
    for (const version of ["2008-10-17", undefined]) {
      const { statements } = parsePolicyDocument(versioned(version, [allow("dynamodb:DeleteTable", table("${aws:PrincipalTag/team}"))]).policies[0] as PolicySource);
      expect(statements[0]?.resources?.map((r) => r.pattern)).toEqual([table("${aws:PrincipalTag/team}")]);
    }
  });

  it("a Deny on a variable's resource protects nothing it cannot be shown to cover", () => {
    const statements = [allow("dynamodb:DeleteTable", table("*")), { Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: table("${aws:PrincipalTag/team}") }];
    expect(destructive(versioned("2012-10-17", statements))).toHaveLength(1);
  });
});
