/**
 * An IAM policy as a user saves it from the AWS CLI or an SDK: the whole answer of the call, not
 * the bare document (`aws iam get-role-policy ... > policy.json`, `get-user-policy`,
 * `get-group-policy`, `get-policy-version`; the shapes of the AWS CLI reference's examples and of
 * an SDK's PolicyVersion, whose Document is URL-encoded). Expected before running: each is read
 * as the policy it holds, evaluated as a bare document is (as if attached to an agent role in a
 * production account: the file holds no role's tags or trust), with evidence at the document's
 * statements; before, each was "not a recognized input" when named and silently skipped when
 * walked, an AdministratorAccess-like document included.
 */
import { stringify } from "yaml";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { readPolicyDocumentFile } from "../../../src/core/iam/policy-file.js";
import { detectKind } from "../../../src/core/inputs.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { catalogue, policy } from "./helpers.js";

const destructive = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:DeleteTable", "dynamodb:GetItem"], Resource: "*" }] };
const readOnly = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: "*" }] };

function scan(file: string, text: string) {
  const parsed = parseSource(text);
  expect(detectKind(parsed.value)).toBe("policy-document");
  const read = readPolicyDocumentFile(parsed.value, file, parsed.lineOf);
  const evaluated = evaluateIam(read.input, policy, catalogue);
  return { errors: [...read.errors, ...evaluated.errors], findings: evaluated.findings, lines: text.split("\n") };
}

const responses: [string, (document: unknown) => unknown, string][] = [
  ["get-role-policy", (d) => ({ RoleName: "app-deployer", PolicyDocument: d, PolicyName: "deploy" }), "/PolicyDocument/Statement/0"],
  ["get-user-policy", (d) => ({ UserName: "ci-bot", PolicyName: "deploy", PolicyDocument: d }), "/PolicyDocument/Statement/0"],
  ["get-group-policy", (d) => ({ GroupName: "deployers", PolicyName: "deploy", PolicyDocument: d }), "/PolicyDocument/Statement/0"],
  ["get-policy-version", (d) => ({ PolicyVersion: { Document: d, VersionId: "v2", IsDefaultVersion: true, CreateDate: "2023-04-11T00:22:54+00:00" } }), "/PolicyVersion/Document/Statement/0"],
  ["an SDK's PolicyVersion", (d) => ({ Document: d, VersionId: "v1", IsDefaultVersion: true }), "/Document/Statement/0"],
];

describe.each(responses)("aws iam %s output", (call, wrap, pointer) => {
  it("a destructive document is flagged, with the line of its statement", () => {
    const text = JSON.stringify(wrap(destructive), null, 4);
    const { errors, findings, lines } = scan(`${call}.json`, text);
    expect(errors).toEqual([]);
    const finding = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(finding?.actions).toEqual(["dynamodb:DeleteTable"]);
    const evidence = finding?.evidence.find((e) => e.pointer === pointer);
    expect(evidence?.file).toBe(`${call}.json`);
    // The statement's line: its opening brace, right after `"Statement": [`.
    expect(lines[(evidence?.line ?? 0) - 2]).toMatch(/"Statement": \[$/);
  });

  it("a read-only document reports nothing", () => {
    expect(scan(`${call}.json`, JSON.stringify(wrap(readOnly), null, 2))).toMatchObject({ errors: [], findings: [] });
  });

  it("as YAML (--output yaml), and with the document URL-encoded as the IAM API returns it", () => {
    const yaml = scan(`${call}.yaml`, stringify(wrap(destructive)));
    expect(yaml.findings.map((f) => f.actions)).toEqual([["dynamodb:DeleteTable"]]);
    const encoded = scan(`${call}-sdk.json`, JSON.stringify(wrap(encodeURIComponent(JSON.stringify(destructive)))));
    expect(encoded.errors).toEqual([]);
    expect(encoded.findings.map((f) => f.actions)).toEqual([["dynamodb:DeleteTable"]]);
  });

  it("a document that is not one (null, a number) allows everything (fail closed), with an error naming the file", () => {
    const { errors, findings } = scan(`${call}.json`, JSON.stringify(wrap(null)));
    expect(errors).toEqual([expect.objectContaining({ file: `${call}.json`, message: expect.stringContaining("not an object; treated as allowing everything") })]);
    expect(findings.length).toBeGreaterThan(0);
  });
});

test("the finding names the role, user or group and the call, and says why it is judged as an agent's", () => {
  const message = (call: string, answer: unknown) => scan(`${call}.json`, JSON.stringify(answer, null, 2)).findings[0]?.message;
  expect(message("role-policy", { RoleName: "app-deployer", PolicyName: "deploy", PolicyDocument: destructive })).toMatch(/^Policy deploy of role app-deployer \(aws iam get-role-policy output in role-policy\.json\), if that role is an agent's, can delete/);
  expect(message("group-policy", { GroupName: "deployers", PolicyName: "deploy", PolicyDocument: destructive })).toMatch(/^Policy deploy of group deployers \(aws iam get-group-policy output in group-policy\.json\), if an agent is in that group, can delete/);
  expect(message("version", { PolicyVersion: { Document: destructive, VersionId: "v3" } })).toMatch(/^Policy version v3 \(aws iam get-policy-version output in version\.json\), if attached to an agent role, can delete/);
});

test("answers that hold no document, or a document of no identity policy, are not read as one", () => {
  // create-policy-version and get-role answer without a permissions document.
  expect(detectKind({ PolicyVersion: { VersionId: "v2", IsDefaultVersion: true, CreateDate: "2023-04-11T00:22:54+00:00" } })).toBeUndefined();
  expect(detectKind({ Role: { RoleName: "r", AssumeRolePolicyDocument: { Statement: [] } } })).toBeUndefined();
  // A CloudFormation AWS::IAM::RolePolicy's properties naming the role by intrinsic: a fragment, not an answer.
  expect(detectKind({ PolicyName: "p", RoleName: { Ref: "Role" }, PolicyDocument: destructive })).toBeUndefined();
});
