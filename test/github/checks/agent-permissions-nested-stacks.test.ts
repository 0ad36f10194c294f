/**
 * The agent-permissions check reads the nested stacks of the templates a pull request changes,
 * at the same commit, and judges them in their parent's scope, as `scan` does. Before, a parent
 * that newly nested a template holding an agent's admin role passed: only changed files were read.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { checkAgentPermissions, MAX_NESTED_TEMPLATES, type AgentPermissionsInput } from "../../../src/github/checks/agent-permissions.js";
import type { ChangedFile } from "../../../src/github/checks/types.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

/** Every read the check makes, with its side: the test asserts on what was (not) asked for. */
function pr(files: ChangedFile[], head: Record<string, string>, base: Record<string, string>): { input: AgentPermissionsInput; reads: string[] } {
  const reads: string[] = [];
  const input: AgentPermissionsInput = {
    policy,
    catalogue,
    files,
    filesComplete: true,
    read: async (side, file) => {
      reads.push(`${side}:${file}`);
      return (side === "head" ? head : base)[file];
    },
  };
  return { input, reads };
}

const ordersTable = `  OrdersTable:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties:
      BillingMode: PAY_PER_REQUEST
      DeletionProtectionEnabled: true
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
`;
const parent = (nested = ""): string => `AWSTemplateFormatVersion: "2010-09-09"
Description: Orders service, production
Resources:
${ordersTable}${nested}`;
const nestedStack = (templateUrl: string, id = "AgentAccess"): string => `  ${id}:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ${templateUrl}
`;
const agentAdmin = `AWSTemplateFormatVersion: "2010-09-09"
Description: Access for the coding agent's deploy jobs
Resources:
  CodingAgentRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: coding-agent-deploy
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: bedrock.amazonaws.com
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
`;
const PARENT = "infra/orders-prod.yaml";
const CHILD = "infra/nested/agent-access.yaml";

test("a PR that nests an existing template holding an agent's admin role fails, with the finding in the nested template", async () => {
  // Expected before running: the child is unchanged and was nested nowhere at the base, so the
  // base has no finding; at the head it is a nested stack of a production template: new findings.
  const { input, reads } = pr([{ path: PARENT, status: "modified" }], { [PARENT]: parent(nestedStack("./nested/agent-access.yaml")), [CHILD]: agentAdmin }, { [PARENT]: parent(), [CHILD]: agentAdmin });
  const out = await checkAgentPermissions(input);
  expect(out.conclusion).toBe("failure");
  expect(out.newFindings.map((f) => f.rule).sort()).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
  expect(out.newFindings.every((f) => f.evidence.some((e) => e.file === CHILD && typeof e.line === "number"))).toBe(true);
  expect(out.summary).toContain("coding-agent-deploy");
  expect(reads).toContain(`head:${CHILD}`);
});

test("the same nested admin role on both sides is not new: the base's nested stacks are read too", async () => {
  const withChild = parent(nestedStack("./nested/agent-access.yaml"));
  const { input, reads } = pr([{ path: PARENT, status: "modified" }], { [PARENT]: `${withChild}# reviewed\n`, [CHILD]: agentAdmin }, { [PARENT]: withChild, [CHILD]: agentAdmin });
  const out = await checkAgentPermissions(input);
  expect(out.conclusion).toBe("success");
  expect(out.summary).toMatch(/^\*\*PASS\*\*: No new destructive or escalation access for agents \([1-9]\d* finding\(s\) at the head/);
  expect(reads).toEqual(expect.arrayContaining([`head:${CHILD}`, `base:${CHILD}`]));
});

test("a nested template changed with its parent is judged once, as the nested stack", async () => {
  const files: ChangedFile[] = [{ path: PARENT, status: "modified" }, { path: CHILD, status: "added" }];
  const { input } = pr(files, { [PARENT]: parent(nestedStack("nested/agent-access.yaml")), [CHILD]: agentAdmin }, { [PARENT]: parent() });
  const out = await checkAgentPermissions(input);
  const destructive = out.newFindings.filter((f) => f.rule === "agent-destructive-prod");
  expect(destructive).toHaveLength(1);
  expect(destructive[0]?.subject).toBe("orders-prod.AgentAccess/CodingAgentRole");
});

describe("fail closed: a nested template that cannot be read is an input error at the parent's TemplateURL", () => {
  const headOnly = async (templateUrl: string, head: Record<string, string> = {}) => {
    const text = parent(nestedStack(templateUrl));
    const run = pr([{ path: PARENT, status: "modified" }], { [PARENT]: text, ...head }, { [PARENT]: parent() });
    const out = await checkAgentPermissions(run.input);
    const urlLine = text.split("\n").findIndex((l) => l.includes("TemplateURL")) + 1;
    return { out, reads: run.reads, urlLine };
  };

  test("an S3 URL: its resources are not read, so the check fails and says what to commit", async () => {
    const { out, urlLine } = await headOnly("https://s3.amazonaws.com/orders-artifacts/agent-access.yaml");
    expect(out.conclusion).toBe("failure");
    expect(out.annotations).toEqual([expect.objectContaining({ path: PARENT, start_line: urlLine, annotation_level: "failure" })]);
    expect(out.annotations[0]?.message).toContain("is not read here, so its resources are not evaluated (fail closed): commit the template whose TemplateURL is a local path");
  });

  test("a path out of the repository is not asked of GitHub", async () => {
    const { out, reads } = await headOnly("../../../.github/agent-access.yaml");
    expect(out.conclusion).toBe("failure");
    expect(out.summary).toContain("is outside the repository: not read (fail closed)");
    expect(reads.filter((r) => r.includes("agent-access"))).toEqual([]);
  });

  test("a file missing at the head SHA", async () => {
    const { out, urlLine } = await headOnly("./nested/agent-access.yaml");
    expect(out.conclusion).toBe("failure");
    expect(out.annotations[0]).toMatchObject({ path: PARENT, start_line: urlLine });
    expect(out.annotations[0]?.message).toContain(`${CHILD} does not exist at the head SHA`);
  });

  test("a read that fails (GitHub answers 502): the error is the check's, never an absent file", async () => {
    const text = parent(nestedStack("./nested/agent-access.yaml"));
    const run = pr([{ path: PARENT, status: "modified" }], { [PARENT]: text }, { [PARENT]: parent() });
    const read = run.input.read;
    run.input.read = async (side, file) => (file === CHILD ? Promise.reject(new Error("HttpError: Bad Gateway (502)")) : read(side, file));
    const out = await checkAgentPermissions(run.input);
    expect(out.conclusion).toBe("failure");
    expect(out.summary).toContain(`its template ./nested/agent-access.yaml: cannot read ${CHILD} at the head SHA: HttpError: Bad Gateway (502)`);
  });

  test("a nested template that does not parse: at its own line", async () => {
    const { out } = await headOnly("./nested/agent-access.yaml", { [CHILD]: "Resources:\n  Role:\n    Type: [AWS::IAM::Role\n" });
    expect(out.conclusion).toBe("failure");
    expect(out.summary).toContain(`nested stack AgentAccess of ${PARENT}: cannot parse`);
    expect(out.annotations.some((a) => a.path === CHILD)).toBe(true);
  });

  test("a template that nests itself: the cycle is said, each template judged once", async () => {
    const { out } = await headOnly(`./${path.posix.basename(PARENT)}`);
    expect(out.conclusion).toBe("failure");
    expect(out.summary).toContain("nests the stack itself again (CloudFormation cannot deploy it)");
  });

  test(`more than ${MAX_NESTED_TEMPLATES} nested templates: the rest are not read`, async () => {
    const many = Array.from({ length: MAX_NESTED_TEMPLATES + 1 }, (_, i) => nestedStack("./nested/agent-access.yaml", `Part${i}`)).join("");
    const run = pr([{ path: PARENT, status: "modified" }], { [PARENT]: parent(many), [CHILD]: agentAdmin }, { [PARENT]: parent() });
    const out = await checkAgentPermissions(run.input);
    expect(out.conclusion).toBe("failure");
    expect(run.reads.filter((r) => r === `head:${CHILD}`)).toHaveLength(MAX_NESTED_TEMPLATES);
    expect(out.summary).toContain(`not read: over ${MAX_NESTED_TEMPLATES} nested templates at the head SHA (fail closed)`);
  });
});

test("a CDK parent's nested stack (asset URL, aws:asset:path) is read from the committed cdk.out", async () => {
  const hash = "3f1c4f7b2f1f9a8e6d5c4b3a29181716151413121110090807060504030201ff";
  const cdkParent = JSON.stringify({
    Resources: {
      AgentAccessNestedStackAgentAccessNestedStackResourceA1B2C3D4: {
        Type: "AWS::CloudFormation::Stack",
        Properties: { TemplateURL: { "Fn::Join": ["", ["https://s3.eu-west-1.", { Ref: "AWS::URLSuffix" }, `/cdk-hnb659fds-assets-111111111111-eu-west-1/${hash}.json`]] } },
        Metadata: { "aws:cdk:path": "OrdersProdStack/AgentAccess.NestedStack/AgentAccess.NestedStackResource", "aws:asset:path": "OrdersProdStackAgentAccess1A2B3C4D.nested.template.json", "aws:asset:property": "TemplateURL" },
      },
    },
  }, null, 1);
  const parentFile = "cdk.out/OrdersProdStack.template.json";
  const childFile = "cdk.out/OrdersProdStackAgentAccess1A2B3C4D.nested.template.json";
  const { input, reads } = pr([{ path: parentFile, status: "added" }], { [parentFile]: cdkParent, [childFile]: agentAdmin }, {});
  const out = await checkAgentPermissions(input);
  expect(reads).toContain(`head:${childFile}`);
  expect(out.conclusion).toBe("failure");
  expect(out.newFindings.some((f) => f.rule === "agent-destructive-prod" && f.evidence.some((e) => e.file === childFile))).toBe(true);
});

test("a hand-written intrinsic URL with aws:asset:path is not CDK's asset: the metadata is not trusted", async () => {
  const lying = JSON.stringify({
    Resources: {
      Child: {
        Type: "AWS::CloudFormation::Stack",
        Properties: { TemplateURL: { "Fn::Sub": "https://attacker-bucket.s3.amazonaws.com/${AWS::Region}/admin.json" } },
        Metadata: { "aws:asset:path": "harmless.json" },
      },
    },
  });
  const file = "cdk.out/OrdersProdStack.template.json";
  const { input, reads } = pr([{ path: file, status: "added" }], { [file]: lying, "cdk.out/harmless.json": JSON.stringify({ Resources: {} }) }, {});
  const out = await checkAgentPermissions(input);
  expect(out.conclusion).toBe("failure");
  expect(out.summary).toContain("is not read here");
  expect(reads).not.toContain("head:cdk.out/harmless.json");
});

test("real: serverless-patterns cognito-httpapi, a SAM app nesting ./auth.yaml (no role): read, no input error, passes", async () => {
  // Expected before running: auth.yaml holds a Cognito user pool, client and domain, and the
  // parent an HTTP API and a function; no agent principal anywhere, and the Location is local.
  const [template, auth] = ["template.yaml", "auth.yaml"].map((f) => readFileSync(new URL(`../../fixtures/cfn/real/cognito-httpapi/${f}`, import.meta.url), "utf8")) as [string, string];
  const t = "cognito-httpapi/template.yaml";
  const { input, reads } = pr([{ path: t, status: "modified" }], { [t]: template, "cognito-httpapi/auth.yaml": auth }, { [t]: template.replace("Runtime: nodejs", "Runtime:  nodejs"), "cognito-httpapi/auth.yaml": auth });
  const out = await checkAgentPermissions(input);
  expect(out.annotations).toEqual([]);
  expect(out.conclusion).toBe("success");
  expect(reads).toEqual(expect.arrayContaining(["head:cognito-httpapi/auth.yaml", "base:cognito-httpapi/auth.yaml"]));
});
