/**
 * The deploy gate on DescribeChangeSet answers recorded from real AWS (LocalStack's snapshot
 * tests, `@markers.aws.validated`: test/fixtures/cfn/changesets/README.md), served on the wire as
 * CloudFormation sends them (BeforeContext/AfterContext as JSON text, timestamps). The stack is
 * named orders-prod, so production. Each verdict was decided from AWS's own answer before running:
 * - condition-removes-resource (with and without IncludePropertyValues): a condition turned false
 *   (Action Remove, PolicyAction Delete): an error for SNSTopic; the added topic passes;
 * - add-with-replacement-true: AWS writes Replacement "True" on an Add when property values are
 *   included; a new resource replaces nothing: passes;
 * - replace-by-parameter: a new TopicName (Replacement True, PolicyAction ReplaceAndDelete, caused
 *   by the parameter): an error naming the parameter;
 * - replace-without-policy-action (recorded 2022, before AWS sent PolicyAction): the deployed
 *   template's UpdateReplacePolicy Delete decides: an error;
 * - no-changes (FAILED, "didn't contain changes"): nothing can be executed: passes;
 * - obsolete (ExecutionStatus OBSOLETE) and executed (EXECUTE_COMPLETE): CloudFormation will not
 *   execute either, and the deployed template is no longer the one they were computed against
 *   (their Remove/replacement verdicts would be read against the wrong DeletionPolicy): an input
 *   error each (exit 2), not a pass;
 * - failed-transform (FAILED, AWS::Include failed): cannot be judged: an input error;
 * - mapping-leaf-update: a mapping value feeds DisplayName (Replacement False): passes.
 * Where the fixture has both templates, the pull-request gate (`diff`) must agree with AWS.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runChangeset } from "../../src/cli/changeset.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { gate } from "../cli/gate.js";
import { awsEnv, startStub, type Stub } from "./stub.js";

interface Recorded {
  snapshot: string;
  test: string;
  response: Record<string, unknown>;
  deployedTemplate?: unknown;
  headTemplate?: unknown;
}
const cases = JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/cfn/changesets/localstack-describe-change-set.json"), "utf8")) as Record<string, Recorded>;

const STACK = "orders-prod";
/** The snapshot's placeholders as AWS would have written them; contexts as the JSON text the API returns. */
function onTheWire(response: Record<string, unknown>): unknown {
  const text = JSON.stringify(response)
    .replaceAll("<stack-name:1>", STACK)
    .replaceAll("<partition>", "aws")
    .replaceAll("<region>", "us-east-1")
    .replaceAll('"datetime"', '"2025-04-15T13:51:50.123Z"');
  const value = JSON.parse(text) as { Changes?: { ResourceChange?: Record<string, unknown> }[] };
  for (const change of value.Changes ?? []) {
    const rc = change.ResourceChange ?? {};
    for (const key of ["BeforeContext", "AfterContext"]) if (rc[key] !== undefined) rc[key] = JSON.stringify(rc[key]);
  }
  return value;
}

const policy = resolvePolicy();
let stub: Stub | undefined;
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  await stub?.close();
  stub = undefined;
});

async function gateOn(name: string, allowConditional = false) {
  const recorded = cases[name];
  if (!recorded) throw new Error(`no recorded case ${name}`);
  // One stub at a time, also when a test asks twice.
  restore?.();
  await stub?.close();
  stub = await startStub((req) => {
    switch (req.action) {
      case "DescribeChangeSet":
        return { result: onTheWire(recorded.response) };
      case "DescribeStacks":
        return { result: { Stacks: [{ StackId: `arn:aws:cloudformation:us-east-1:111111111111:stack/${STACK}/1`, StackName: STACK, CreationTime: "2025-04-15T13:50:00Z", StackStatus: "UPDATE_COMPLETE", EnableTerminationProtection: false, Tags: [] }] } };
      case "GetStackPolicy":
        return { result: {} };
      case "GetTemplate":
        return { result: { TemplateBody: JSON.stringify(recorded.deployedTemplate ?? { Resources: {} }) } };
      default:
        return { error: { code: "InvalidAction", message: req.action } };
    }
  });
  restore = awsEnv(stub.url);
  const report = await runChangeset({ format: "json", failOn: "error", stackName: STACK, changeSetName: "cs", allowConditional }, policy);
  return { findings: report.findings.map((f) => [f.severity, f.subject] as const), messages: report.findings.map((f) => f.message), errors: report.errors.map((e) => e.message) };
}

describe("the deploy gate on change sets recorded from AWS", () => {
  test.each(["condition-removes-resource", "condition-removes-resource-no-values"])("%s: the topic a false condition removes is an error", async (name) => {
    const { findings, messages, errors } = await gateOn(name);
    expect(errors).toEqual([]);
    expect(findings).toEqual([["error", `${STACK}/SNSTopic`]]);
    expect(messages[0]).toContain("would be removed; PolicyAction Delete");
  });

  test.each(["add-with-replacement-true", "mapping-leaf-update", "no-changes"])("%s: passes", async (name) => {
    expect(await gateOn(name)).toEqual({ findings: [], messages: [], errors: [] });
  });

  test("replace-by-parameter: an error naming the parameter and PolicyAction ReplaceAndDelete", async () => {
    const { findings, messages, errors } = await gateOn("replace-by-parameter");
    expect(errors).toEqual([]);
    expect(findings).toEqual([["error", `${STACK}/topic123`]]);
    expect(messages[0]).toContain("caused by parameter TopicName");
    expect(messages[0]).toContain("PolicyAction ReplaceAndDelete");
  });

  test("replace-without-policy-action: the deployed UpdateReplacePolicy Delete decides (error)", async () => {
    const { findings, messages, errors } = await gateOn("replace-without-policy-action");
    expect(errors).toEqual([]);
    expect(findings).toEqual([["error", `${STACK}/topic123`]]);
    expect(messages[0]).toContain("UpdateReplacePolicy Delete");
  });

  test.each([
    ["obsolete", /ExecutionStatus is OBSOLETE.*create a new change set/],
    ["executed", /ExecutionStatus is EXECUTE_COMPLETE.*already/],
    ["failed-transform", /status is FAILED.*AWS::Include failed/],
  ])("%s: an input error, never a pass", async (name, message) => {
    const { errors } = await gateOn(name);
    expect(errors).toEqual([expect.stringMatching(message)]);
  });

  test("a created change set CloudFormation cannot execute now (UNAVAILABLE), or with a status it does not document, is an input error too", async () => {
    const obsolete = cases["obsolete"];
    if (!obsolete) throw new Error("no obsolete case");
    cases["unavailable"] = { ...obsolete, response: { ...obsolete.response, ExecutionStatus: "UNAVAILABLE" } };
    const { errors } = await gateOn("unavailable");
    expect(errors).toEqual([expect.stringMatching(/ExecutionStatus is UNAVAILABLE, not AVAILABLE: CloudFormation cannot execute it now .*run the gate again/)]);
    cases["unknown"] = { ...obsolete, response: { ...obsolete.response, ExecutionStatus: "PAUSED" } };
    expect((await gateOn("unknown")).errors).toEqual([expect.stringMatching(/ExecutionStatus is PAUSED, not AVAILABLE: CloudFormation does not say it can be executed/)]);
  });
});

describe("the pull-request gate agrees with AWS on the same two templates", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), "ag-recorded-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test.each([
    // AWS removes SNSTopic (its condition turned false, its own text unchanged): diff says it may be deleted.
    ["condition-removes-resource", 1, [["error", `${STACK}/SNSTopic`]]],
    // AWS updates the topic in place (a mapping value feeds DisplayName): diff passes.
    ["mapping-leaf-update", 0, []],
  ] as const)("%s", async (name, code, expected) => {
    const recorded = cases[name];
    const [base, head] = [path.join(work, `${name}-base.json`), path.join(work, `${name}-head.json`)];
    writeFileSync(base, JSON.stringify(recorded?.deployedTemplate));
    writeFileSync(head, JSON.stringify(recorded?.headTemplate));
    const result = await gate(work, base, head, ["--stack-name", STACK]);
    expect(result.out.errors).toEqual([]);
    expect(result.out.findings.map((f) => [f.severity, f.subject])).toEqual(expected);
    expect(result.code).toBe(code);
  });
});

/**
 * `--allow-conditional` waives a possible replacement, never a removal. AWS answers a condition
 * turned false with Action Remove, which the deploy gate fails with or without it; the pull
 * request's gate, which cannot evaluate the new condition and calls it a possible deletion, must
 * not pass what the deploy gate fails (decided before running: error on both). Before, `diff
 * --allow-conditional` made it a note (exit 0): an agent in a repository that allows conditional
 * replacements could redefine the condition guarding a table and pass the pull-request gate.
 */
describe("--allow-conditional does not waive a condition turned false", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), "ag-recorded-allow-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("the deploy gate: an error", async () => {
    const { findings } = await gateOn("condition-removes-resource", true);
    expect(findings).toEqual([["error", `${STACK}/SNSTopic`]]);
  });

  test("the pull-request gate: an error, as without the option", async () => {
    const recorded = cases["condition-removes-resource"];
    const [base, head] = [path.join(work, "base.json"), path.join(work, "head.json")];
    writeFileSync(base, JSON.stringify(recorded?.deployedTemplate));
    writeFileSync(head, JSON.stringify(recorded?.headTemplate));
    const result = await gate(work, base, head, ["--stack-name", STACK, "--allow-conditional"]);
    expect(result.out.errors).toEqual([]);
    expect(result.out.findings.map((f) => [f.severity, f.subject])).toEqual([["error", `${STACK}/SNSTopic`]]);
    expect(result.out.findings[0]?.message).toContain("possibly deleted (its Condition changes");
    expect(result.out.findings[0]?.message).not.toContain("allowed by --allow-conditional");
    expect(result.code).toBe(1);
  });
});
