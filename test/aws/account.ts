/** Account data for the stub, shaped like GetAccountAuthorizationDetails / DescribeStacks results. */
import { encode, type StubHandler, type StubReply } from "./stub.js";

export const ACCOUNT = "111111111111";
const TRUST_LAMBDA = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const TRUST_BEDROCK = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] };
export const ADMIN_DOC = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

export function roleDetail(name: string, account = ACCOUNT, opts: { admin?: boolean; inline?: unknown; agentTrust?: boolean } = {}): Record<string, unknown> {
  return {
    Path: "/",
    RoleName: name,
    RoleId: `AROA${name.toUpperCase().replace(/[^A-Z0-9]/g, "").padEnd(17, "X").slice(0, 17)}`,
    Arn: `arn:aws:iam::${account}:role/${name}`,
    CreateDate: "2025-06-02T10:41:07Z",
    AssumeRolePolicyDocument: encode(opts.agentTrust ? TRUST_BEDROCK : TRUST_LAMBDA),
    InstanceProfileList: [],
    RolePolicyList: opts.inline ? [{ PolicyName: `${name}-inline`, PolicyDocument: encode(opts.inline) }] : [],
    AttachedManagedPolicies: opts.admin ? [{ PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }] : [],
    Tags: [],
    RoleLastUsed: {},
  };
}

export const ADMIN_POLICY = {
  PolicyName: "AdministratorAccess",
  PolicyId: "ANPAIWMBCKSKIEE64ZLYK",
  Arn: "arn:aws:iam::aws:policy/AdministratorAccess",
  Path: "/",
  DefaultVersionId: "v1",
  AttachmentCount: 1,
  PermissionsBoundaryUsageCount: 0,
  IsAttachable: true,
  CreateDate: "2015-02-06T18:39:46Z",
  UpdateDate: "2015-02-06T18:39:46Z",
  PolicyVersionList: [{ Document: encode(ADMIN_DOC), VersionId: "v1", IsDefaultVersion: true, CreateDate: "2015-02-06T18:39:46Z" }],
};

export function stackMember(name: string, account = ACCOUNT, opts: { protected?: boolean; tags?: Record<string, string> } = {}): Record<string, unknown> {
  return {
    StackId: `arn:aws:cloudformation:us-east-1:${account}:stack/${name}/${"0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"}`,
    StackName: name,
    CreationTime: "2025-05-14T08:21:33.512Z",
    StackStatus: "UPDATE_COMPLETE",
    DisableRollback: false,
    EnableTerminationProtection: opts.protected === true,
    DriftInformation: { StackDriftStatus: "NOT_CHECKED" },
    Tags: Object.entries(opts.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
}

/** Splits items into pages and serves them by Marker/NextToken. */
export function paged<T>(items: T[], size: number, token: string | undefined): { page: T[]; next?: string } {
  const start = token ? Number(token.replace(/^page-/, "")) : 0;
  const page = items.slice(start, start + size);
  return start + size < items.length ? { page, next: `page-${start + size}` } : { page };
}

export interface AccountData {
  roles: Record<string, unknown>[];
  users?: Record<string, unknown>[];
  policies: Record<string, unknown>[];
  stacks: Record<string, unknown>[];
  rolesPerPage?: number;
  stacksPerPage?: number;
}

export function accountHandler(data: AccountData): StubHandler {
  return (req): StubReply => {
    if (req.action === "GetAccountAuthorizationDetails") {
      const { page, next } = paged(data.roles, data.rolesPerPage ?? 1000, req.params["Marker"]);
      const first = !req.params["Marker"];
      return {
        result: {
          UserDetailList: first ? (data.users ?? []) : [],
          GroupDetailList: [],
          RoleDetailList: page,
          Policies: next ? [] : data.policies,
          IsTruncated: next !== undefined,
          ...(next ? { Marker: next } : {}),
        },
      };
    }
    if (req.action === "DescribeStacks") {
      const { page, next } = paged(data.stacks, data.stacksPerPage ?? 100, req.params["NextToken"]);
      return { result: { Stacks: page, ...(next ? { NextToken: next } : {}) } };
    }
    return { error: { code: "InvalidAction", message: `stub does not serve ${req.action}` } };
  };
}

/** A small production account: a Kiro agent role with admin rights, a service role, stacks. */
export function kiroAccount(account = ACCOUNT): AccountData {
  return {
    roles: [
      roleDetail("kiro-agent-role", account, { admin: true, agentTrust: true }),
      roleDetail("orders-api-lambda", account, { inline: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:GetItem", Resource: `arn:aws:dynamodb:us-east-1:${account}:table/orders-prod` }] } }),
      roleDetail("reporting-reader", account, { inline: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" }] } }),
    ],
    policies: [ADMIN_POLICY],
    stacks: [
      stackMember("orders-prod", account),
      stackMember("payments-prod", account, { protected: true }),
      stackMember("orders-staging", account, { tags: { Environment: "staging" } }),
    ],
    rolesPerPage: 2,
    stacksPerPage: 2,
  };
}
