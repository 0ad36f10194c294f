import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, RemovalPolicy, Stack, Tags } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as sns from "aws-cdk-lib/aws-sns";
import { runChangeset } from "../../src/cli/changeset.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { cli } from "./cli.js";
import { awsEnv, READ_ONLY_NAME, startStub, type Stub, type StubReply } from "./stub.js";

const policy = resolvePolicy();
const ACCOUNT = "111111111111";
let stub: Stub;
let restore: () => void;
afterEach(async () => {
  restore?.();
  await stub?.close();
});

const changeSetArn = (stack: string, name: string): string => `arn:aws:cloudformation:us-east-1:${ACCOUNT}:changeSet/${name}/7a2f4b1c-9d3e-4f5a-8b6c-1d2e3f4a5b6c`;
const stackArn = (stack: string): string => `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/${stack}/5b8c1e40-2a3f-11f0-9c7e-0affd1e2c3b4`;

interface Change {
  Action: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  Replacement?: string;
  Details?: { Target: { Attribute: string; Name?: string; RequiresRecreation: string }; Evaluation: string; ChangeSource: string; CausingEntity?: string }[];
  ChangeSetId?: string;
  PolicyAction?: string;
}

const tableReplaced: Change = {
  Action: "Modify",
  LogicalResourceId: "OrdersTable",
  PhysicalResourceId: "orders",
  ResourceType: "AWS::DynamoDB::Table",
  Replacement: "True",
  Details: [
    { Target: { Attribute: "Properties", Name: "KeySchema", RequiresRecreation: "Always" }, Evaluation: "Static", ChangeSource: "DirectModification" },
    { Target: { Attribute: "Properties", Name: "BillingMode", RequiresRecreation: "Never" }, Evaluation: "Static", ChangeSource: "DirectModification" },
  ],
};

interface StackDef {
  changes: Change[];
  tags?: Record<string, string>;
  template?: Record<string, unknown>;
  protectedStack?: boolean;
  pageSize?: number;
  status?: string;
  statusReason?: string;
  stackStatus?: string;
  /** The change set's Tags (what the stack gets when it runs); absent when made without tags. */
  changeSetTags?: Record<string, string>;
  /** The change set's own template (GetTemplate with ChangeSetName); "error": GetTemplate refuses. */
  changeSetTemplate?: Record<string, unknown> | "error";
}

async function serve(stacks: Record<string, StackDef>): Promise<void> {
  stub = await startStub((req): StubReply => {
    const p = req.params;
    const name = Object.keys(stacks).find((s) => p["ChangeSetName"] === changeSetArn(s, `${s}-cs`)) ?? Object.keys(stacks).find((s) => p["StackName"] === s || p["StackName"] === stackArn(s));
    const def = name ? stacks[name] : undefined;
    if (!name || !def) return { error: { code: "ValidationError", message: `Stack [${p["StackName"]}] does not exist` } };
    switch (req.action) {
      case "DescribeChangeSet": {
        const size = def.pageSize ?? 100;
        const start = Number(p["NextToken"] ?? 0);
        const page = def.changes.slice(start, start + size);
        const next = start + size < def.changes.length ? String(start + size) : undefined;
        return {
          result: {
            ChangeSetName: `${name}-cs`,
            ChangeSetId: changeSetArn(name, `${name}-cs`),
            StackId: stackArn(name),
            StackName: name,
            ExecutionStatus: def.status === "FAILED" ? "UNAVAILABLE" : "AVAILABLE",
            Status: def.status ?? "CREATE_COMPLETE",
            ...(def.statusReason ? { StatusReason: def.statusReason } : {}),
            CreationTime: "2026-11-25T07:12:44.123Z",
            NotificationARNs: [],
            Capabilities: [],
            IncludeNestedStacks: true,
            ...(def.changeSetTags ? { Tags: Object.entries(def.changeSetTags).map(([Key, Value]) => ({ Key, Value })) } : {}),
            Changes: page.map((c) => ({ Type: "Resource", ResourceChange: { ...c, Scope: c.Details ? ["Properties"] : [], Details: c.Details ?? [] } })),
            ...(next ? { NextToken: next } : {}),
          },
        };
      }
      case "DescribeStacks":
        return { result: { Stacks: [{ StackId: stackArn(name), StackName: name, CreationTime: "2025-01-01T00:00:00Z", StackStatus: def.stackStatus ?? "UPDATE_COMPLETE", EnableTerminationProtection: def.protectedStack === true, Tags: Object.entries(def.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) }] } };
      case "GetStackPolicy":
        return { result: {} };
      case "GetTemplate":
        if (p["ChangeSetName"] !== undefined) {
          if (def.changeSetTemplate === "error") return { error: { code: "AccessDenied", message: "not authorized to perform: cloudformation:GetTemplate" } };
          if (def.changeSetTemplate) return { result: { TemplateBody: JSON.stringify(def.changeSetTemplate), StagesAvailable: ["Original", "Processed"] } };
        }
        // A stack that was never deployed has no template to return.
        if (def.stackStatus === "REVIEW_IN_PROGRESS") return { error: { code: "ValidationError", message: `Stack with id ${name} does not exist` } };
        return { result: { TemplateBody: JSON.stringify(def.template ?? { Resources: {} }), StagesAvailable: ["Original", "Processed"] } };
      default:
        return { error: { code: "InvalidAction", message: req.action } };
    }
  });
  restore = awsEnv(stub.url);
}

const run = (stack: string, allowConditional = false) => runChangeset({ format: "json", failOn: "error", stackName: stack, changeSetName: `${stack}-cs`, allowConditional }, policy);

describe("changeset gate on the wire", () => {
  test("a replaced DynamoDB table in production fails, naming the property that forces replacement and the protections", async () => {
    await serve({ "orders-prod": { changes: [tableReplaced], template: { Resources: { OrdersTable: { Type: "AWS::DynamoDB::Table" } } } } });
    const report = await run("orders-prod");
    expect(report.errors).toEqual([]);
    expect(report.findings).toHaveLength(1);
    const f = report.findings[0];
    expect(f).toMatchObject({ rule: "changeset-destroys-prod", severity: "error", subject: "orders-prod/OrdersTable" });
    expect(f?.message).toContain("replaced because KeySchema (RequiresRecreation: Always) changes");
    expect(f?.message).toContain("termination protection off, stack policy none");
    expect(f?.evidence[0]).toEqual({ arn: changeSetArn("orders-prod", "orders-prod-cs"), pointer: "/Changes/0/ResourceChange" });
    for (const r of stub.requests) expect(r.action).toMatch(READ_ONLY_NAME);
  });

  test("a change set that retags a production stack non-production fails; the same tags, or none given, pass", async () => {
    // Verdicts written first: "orders" is production by its Environment=prod tag (no token in its
    // name). A change set whose Tags say Environment=dev changes only a function, but once run the
    // stack's table could be removed by the next change set unseen: one error for the stack. CDK
    // passes the stack's tags with every change set (the same tags: no finding); a change set made
    // without tags leaves them as they are (no finding).
    const fnUpdated: Change = { Action: "Modify", LogicalResourceId: "Fn", ResourceType: "AWS::Lambda::Function", Replacement: "False" };
    const template = { Resources: { Fn: { Type: "AWS::Lambda::Function" }, OrdersTable: { Type: "AWS::DynamoDB::Table" } } };
    await serve({ orders: { changes: [fnUpdated], template, tags: { Environment: "prod" }, changeSetTags: { Environment: "dev" } } });
    const retagged = await run("orders");
    expect(retagged.errors).toEqual([]);
    expect(retagged.findings.map((f) => [f.severity, f.subject])).toEqual([["error", "orders"]]);
    expect(retagged.findings[0]?.message).toContain("Production stack orders would stop being production: its environment tag names a non-production environment (as deployed it is production: tag Environment=prod)");
    expect(retagged.findings[0]?.evidence).toEqual([{ arn: changeSetArn("orders", "orders-cs"), pointer: "/Tags" }]);
    restore();
    await stub.close();
    await serve({ orders: { changes: [fnUpdated], template, tags: { Environment: "prod" }, changeSetTags: { Environment: "prod" } } });
    expect((await run("orders")).findings).toEqual([]);
    restore();
    await stub.close();
    await serve({ orders: { changes: [fnUpdated], template, tags: { Environment: "prod" } } });
    expect((await run("orders")).findings).toEqual([]);
  });

  test("the same change in staging passes", async () => {
    await serve({ "orders-staging": { changes: [tableReplaced], tags: { Environment: "staging" } } });
    const report = await run("orders-staging");
    expect(report.errors).toEqual([]);
    expect(report.findings).toEqual([]);
  });

  test("a removed bucket with DeletionPolicy Retain passes and is reported", async () => {
    await serve({
      "assets-prod": {
        changes: [{ Action: "Remove", LogicalResourceId: "AssetsBucket", PhysicalResourceId: "assets-prod-bucket", ResourceType: "AWS::S3::Bucket" }],
        template: { Resources: { AssetsBucket: { Type: "AWS::S3::Bucket", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" } } },
        protectedStack: true,
      },
    });
    const report = await run("assets-prod");
    expect(report.findings).toEqual([expect.objectContaining({ severity: "note", subject: "assets-prod/AssetsBucket", message: expect.stringContaining("kept by DeletionPolicy Retain") })]);
    expect(report.findings[0]?.message).toContain("termination protection on");
  });

  test("a removed bucket without Retain fails", async () => {
    await serve({ "assets-prod": { changes: [{ Action: "Remove", LogicalResourceId: "AssetsBucket", ResourceType: "AWS::S3::Bucket" }], template: { Resources: { AssetsBucket: { Type: "AWS::S3::Bucket" } } } } });
    const report = await run("assets-prod");
    expect(report.findings).toEqual([expect.objectContaining({ severity: "error", message: expect.stringContaining("DeletionPolicy Delete (default)") })]);
  });

  test("conditional replacement fails unless --allow-conditional, which still reports it", async () => {
    const conditional: Change = {
      Action: "Modify", LogicalResourceId: "Database", PhysicalResourceId: "orders-db", ResourceType: "AWS::RDS::DBInstance", Replacement: "Conditional",
      Details: [{ Target: { Attribute: "Properties", Name: "DBSnapshotIdentifier", RequiresRecreation: "Conditionally" }, Evaluation: "Dynamic", ChangeSource: "ParameterReference" }],
    };
    await serve({ "orders-prod": { changes: [conditional], template: { Resources: { Database: { Type: "AWS::RDS::DBInstance" } } } } });
    expect((await run("orders-prod")).findings.map((f) => f.severity)).toEqual(["error"]);
    const allowed = await run("orders-prod", true);
    expect(allowed.findings.map((f) => f.severity)).toEqual(["note"]);
    expect(allowed.findings[0]?.message).toContain("DBSnapshotIdentifier (RequiresRecreation: Conditionally)");
  });

  test("nested stack: the nested change set is read (all pages) and its replaced table fails", async () => {
    const nestedArn = changeSetArn("orders-prod-DataNested-1A2B3C", "orders-prod-DataNested-1A2B3C-cs");
    await serve({
      "orders-prod": {
        changes: [{ Action: "Modify", LogicalResourceId: "DataNested", PhysicalResourceId: stackArn("orders-prod-DataNested-1A2B3C"), ResourceType: "AWS::CloudFormation::Stack", Replacement: "False", ChangeSetId: nestedArn }],
        template: { Resources: { DataNested: { Type: "AWS::CloudFormation::Stack" } } },
      },
      "orders-prod-DataNested-1A2B3C": {
        changes: [
          { Action: "Add", LogicalResourceId: "NewQueue", ResourceType: "AWS::SQS::Queue" },
          { Action: "Modify", LogicalResourceId: "Fn", ResourceType: "AWS::Lambda::Function", Replacement: "False" },
          tableReplaced,
        ],
        pageSize: 2,
        template: { Resources: { OrdersTable: { Type: "AWS::DynamoDB::Table" } } },
      },
    });
    const report = await run("orders-prod");
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => f.subject)).toEqual(["orders-prod-DataNested-1A2B3C/OrdersTable"]);
    const nestedCalls = stub.requests.filter((r) => r.action === "DescribeChangeSet" && r.params["ChangeSetName"] === nestedArn);
    expect(nestedCalls.map((r) => r.params["NextToken"])).toEqual([undefined, "2"]);
  });

  test("a custom resource of unknown type fails closed", async () => {
    await serve({
      "orders-prod": {
        changes: [{ Action: "Modify", LogicalResourceId: "SeedData", ResourceType: "Custom::TableSeeder", Replacement: "False", Details: [{ Target: { Attribute: "Properties", Name: "Version", RequiresRecreation: "Never" }, Evaluation: "Static", ChangeSource: "DirectModification" }] }],
        template: { Resources: { SeedData: { Type: "Custom::TableSeeder" } } },
      },
    });
    const report = await run("orders-prod");
    expect(report.findings).toEqual([expect.objectContaining({ severity: "error", message: expect.stringContaining("Custom::TableSeeder whose handler CloudFormation cannot describe") })]);
  });

  /**
   * An AwsCustomResource the change set adds: DescribeChangeSet says only "Add Custom::AWS"; what
   * its handler calls is in the change set's template (GetTemplate with ChangeSetName). Verdicts
   * written first: a Create that deletes a table fails, at the call; a lookup passes; a template
   * that cannot be read fails closed (an input error, and the added resource an error); a removed
   * one is judged by its Delete in the deployed template.
   */
  test("an added AwsCustomResource is judged by the calls in the change set's template", async () => {
    const handler = { "Fn::GetAtt": ["AWS679f53fac002430cb0da5b7982bd22872D164C4C", "Arn"] };
    const cr = (call: object) => ({ Type: "Custom::AWS", Properties: { ServiceToken: handler, Create: JSON.stringify(call) } });
    // SearchPolicy: aws-cdk-lib's Custom::OpenSearchAccessPolicy, updateDomainConfig (T2) on the domain the change set adds: a note.
    const added = [
      { Action: "Add", LogicalResourceId: "DropOrders", ResourceType: "Custom::AWS" },
      { Action: "Add", LogicalResourceId: "ReadName", ResourceType: "Custom::SSMParameter" },
      { Action: "Add", LogicalResourceId: "Search", ResourceType: "AWS::OpenSearchService::Domain" },
      { Action: "Add", LogicalResourceId: "SearchPolicy", ResourceType: "Custom::OpenSearchAccessPolicy" },
      { Action: "Add", LogicalResourceId: "DescribeByParameter", ResourceType: "Custom::AWS" },
    ];
    const changeSetTemplate = {
      Resources: {
        DropOrders: cr({ service: "DynamoDB", action: "deleteTable", parameters: { TableName: "orders" } }),
        ReadName: cr({ service: "SSM", action: "getParameter", parameters: { Name: "/orders/name" } }),
        Search: { Type: "AWS::OpenSearchService::Domain" },
        SearchPolicy: { Type: "Custom::OpenSearchAccessPolicy", Properties: { ServiceToken: handler, Create: { "Fn::Join": ["", ['{"action":"updateDomainConfig","service":"OpenSearch","parameters":{"DomainName":"', { Ref: "Search" }, '","AccessPolicies":"{}"}}']] } } },
        // A lookup on a template parameter: its value, written into the JSON text, may close the string and name deleteTable (fail closed).
        DescribeByParameter: { Type: "Custom::AWS", Properties: { ServiceToken: handler, Create: { "Fn::Join": ["", ['{"service":"DynamoDB","action":"describeTable","parameters":{"TableName":"', { Ref: "TableName" }, '"}}']] } } },
      },
    };
    await serve({ "orders-prod": { changes: added, template: { Resources: {} }, changeSetTemplate } });
    let report = await run("orders-prod");
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => [f.subject, f.severity, f.evidence])).toEqual([
      ["orders-prod/DropOrders", "error", [{ arn: changeSetArn("orders-prod", "orders-prod-cs"), pointer: "/Resources/DropOrders/Properties/Create", note: "the change set's template (GetTemplate)" }]],
      ["orders-prod/SearchPolicy", "note", [{ arn: changeSetArn("orders-prod", "orders-prod-cs"), pointer: "/Resources/SearchPolicy/Properties/Create", note: "the change set's template (GetTemplate)" }]],
      ["orders-prod/DescribeByParameter", "error", [{ arn: changeSetArn("orders-prod", "orders-prod-cs"), pointer: "/Resources/DescribeByParameter/Properties/Create", note: "the change set's template (GetTemplate)" }]],
    ]);
    expect(report.findings[2]?.message).toContain("its Create call fills Ref TableName into the call's JSON text at deployment");
    expect(report.findings[0]?.message).toContain("its Create call DynamoDB.deleteTable {\"TableName\":\"orders\"} needs dynamodb:DeleteTable (T1 delete)");
    expect(stub.requests.filter((r) => r.action === "GetTemplate").map((r) => r.params["ChangeSetName"])).toEqual([undefined, changeSetArn("orders-prod", "orders-prod-cs")]);
    for (const r of stub.requests) expect(r.action).toMatch(READ_ONLY_NAME);

    await stub.close();
    restore();
    await serve({ "orders-prod": { changes: added, template: { Resources: {} }, changeSetTemplate: "error" } });
    report = await run("orders-prod");
    expect(report.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^the change set's template was not read, so what its custom resources call, and the tags it writes on the stack's resources \(which decide whether the stack is production\) are unknown \(fail closed\): access denied: GetTemplate needs the IAM permission cloudformation:GetTemplate/)]);
    expect(report.findings.map((f) => [f.subject, f.severity])).toEqual([
      ["orders-prod/DropOrders", "error"],
      ["orders-prod/ReadName", "error"],
      ["orders-prod/SearchPolicy", "error"],
      ["orders-prod/DescribeByParameter", "error"],
    ]);

    await stub.close();
    restore();
    const removed = [{ Action: "Remove", LogicalResourceId: "Cleanup", PhysicalResourceId: "cleanup", ResourceType: "Custom::AWS", PolicyAction: "Delete" }];
    const deployed = { Resources: { Cleanup: { Type: "Custom::AWS", Properties: { ServiceToken: handler, Delete: JSON.stringify({ service: "S3", action: "deleteBucket", parameters: { Bucket: "orders-archive" } }) } } } };
    await serve({ "orders-prod": { changes: removed, template: deployed } });
    report = await run("orders-prod");
    expect(report.findings.map((f) => [f.severity, f.evidence[0]?.pointer, f.message.includes("its Delete call S3.deleteBucket")])).toEqual([["error", "/Resources/Cleanup/Properties/Delete", true]]);
    // The removed one's Delete is the deployed template's; the change set's is read for the tags it writes on the resources (production scope).
    expect(stub.requests.filter((r) => r.action === "GetTemplate").map((r) => r.params["ChangeSetName"])).toEqual([undefined, changeSetArn("orders-prod", "orders-prod-cs")]);
  });

  test("CLI: a failing gate exits 1; a change set that cannot be read exits 2", async () => {
    await serve({ "orders-prod": { changes: [tableReplaced], template: { Resources: {} } } });
    const dir = mkdtempSync(path.join(tmpdir(), "ag-cs-"));
    const out = path.join(dir, "r.json");
    expect(await cli(["changeset", "--stack-name", "orders-prod", "--change-set-name", "orders-prod-cs", "--format", "json", "--output", out])).toBe(1);
    expect(await cli(["changeset", "--stack-name", "missing-prod", "--change-set-name", "x", "--format", "json", "--output", out])).toBe(2);
    const json = JSON.parse(readFileSync(out, "utf8")) as { errors: { message: string }[] };
    expect(json.errors[0]?.message).toMatch(/DescribeChangeSet failed: ValidationError/);
    expect(await cli(["changeset", "--stack-name", "orders-prod"])).toBe(2); // usage
  });

  /**
   * PolicyAction (DescribeChangeSet, API reference "ResourceChange"): what CloudFormation will do
   * to the physical resource, from the policies it will apply. It, not the deployed template
   * alone, says whether the old resource is kept: a change that drops `UpdateReplacePolicy:
   * Retain` while replacing deletes it (ReplaceAndDelete), one that adds it keeps it (ReplaceAndRetain).
   */
  test("PolicyAction decides what happens to the old resource: ReplaceAndDelete fails even where the deployed template says Retain", async () => {
    const retained = { Resources: { OrdersTable: { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" } } };
    await serve({ "orders-prod": { changes: [{ ...tableReplaced, PolicyAction: "ReplaceAndDelete" }], template: retained } });
    const report = await run("orders-prod");
    expect(report.findings).toEqual([expect.objectContaining({ severity: "error", message: expect.stringContaining("PolicyAction ReplaceAndDelete") })]);
  });

  test("PolicyAction ReplaceAndRetain or Retain keeps the resource (a note), whatever the deployed template said", async () => {
    await serve({
      "orders-prod": {
        changes: [
          { ...tableReplaced, PolicyAction: "ReplaceAndRetain" },
          { Action: "Remove", LogicalResourceId: "AssetsBucket", PhysicalResourceId: "assets", ResourceType: "AWS::S3::Bucket", PolicyAction: "Retain" },
          { Action: "Remove", LogicalResourceId: "Db", PhysicalResourceId: "db", ResourceType: "AWS::RDS::DBInstance", PolicyAction: "Snapshot" },
        ],
        template: { Resources: { OrdersTable: { Type: "AWS::DynamoDB::Table" }, AssetsBucket: { Type: "AWS::S3::Bucket" }, Db: { Type: "AWS::RDS::DBInstance" } } },
      },
    });
    const report = await run("orders-prod");
    expect(report.findings.map((f) => [f.subject, f.severity])).toEqual([["orders-prod/OrdersTable", "note"], ["orders-prod/AssetsBucket", "note"], ["orders-prod/Db", "error"]]);
    expect(report.findings[0]?.message).toContain("kept by PolicyAction ReplaceAndRetain");
    expect(report.findings[2]?.message).toContain("PolicyAction Snapshot: the live resource is still deleted");
  });

  test("a change set that failed because there is nothing to change passes: nothing can be executed", async () => {
    await serve({ "orders-prod": { changes: [], status: "FAILED", statusReason: "The submitted information didn't contain changes. Submit different information to create a change set." } });
    const report = await run("orders-prod");
    expect(report.errors).toEqual([]);
    expect(report.findings).toEqual([]);
    // Any other failure, or one still being created, cannot be judged.
    await stub.close();
    await serve({ "orders-prod": { changes: [], status: "CREATE_IN_PROGRESS" } });
    expect((await run("orders-prod")).errors[0]?.message).toMatch(/CREATE_IN_PROGRESS.*wait/);
  });

  /**
   * The change set of aws-samples/cfn101-workshop ("Understanding change sets", lab part 2,
   * content/intermediate/operations/understanding-changesets/index.md @04343b30, MIT-0): a new
   * value of the stack parameter BucketName replaces the bucket; CloudFormation reports it twice,
   * Dynamic (DirectModification) and Static (ParameterReference, CausingEntity: the parameter).
   * Expected: an error (a production bucket replaced) whose advice names the parameter as a
   * parameter. Before, it told the reader to "avoid replacing BucketName that it references".
   */
  test("a replacement caused by a parameter names the parameter, not a resource to avoid replacing", async () => {
    const byParameter: Change = {
      Action: "Modify", LogicalResourceId: "MyS3Bucket", PhysicalResourceId: "understanding-changesets-123", ResourceType: "AWS::S3::Bucket", Replacement: "True",
      Details: [
        { Target: { Name: "BucketName", RequiresRecreation: "Always", Attribute: "Properties" }, Evaluation: "Dynamic", ChangeSource: "DirectModification" },
        { Target: { Name: "BucketName", RequiresRecreation: "Always", Attribute: "Properties" }, CausingEntity: "BucketName", Evaluation: "Static", ChangeSource: "ParameterReference" },
      ],
    };
    await serve({ "assets-prod": { changes: [byParameter], template: { Resources: { MyS3Bucket: { Type: "AWS::S3::Bucket" } } } } });
    const [finding] = (await run("assets-prod")).findings;
    expect(finding?.severity).toBe("error");
    expect(finding?.message).toContain("replaced because BucketName (RequiresRecreation: Always), BucketName (RequiresRecreation: Always, caused by parameter BucketName) changes");
    expect(finding?.message).toContain("To keep it, keep BucketName as deployed (BucketName is its physical name: a new name is a new resource) and deploy with the same value of parameter BucketName;");
    expect(finding?.message).not.toContain("that it references");
  });

  /**
   * The first gated deploy of a stack: CreateChangeSet with ChangeSetType CREATE makes the stack
   * in REVIEW_IN_PROGRESS, "with no template or resources" (CreateChangeSet, API reference; see
   * aws/aws-cdk#7731). Every change is an Add. Before, the template that does not exist was an
   * input error (exit 2) on every new stack.
   */
  test("a new stack (REVIEW_IN_PROGRESS, every change an Add) passes without reading a template", async () => {
    await serve({ "orders-prod": { stackStatus: "REVIEW_IN_PROGRESS", changes: [{ Action: "Add", LogicalResourceId: "OrdersTable", ResourceType: "AWS::DynamoDB::Table" }] } });
    const report = await run("orders-prod");
    expect(report.errors).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(stub.requests.map((r) => r.action)).not.toContain("GetTemplate");
  });

  test("an added nested stack holds only new resources: its change set is not read, and nothing fails", async () => {
    const nestedArn = changeSetArn("orders-prod-Search-9Z8Y7X", "orders-prod-Search-9Z8Y7X-cs");
    await serve({
      "orders-prod": { changes: [{ Action: "Add", LogicalResourceId: "Search", ResourceType: "AWS::CloudFormation::Stack", ChangeSetId: nestedArn }], template: { Resources: {} } },
      "orders-prod-Search-9Z8Y7X": { stackStatus: "REVIEW_IN_PROGRESS", changes: [{ Action: "Add", LogicalResourceId: "Index", ResourceType: "AWS::OpenSearchServerless::Collection" }] },
    });
    const report = await run("orders-prod");
    expect(report.errors).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(stub.requests.filter((r) => r.params["ChangeSetName"] === nestedArn)).toEqual([]);
  });
});

/**
 * `Tags.of(stack).add("Environment", ...)` under `@aws-cdk/core:explicitStackTags` (true in every
 * app `cdk init` makes) writes the tag on the stack's resources only: DescribeStacks lists no tag.
 * The templates below are aws-cdk-lib's own (synthesized in-process with the flag), served as the
 * deployed one and as the change set's. Config: production.accounts ["999999999999"], the stack in
 * 111111111111 (unlisted). Decided before the run:
 * - tagged prod, the change set removes its table (DESTROY): production by its resources' tags, as
 *   `scan` and `diff` judge it: an error (before: not production, passed);
 * - tagged prod, the change set retags every resource dev and changes nothing else: the stack would
 *   stop being production, one error with the change set's template as evidence (as a change of
 *   the stack's own tags is; diff judges the same retag so);
 * - default config (no account listed), tagged dev, its table removed: not production, passes
 *   (before: production, fail closed, an error); one resource left without the tag keeps it
 *   production (the tag is not the stack's);
 * - the change set's template not read: an error, never a pass.
 */
describe("changeset gate on the wire: a stack tagged by its resources' tags (explicitStackTags)", () => {
  const synth = (environment: string | undefined, untagged = false): Record<string, unknown> => {
    const app = new App({ context: { "@aws-cdk/core:explicitStackTags": true } });
    const stack = new Stack(app, "orders", { env: { account: ACCOUNT, region: "us-east-1" } });
    new sns.Topic(stack, "Events");
    new dynamodb.Table(stack, "Table", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.DESTROY });
    if (environment) Tags.of(stack).add("Environment", environment);
    if (untagged) Tags.of(stack).add("Owner", "platform");
    return app.synth().getStackByName("orders").template as Record<string, unknown>;
  };
  const prod = synth("prod");
  const dev = synth("dev");
  const tableId = Object.keys(prod["Resources"] as Record<string, unknown>).find((id) => id.startsWith("Table")) ?? "Table";
  const removed: Change = { Action: "Remove", LogicalResourceId: tableId, PhysicalResourceId: "orders-Table", ResourceType: "AWS::DynamoDB::Table", PolicyAction: "Delete" };
  const listed = resolvePolicy({ production: { accounts: ["999999999999"] } });
  const gate = (p = listed) => runChangeset({ format: "json", failOn: "error", stackName: "orders", changeSetName: "orders-cs", allowConditional: false }, p);
  const again = async (def: StackDef) => {
    restore();
    await stub.close();
    await serve({ orders: def });
  };

  test("production by its resources' tags: a removed table fails; a retag of the resources to dev fails by itself", async () => {
    await serve({ orders: { changes: [removed], template: prod } });
    let report = await gate();
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => [f.severity, f.subject])).toEqual([["error", `orders/${tableId}`]]);
    expect(report.findings[0]?.message).toContain("in production stack orders would be removed");

    await again({ changes: [{ Action: "Modify", LogicalResourceId: tableId, ResourceType: "AWS::DynamoDB::Table", Replacement: "False" }], template: prod, changeSetTemplate: dev });
    report = await gate();
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => [f.severity, f.subject])).toEqual([["error", "orders"]]);
    expect(report.findings[0]?.message).toContain("Production stack orders would stop being production: account 111111111111 is not in production.accounts (as deployed it is production: its resource ");
    expect(report.findings[0]?.evidence).toEqual([{ arn: changeSetArn("orders", "orders-cs"), pointer: "/Resources", note: "the change set's template (GetTemplate): the tags it writes on the stack's resources" }]);

    // The same tags in the change set's template: no scope change, nothing to say.
    await again({ changes: [{ Action: "Modify", LogicalResourceId: tableId, ResourceType: "AWS::DynamoDB::Table", Replacement: "False" }], template: prod, changeSetTemplate: prod });
    expect((await gate()).findings).toEqual([]);
  });

  test("not production when every resource is tagged dev (no account listed); one untagged resource keeps it production", async () => {
    const defaults = resolvePolicy();
    await serve({ orders: { changes: [removed], template: dev } });
    let report = await gate(defaults);
    expect(report.errors).toEqual([]);
    expect(report.findings).toEqual([]);

    const partly = synth("dev");
    const resources = partly["Resources"] as Record<string, { Properties?: Record<string, unknown> }>;
    const topic = Object.values(resources).find((r) => r.Properties?.["Tags"] !== undefined && r.Properties["KeySchema"] === undefined);
    if (topic?.Properties) topic.Properties["Tags"] = [{ Key: "Owner", Value: "platform" }];
    await again({ changes: [removed], template: partly });
    report = await gate(defaults);
    expect(report.findings.map((f) => [f.severity, f.subject])).toEqual([["error", `orders/${tableId}`]]);
  });

  test("the change set's template not read: an error naming the production scope, never a pass", async () => {
    await serve({ orders: { changes: [{ Action: "Modify", LogicalResourceId: tableId, ResourceType: "AWS::DynamoDB::Table", Replacement: "False" }], template: prod, changeSetTemplate: "error" } });
    const report = await gate();
    expect(report.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^the change set's template was not read, so the tags it writes on the stack's resources \(which decide whether the stack is production\) are unknown \(fail closed\): access denied: GetTemplate needs/),
    ]);
    expect(await cli(["changeset", "--stack-name", "orders", "--change-set-name", "orders-cs", "--format", "json", "--output", "/dev/null"])).toBe(2);
  });
});
