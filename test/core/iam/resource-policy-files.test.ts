/**
 * Policy files whose statements name their principal (src/core/iam/policy-file.ts): a role's trust
 * policy or a resource's policy, as repositories keep them beside Terraform or scripts
 * (`assume_role_policy = file("trust.json")`). IAM refuses such a document as an identity policy,
 * so it is never "attached to an agent role": what it allows goes to the principals it names.
 * Verdicts written from the documents before running.
 */
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { isPolicyDocument, readPolicyDocumentFile } from "../../../src/core/iam/policy-file.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { catalogue, policy } from "./helpers.js";

function scan(file: string, document: unknown) {
  const parsed = parseSource(JSON.stringify(document, null, 2));
  expect(isPolicyDocument(parsed.value)).toBe(true);
  const read = readPolicyDocumentFile(parsed.value, file, parsed.lineOf);
  const evaluated = evaluateIam(read.input, policy, catalogue);
  return { errors: [...read.errors, ...evaluated.errors], findings: evaluated.findings };
}

const statement = (extra: Record<string, unknown>) => ({ Effect: "Allow", ...extra });

describe("a role's trust policy in a file", () => {
  it("grants no permission: nothing to report, and no input error (it has no Resource, as a trust policy has none)", () => {
    // As aws-samples/serverless-patterns keeps it in modules/lambda/iam_role_for_lambda.json.
    expect(scan("iam_role_for_lambda.json", { Version: "2012-10-17", Statement: [statement({ Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" })] })).toEqual({ errors: [], findings: [] });
    const githubOidc = statement({
      Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
      Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/infra:*" } },
    });
    expect(scan("deploy-trust.json", { Version: "2012-10-17", Statement: [githubOidc] })).toEqual({ errors: [], findings: [] });
  });
});

describe("a resource policy in a file", () => {
  const bucketPolicy = (principal: unknown) => ({
    Version: "2012-10-17",
    Statement: [
      statement({ Sid: "Deploy", Principal: principal, Action: ["s3:PutObject", "s3:DeleteObject"], Resource: "arn:aws:s3:::prod-site/*" }),
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::prod-site", "arn:aws:s3:::prod-site/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
  });

  it("grants the role it names: a deploy role that is no agent's gets nothing reported", () => {
    expect(scan("bucket-policy.json", bucketPolicy({ AWS: "arn:aws:iam::111111111111:role/site-deploy" }))).toEqual({ errors: [], findings: [] });
  });

  it("an agent's role it names can delete what it grants, shown at that statement", () => {
    for (const arn of ["arn:aws:iam::111111111111:role/ci/claude-code-deployer", "arn:aws:sts::111111111111:assumed-role/claude-code-deployer/session-1"]) {
      const { errors, findings } = scan("bucket-policy.json", bucketPolicy({ AWS: [arn] }));
      expect(errors).toEqual([]);
      expect(findings.map((f) => [f.rule, f.message, f.evidence[0]?.pointer, f.evidence[0]?.line])).toEqual([
        ["agent-destructive-prod", "Role claude-code-deployer can delete or replace production resources: s3:DeleteObject on prod-site/*", "/Statement/0", 4],
      ]);
    }
  });

  it("anyone (`*`, or every principal but some) may be an agent's role: what it allows counts (fail closed)", () => {
    const queuePolicy = (principal: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [statement({ ...principal, Action: "sqs:*", Resource: "arn:aws:sqs:us-east-1:111111111111:orders-prod" })] });
    for (const principal of [{ Principal: "*" }, { Principal: { AWS: "*" } }, { NotPrincipal: { AWS: "arn:aws:iam::111111111111:role/ops" } }]) {
      const { findings } = scan("queue-policy.json", queuePolicy(principal));
      expect(findings.map((f) => [f.rule, f.subject, f.actions])).toEqual([["agent-destructive-prod", "queue-policy.json (anyone)", ["sqs:DeleteQueue", "sqs:PurgeQueue", "sqs:RemovePermission", "sqs:SetQueueAttributes"]]]);
    }
  });

  it("a principal the file leaves to a template (`${role_arn}`, a role name from a variable) may be any role, an agent's: anyone (fail closed)", () => {
    for (const arn of ["${deploy_role_arn}", "arn:aws:iam::${account_number}:role/${agent_role_name}", "arn:aws:iam::111111111111:role/{{ agent_role }}"]) {
      const { findings } = scan("bucket-policy.json", bucketPolicy({ AWS: arn }));
      expect(findings.map((f) => [f.subject, f.actions])).toEqual([["bucket-policy.json (anyone)", ["s3:DeleteObject"]]]);
    }
  });

  it("an account (its ID or root) names no one: it delegates to its own IAM, where each role is judged; a service is no role", () => {
    const keyPolicy = {
      Version: "2012-10-17",
      Statement: [
        statement({ Sid: "Enable IAM User Permissions", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" }),
        statement({ Sid: "Account by ID", Principal: { AWS: "111111111111" }, Action: "kms:*", Resource: "*" }),
        // As aws-samples/serverless-patterns' Terraform templates write it (templates/kms-policy.json).
        statement({ Sid: "Templated account", Principal: { AWS: "arn:aws:iam::${account_number}:root" }, Action: "kms:*", Resource: "*" }),
        statement({ Sid: "CloudTrail", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:GenerateDataKey*", Resource: "*" }),
      ],
    };
    expect(scan("key-policy.json", keyPolicy)).toEqual({ errors: [], findings: [] });
  });
});

describe("a document mixing statements with and without a principal", () => {
  it("is read as an identity policy, as before: it is not a valid resource policy either (fail closed)", () => {
    const mixed = { Version: "2012-10-17", Statement: [statement({ Action: "rds:DeleteDBInstance", Resource: "*" }), statement({ Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" })] };
    const { findings } = scan("mixed.json", mixed);
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/^Policy mixed\.json, if attached to an agent role, can delete or replace production resources: rds:DeleteDBInstance/));
  });
});
