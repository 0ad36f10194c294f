/**
 * Every AWS call that can fail turns into an input error naming the call (exit 2), never into a
 * pass: the change-set reader's DescribeStacks / GetStackPolicy / GetTemplate, a change set that is
 * not CREATE_COMPLETE, a role that cannot be assumed (changeset, audit), an organization that
 * cannot be listed. Each case is one loopback AWS endpoint answering in AWS's wire format.
 */
import { runChangeset } from "../../src/cli/changeset.js";
import { runAudit } from "../../src/cli/audit.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { cli } from "./cli.js";
import { awsEnv, startStub, type Stub, type StubReply, type StubRequest } from "./stub.js";

const policy = resolvePolicy();
const ACCOUNT = "111111111111";
const STACK = "orders-prod";
const CHANGE_SET_ARN = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:changeSet/${STACK}-cs/7a2f4b1c-9d3e-4f5a-8b6c-1d2e3f4a5b6c`;
const STACK_ARN = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/${STACK}/5b8c1e40-2a3f-11f0-9c7e-0affd1e2c3b4`;
const accessDenied = (action: string): StubReply => ({
  error: { code: "AccessDenied", message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/gate/ci is not authorized to perform: cloudformation:${action}`, status: 403 },
});

let stub: Stub;
let restore: () => void;
afterEach(async () => {
  restore?.();
  await stub?.close();
});

/** A production stack whose change set replaces its table; `override` answers some calls differently. */
async function serve(override: (req: StubRequest) => StubReply | undefined = () => undefined): Promise<void> {
  stub = await startStub((req): StubReply => {
    const replaced = override(req);
    if (replaced) return replaced;
    switch (req.action) {
      case "DescribeChangeSet":
        return {
          result: {
            ChangeSetName: `${STACK}-cs`,
            ChangeSetId: CHANGE_SET_ARN,
            StackId: STACK_ARN,
            StackName: STACK,
            ExecutionStatus: "AVAILABLE",
            Status: "CREATE_COMPLETE",
            Changes: [{ Type: "Resource", ResourceChange: { Action: "Modify", LogicalResourceId: "OrdersTable", PhysicalResourceId: "orders", ResourceType: "AWS::DynamoDB::Table", Replacement: "True", Scope: ["Properties"], Details: [] } }],
          },
        };
      case "DescribeStacks":
        return { result: { Stacks: [{ StackId: STACK_ARN, StackName: STACK, CreationTime: "2025-01-01T00:00:00Z", StackStatus: "UPDATE_COMPLETE", EnableTerminationProtection: true, Tags: [] }] } };
      case "GetStackPolicy":
        return { result: {} };
      case "GetTemplate":
        return { result: { TemplateBody: JSON.stringify({ Resources: { OrdersTable: { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain" } } }) } };
      default:
        return { error: { code: "InvalidAction", message: req.action } };
    }
  });
  restore = awsEnv(stub.url);
}

const gate = () => runChangeset({ format: "json", failOn: "error", stackName: STACK, changeSetName: `${STACK}-cs` }, policy);

describe("changeset: every failed read is an error naming the call", () => {
  test.each([
    ["DescribeStacks", /^access denied: DescribeStacks needs the IAM permission cloudformation:DescribeStacks/],
    ["GetStackPolicy", /^access denied: GetStackPolicy needs the IAM permission cloudformation:GetStackPolicy/],
    ["GetTemplate", /^stack template not read, DeletionPolicy unknown: access denied: GetTemplate needs the IAM permission cloudformation:GetTemplate/],
  ])("%s denied: an error on the stack, and the replaced table still fails", async (action, message) => {
    await serve((req) => (req.action === action ? accessDenied(action) : undefined));
    const report = await gate();
    expect(report.errors).toEqual([{ file: `cloudformation:${STACK}`, message: expect.stringMatching(message) }]);
    expect(report.findings.map((f) => [f.rule, f.severity, f.subject])).toEqual([["changeset-destroys-prod", "error", `${STACK}/OrdersTable`]]);
  });

  test("a template without Resources is an error (DeletionPolicy unknown), not an empty stack", async () => {
    await serve((req) => (req.action === "GetTemplate" ? { result: { TemplateBody: JSON.stringify({ Description: "no resources" }) } } : undefined));
    const report = await gate();
    expect(report.errors).toEqual([{ file: `cloudformation:${STACK}`, message: "stack template not read, DeletionPolicy unknown: GetTemplate failed: Error: the stack's template has no Resources" }]);
  });

  test.each(["CREATE_PENDING", "CREATE_IN_PROGRESS", "FAILED"])("a change set with status %s is not final: an error", async (status) => {
    await serve((req) =>
      req.action === "DescribeChangeSet" ? { result: { ChangeSetName: `${STACK}-cs`, ChangeSetId: CHANGE_SET_ARN, StackName: STACK, Status: status, Changes: [] } } : undefined,
    );
    const report = await gate();
    const wait = status === "FAILED" ? "" : " (wait for it: aws cloudformation wait change-set-create-complete)";
    expect(report.errors).toEqual([{ file: `cloudformation:${STACK}:${STACK}-cs`, message: `change set status is ${status}, not CREATE_COMPLETE: its changes are not final${wait}` }]);
    expect(await cli(["changeset", "--stack-name", STACK, "--change-set-name", `${STACK}-cs`, "--format", "json", "--output", "/dev/null"])).toBe(2);
  });

  // Every DescribeChangeSet answer AWS gives names both (test/fixtures/cfn/changesets: recorded
  // and documented answers); the model makes every member optional, so an answer without one (a
  // proxy, an emulator, a truncated page) must not be read as a change set that is final and executable.
  test.each([
    ["Status", { ExecutionStatus: "AVAILABLE" }, "CloudFormation's answer gives the change set no Status: whether its changes are final is unknown (fail closed)"],
    ["ExecutionStatus", { Status: "CREATE_COMPLETE" }, "CloudFormation's answer gives the change set no ExecutionStatus: whether it can be executed as computed is unknown (fail closed)"],
  ])("an answer without %s is an error, never a final change set", async (_member, header, message) => {
    await serve((req) =>
      req.action === "DescribeChangeSet" ? { result: { ChangeSetName: `${STACK}-cs`, ChangeSetId: CHANGE_SET_ARN, StackName: STACK, ...header, Changes: [] } } : undefined,
    );
    const report = await gate();
    expect(report.errors).toEqual([{ file: `cloudformation:${STACK}:${STACK}-cs`, message }]);
    expect(report.findings).toEqual([]);
  });

  // Decided before running: a later page that leaves Status out does not erase what the first page
  // said (CREATE_PENDING: not final).
  test("a last page that leaves Status out keeps the first page's: not final", async () => {
    await serve((req) => {
      if (req.action !== "DescribeChangeSet") return undefined;
      if (req.params["NextToken"] !== "p2") return { result: { ChangeSetName: `${STACK}-cs`, ChangeSetId: CHANGE_SET_ARN, StackName: STACK, Status: "CREATE_PENDING", ExecutionStatus: "UNAVAILABLE", Changes: [], NextToken: "p2" } };
      return { result: { ChangeSetName: `${STACK}-cs`, ChangeSetId: CHANGE_SET_ARN, StackName: STACK, Changes: [] } };
    });
    const paged = await gate();
    expect(paged.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^change set status is CREATE_PENDING, not CREATE_COMPLETE/)]);
  });

  test("a role that cannot be assumed: an AssumeRole error and nothing read", async () => {
    await serve((req) => (req.action === "AssumeRole" ? { error: { code: "AccessDenied", message: "not authorized to perform: sts:AssumeRole", status: 403 } } : undefined));
    const report = await runChangeset({ format: "json", failOn: "error", stackName: STACK, changeSetName: `${STACK}-cs`, roleArn: `arn:aws:iam::${ACCOUNT}:role/gate` }, policy);
    expect(report.errors).toEqual([{ file: "aws:sts:AssumeRole", message: expect.stringMatching(/^access denied: AssumeRole needs the IAM permission sts:AssumeRole/) }]);
    expect(report.inputs).toBe(0);
    expect(stub.requests.map((r) => r.action)).toEqual(["AssumeRole"]);
  });
});

describe("audit: failures before any read", () => {
  test("a role that cannot be assumed is an error naming the role", async () => {
    await serve((req) => (req.action === "AssumeRole" ? { error: { code: "AccessDenied", message: "not authorized to perform: sts:AssumeRole", status: 403 } } : undefined));
    const report = await runAudit({ format: "json", failOn: "error", roleArn: `arn:aws:iam::${ACCOUNT}:role/auditor` }, policy);
    expect(report.errors).toEqual([{ file: "aws:sts:AssumeRole", message: expect.stringMatching(new RegExp(`^access denied: AssumeRole .*\\(role arn:aws:iam::${ACCOUNT}:role/auditor\\)$`)) }]);
    expect(report.findings).toEqual([]);
  });

  test("an organization that cannot be listed is an error, not an empty organization", async () => {
    await serve((req) =>
      req.action === "ListAccounts" ? { error: { code: "AWSOrganizationsNotInUseException", message: "Your account is not a member of an organization.", status: 400 } } : undefined,
    );
    const report = await runAudit({ format: "json", failOn: "error", organization: true, roleName: "OrganizationAccountAccessRole" }, policy);
    expect(report.errors).toEqual([{ file: "organizations:ListAccounts", message: expect.stringMatching(/^ListAccounts failed: AWSOrganizationsNotInUseException/) }]);
    expect(report.inputs).toBe(0);
  });
});

describe("pages without end", () => {
  // As in test/aws/account-details-pages.test.ts: a token given twice is an error, not a read for ever
  // (the stub refuses past 20 pages, so the unfixed read fails here instead of hanging).
  test("a change set whose NextToken comes back again is an error naming it", async () => {
    let asked = 0;
    await serve((req) => {
      if (req.action !== "DescribeChangeSet") return undefined;
      if (++asked > 20) return { error: { code: "Throttling", status: 400, message: "paged for ever" } };
      return { result: { ChangeSetName: `${STACK}-cs`, ChangeSetId: CHANGE_SET_ARN, StackName: STACK, ExecutionStatus: "AVAILABLE", Status: "CREATE_COMPLETE", Changes: [], NextToken: "same" } };
    });
    const report = await gate();
    expect(report.errors).toEqual([{ file: `cloudformation:${STACK}:${STACK}-cs`, message: "DescribeChangeSet failed: Error: DescribeChangeSet returned the NextToken same a second time: its pages would repeat without end (cannot read them all)" }]);
    expect(asked).toBe(2);
  });

  test("an organization whose ListAccounts NextToken comes back again is an error, not a list", async () => {
    let asked = 0;
    await serve((req) => {
      if (req.action !== "ListAccounts") return undefined;
      if (++asked > 20) return { error: { code: "TooManyRequestsException", status: 400, message: "paged for ever" } };
      return { result: { Accounts: [], NextToken: "same" } };
    });
    const report = await runAudit({ format: "json", failOn: "error", organization: true, roleName: "OrganizationAccountAccessRole" }, policy);
    expect(report.errors).toEqual([{ file: "organizations:ListAccounts", message: "ListAccounts failed: Error: ListAccounts returned the NextToken same a second time: its pages would repeat without end (cannot read them all)" }]);
    expect(report.inputs).toBe(0);
    expect(asked).toBe(2);
  });
});

describe("changeset: sparse and unusual answers", () => {
  /**
   * Replacement is optional in the API model, and CloudFormation derives it from the details'
   * RequiresRecreation (DescribeChangeSet API reference, ResourceChange.Replacement). Decided before
   * running: a Modify without Replacement whose details say Always is a replacement (error),
   * Conditionally a possible one (error without --allow-conditional); with details that say Never it
   * still passes, as test/core/cfn/changeset-messages.test.ts decided.
   */
  test("a Modify without Replacement is judged by its details' RequiresRecreation", async () => {
    const modify = (LogicalResourceId: string, RequiresRecreation: string) => ({
      Type: "Resource",
      ResourceChange: { Action: "Modify", LogicalResourceId, PhysicalResourceId: LogicalResourceId.toLowerCase(), ResourceType: "AWS::DynamoDB::Table", Details: [{ Target: { Attribute: "Properties", Name: "TableName", RequiresRecreation }, Evaluation: "Static", ChangeSource: "DirectModification" }] },
    });
    await serve((req) =>
      req.action === "DescribeChangeSet"
        ? { result: { ChangeSetName: `${STACK}-cs`, ChangeSetId: CHANGE_SET_ARN, StackName: STACK, Status: "CREATE_COMPLETE", ExecutionStatus: "AVAILABLE", Changes: [modify("Orders", "Always"), modify("Invoices", "Conditionally"), modify("Tags", "Never")] } }
        : undefined,
    );
    const report = await gate();
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => [f.severity, f.subject, /would be (replaced|possibly replaced)/.exec(f.message)?.[0]])).toEqual([
      ["error", `${STACK}/Orders`, "would be replaced"],
      ["error", `${STACK}/Invoices`, "would be possibly replaced"],
    ]);
  });

  test("changes that are not resources are skipped; a resource change without ids or type keeps a stable subject and fails closed", async () => {
    await serve((req) =>
      req.action === "DescribeChangeSet"
        ? {
            result: {
              ChangeSetName: `${STACK}-cs`,
              ChangeSetId: CHANGE_SET_ARN,
              StackName: STACK,
              ExecutionStatus: "AVAILABLE",
              Status: "CREATE_COMPLETE",
              Changes: [
                { Type: "Output" },
                { Type: "Resource", ResourceChange: { Action: "Remove", Details: [{ Evaluation: "Static" }] } },
              ],
            },
          }
        : undefined,
    );
    const report = await gate();
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => [f.severity, f.subject])).toEqual([["error", `${STACK}/Changes[1]`]]);
  });

  test("a removed nested stack is not descended into; a YAML stack template is read", async () => {
    await serve((req) => {
      if (req.action === "GetTemplate") return { result: { TemplateBody: "Resources:\n  Data:\n    Type: AWS::CloudFormation::Stack\n    DeletionPolicy: Retain\n" } };
      if (req.action === "DescribeChangeSet") {
        return {
          result: {
            ChangeSetName: `${STACK}-cs`,
            ChangeSetId: CHANGE_SET_ARN,
            StackName: STACK,
            ExecutionStatus: "AVAILABLE",
            Status: "CREATE_COMPLETE",
            Changes: [{ Type: "Resource", ResourceChange: { Action: "Remove", LogicalResourceId: "Data", ResourceType: "AWS::CloudFormation::Stack", ChangeSetId: `${CHANGE_SET_ARN}-nested`, Details: [] } }],
          },
        };
      }
      return undefined;
    });
    const report = await gate();
    expect(stub.requests.filter((r) => r.action === "DescribeChangeSet")).toHaveLength(1);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => f.subject)).toEqual([`${STACK}/Data`]);
  });

  test("nested change sets deeper than 10 levels are an error, not silently skipped", async () => {
    // Every change set holds one modified nested stack whose change set is the next level.
    await serve((req) =>
      req.action === "DescribeChangeSet"
        ? {
            result: {
              ChangeSetName: "cs",
              ChangeSetId: `${CHANGE_SET_ARN}-${req.params["ChangeSetName"]?.length ?? 0}`,
              StackName: STACK,
              ExecutionStatus: "AVAILABLE",
              Status: "CREATE_COMPLETE",
              Changes: [{ Type: "Resource", ResourceChange: { Action: "Modify", LogicalResourceId: "Nested", PhysicalResourceId: STACK, ResourceType: "AWS::CloudFormation::Stack", Replacement: "False", ChangeSetId: `${req.params["ChangeSetName"]}x`, Details: [] } }],
            },
          }
        : undefined,
    );
    const report = await gate();
    expect(report.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^nested change set .* deeper than 10 levels not read$/)]);
    expect(stub.requests.filter((r) => r.action === "DescribeChangeSet")).toHaveLength(11);
  });

  test("DescribeStacks listing no stack: an error (tags and protection unknown, not 'none'), the replaced table still fails", async () => {
    await serve((req) => (req.action === "DescribeStacks" ? { result: { Stacks: [] } } : undefined));
    const report = await gate();
    expect(report.errors).toEqual([{ file: `cloudformation:${STACK}`, message: "DescribeStacks failed: Error: no stack in the answer: its tags and termination protection are unknown" }]);
    expect(report.findings.map((f) => [f.severity, f.subject])).toEqual([["error", `${STACK}/OrdersTable`]]);
  });

  test("a stack template GetTemplate returns without a body: DeletionPolicy unknown (an error), the retained table is not assumed kept", async () => {
    await serve((req) => (req.action === "GetTemplate" ? { result: {} } : undefined));
    const report = await gate();
    expect(report.errors).toEqual([{ file: `cloudformation:${STACK}`, message: expect.stringMatching(/^stack template not read, DeletionPolicy unknown: /) }]);
    expect(report.findings.map((f) => [f.severity, f.subject])).toEqual([["error", `${STACK}/OrdersTable`]]);
  });

  test("a change set in pages: every page is read (a change on the second page is judged)", async () => {
    await serve((req) => {
      if (req.action !== "DescribeChangeSet") return undefined;
      // Every page repeats the change set's header (Status, ExecutionStatus), as AWS sends it.
      if (req.params["NextToken"] !== "p2") return { result: { ChangeSetName: `${STACK}-cs`, ExecutionStatus: "AVAILABLE", Status: "CREATE_COMPLETE", NextToken: "p2" } };
      return {
        result: {
          ChangeSetName: `${STACK}-cs`,
          ChangeSetId: CHANGE_SET_ARN,
          StackName: STACK,
          ExecutionStatus: "AVAILABLE",
          Status: "CREATE_COMPLETE",
          Changes: [{ Type: "Resource", ResourceChange: { Action: "Remove", LogicalResourceId: "Ledger", ResourceType: "AWS::DynamoDB::Table", Details: [] } }],
        },
      };
    });
    const report = await gate();
    expect(stub.requests.filter((r) => r.action === "DescribeChangeSet").map((r) => r.params["NextToken"])).toEqual([undefined, "p2"]);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => [f.severity, f.subject])).toEqual([["error", `${STACK}/Ledger`]]);
  });
});
