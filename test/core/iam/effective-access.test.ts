import { allow, DEV_ACCOUNT, deny, destructive, escalation, evaluate, PROD_ACCOUNT, role, source } from "./helpers.js";

const table = (name: string, account = PROD_ACCOUNT) => `arn:aws:dynamodb:us-east-1:${account}:table/${name}`;

describe("agent-destructive-prod: tiers", () => {
  it("T1 delete: dynamodb:DeleteTable on a production table, message as in DESIGN", () => {
    const [f, ...rest] = destructive(role([allow("dynamodb:DeleteTable", table("orders-prod"))]));
    expect(rest).toHaveLength(0);
    expect(f?.message).toBe("Role AgentRole can delete or replace production resources: dynamodb:DeleteTable on table/orders-prod");
    expect(f?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(f?.subject).toBe(`arn:aws:iam::${PROD_ACCOUNT}:role/AgentRole`);
    expect(f?.evidence[0]).toMatchObject({ file: "policy.json", pointer: "/Inline/Statement/0", policyName: "Inline", statementIndex: 0 });
    expect(f?.evidence.at(-1)?.note).toContain("SCPs not verified");
    expect(f?.suppressed).toBeNull();
  });

  it("T1: s3:*Object expands to the delete actions it covers", () => {
    const [f] = destructive(role([allow("s3:*Object", "arn:aws:s3:::orders-prod/*")]));
    expect(f?.actions).toContain("s3:DeleteObject");
    expect(f?.actions).not.toContain("s3:GetObject"); // only destructive actions are listed
    expect(f?.actions?.every((a) => !a.includes("*"))).toBe(true);
  });

  it("T2 protection off: rds:ModifyDBInstance, s3:PutBucketVersioning, dynamodb:UpdateTimeToLive", () => {
    for (const action of ["rds:ModifyDBInstance", "s3:PutBucketVersioning", "dynamodb:UpdateTimeToLive", "kms:DisableKey"]) {
      expect(destructive(role([allow(action)]))[0]?.actions).toEqual([action]);
    }
  });

  it("T3 replace: cloudformation:CreateChangeSet + ExecuteChangeSet on production stacks", () => {
    const [f] = destructive(
      role([allow(["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"], `arn:aws:cloudformation:us-east-1:${PROD_ACCOUNT}:stack/OrdersProd/*`)]),
    );
    expect(f?.actions).toEqual(["cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"]);
    // Grouped by resource: the stack is named once for both actions (issue 12, item 7).
    expect(f?.message).toBe(
      "Role AgentRole can delete or replace production resources: cloudformation:CreateChangeSet, cloudformation:ExecuteChangeSet on stack/OrdersProd/*",
    );
  });

  it("groups the actions shown by the resources they reach, each resource named once", () => {
    const [f] = destructive(
      role([allow(["dynamodb:DeleteTable", "dynamodb:UpdateTimeToLive"], table("orders-prod")), allow("rds:DeleteDBInstance", `arn:aws:rds:us-east-1:${PROD_ACCOUNT}:db:orders-db`)]),
    );
    expect(f?.message).toBe(
      "Role AgentRole can delete or replace production resources: dynamodb:DeleteTable, dynamodb:UpdateTimeToLive on table/orders-prod, rds:DeleteDBInstance on db:orders-db",
    );
  });

  it("names a resource by its ARN's resource part: every resource of a service as 'service *', of any service as '*'", () => {
    expect(destructive(role([allow("dynamodb:DeleteTable", "arn:aws:dynamodb:*:*:*")]))[0]?.message).toMatch(/dynamodb:DeleteTable on dynamodb \*$/);
    expect(destructive(role([allow("dynamodb:DeleteTable", "arn:aws:*:*:*:*")]))[0]?.message).toMatch(/dynamodb:DeleteTable on \*$/);
  });

  it("kms:ScheduleKeyDeletion is flagged, kms:CancelKeyDeletion is not", () => {
    expect(destructive(role([allow("kms:ScheduleKeyDeletion")]))[0]?.actions).toEqual(["kms:ScheduleKeyDeletion"]);
    expect(destructive(role([allow("kms:CancelKeyDeletion")]))).toHaveLength(0);
    expect(destructive(role([allow("kms:*KeyDeletion")]))[0]?.actions).toEqual(["kms:ScheduleKeyDeletion"]);
  });

  it("read-only access is not flagged", () => {
    expect(evaluate(role([allow(["dynamodb:Get*", "dynamodb:Query", "s3:List*", "ec2:Describe*"])])).findings).toHaveLength(0);
  });

  it("summarizes many actions: a few examples and 'and N more actions'", () => {
    const [f] = destructive(role([allow("*")]));
    expect(f?.message).toMatch(/^Role AgentRole can delete or replace production resources: cloudformation:\w+, cloudformation:\w+, cloudformation:\w+ on \* and \d+ more actions$/);
    expect(f?.actions?.length).toBeGreaterThan(1000);
    expect(f?.actions).toEqual([...(f?.actions ?? [])].sort());
  });
});

describe("effective access: actions", () => {
  it("matches actions case-insensitively and reports canonical names", () => {
    expect(destructive(role([allow("DynamoDB:deletetable")]))[0]?.actions).toEqual(["dynamodb:DeleteTable"]);
  });

  it("supports ? wildcards", () => {
    expect(destructive(role([allow("dynamodb:DeleteTab?e")]))[0]?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(destructive(role([allow("dynamodb:?etItem")]))).toHaveLength(0);
    // Matches no catalogue action, but a future one could be destructive: not verifiable.
    const [unknown] = destructive(role([allow("dynamodb:DeleteTab?")]));
    expect(unknown?.actions).toBeUndefined();
    expect(unknown?.message).toContain("cannot be verified");
  });

  it("Action as a string or an array, Statement as an object or an array", () => {
    const single = role([], { policies: [source("One", allow("dynamodb:DeleteTable"))] });
    const [f] = destructive(single);
    expect(f?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(f?.evidence[0]).toMatchObject({ pointer: "/One/Statement", statementIndex: 0 });
    expect(destructive(role([allow(["dynamodb:DeleteTable"])]))[0]?.actions).toEqual(["dynamodb:DeleteTable"]);
  });

  it("Allow with NotAction (the shape of PowerUserAccess) does not crash and grants the rest", () => {
    const { findings, errors } = evaluate(role([{ Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" }]));
    expect(errors).toHaveLength(0);
    const d = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(d?.actions).toContain("dynamodb:DeleteTable");
    expect(d?.actions?.some((a) => a.startsWith("iam:"))).toBe(false);
  });

  it("Allow with NotResource reaches every other resource", () => {
    const [f] = destructive(role([{ Effect: "Allow", Action: "dynamodb:DeleteTable", NotResource: table("scratch") }]));
    expect(f?.message).toContain("dynamodb:DeleteTable on * except");
  });

  it("a Deny on X and a Deny with NotResource X together deny everything, in either order", () => {
    const stack = `arn:aws:cloudformation:us-east-1:${PROD_ACCOUNT}:stack/ShopProd/*`;
    const denyX = { Effect: "Deny", Action: "cloudformation:*ChangeSet", Resource: stack };
    const denyAllButX = { Effect: "Deny", Action: "cloudformation:*ChangeSet", NotResource: stack };
    const grant = allow("cloudformation:*ChangeSet");
    expect(destructive(role([denyX, grant, denyAllButX]))).toHaveLength(0);
    expect(destructive(role([denyAllButX, grant, denyX]))).toHaveLength(0);
    // Either Deny alone leaves part of the grant: still flagged.
    expect(destructive(role([denyX, grant]))).toHaveLength(1);
    expect(destructive(role([grant, denyAllButX]))).toHaveLength(1);
  });

  it("a catalogue-unknown action is classified by its name, not dropped", () => {
    const [f] = destructive(role([allow("newservice:DeleteEverything")]));
    expect(f?.actions).toEqual(["newservice:DeleteEverything"]);
    expect(destructive(role([allow("newservice:GetThing")]))).toHaveLength(0);
  });

  it("a wildcard over an unknown service cannot be verified (fail closed)", () => {
    const [f] = destructive(role([allow("retiredservice:*")]));
    expect(f?.message).toBe("Role AgentRole cannot be verified not to delete or replace production resources: action pattern retiredservice:* (fail closed)");
    expect(f?.evidence.some((e) => e.note?.includes("retiredservice:*"))).toBe(true);
  });
});

describe("effective access: production scope", () => {
  it("table/dev-* is not flagged while table/*-orders and * are", () => {
    expect(destructive(role([allow("dynamodb:DeleteTable", "arn:aws:dynamodb:us-east-1:333333333333:table/dev-*")]))).toHaveLength(0);
    expect(destructive(role([allow("dynamodb:DeleteTable", "arn:aws:dynamodb:us-east-1:*:table/*-orders")]))).toHaveLength(1);
    // An account outside the listed production accounts is not production (DESIGN "Production scope").
    expect(destructive(role([allow("dynamodb:DeleteTable", "arn:aws:dynamodb:us-east-1:333333333333:table/*-orders")]))).toHaveLength(0);
    expect(destructive(role([allow("dynamodb:DeleteTable", "*")]))).toHaveLength(1);
  });

  it("a non-production account is not production", () => {
    expect(destructive(role([allow("dynamodb:DeleteTable", table("orders", DEV_ACCOUNT))]))).toHaveLength(0);
    expect(destructive(role([allow("dynamodb:DeleteTable")], { account: DEV_ACCOUNT }))).toHaveLength(0);
  });

  it("a resolved reference's production status wins over its text", () => {
    const principal = role([], {
      policies: [
        {
          ...source("Inline", allow("dynamodb:DeleteTable", { "Fn::GetAtt": ["Orders", "Arn"] })),
          resolveResource: () => ({ pattern: "*", production: false, origin: "table Orders of stack DevStack" }),
        },
      ],
    });
    expect(destructive(principal)).toHaveLength(0);
    const unresolved = role([], { policies: [source("Inline", allow("dynamodb:DeleteTable", { "Fn::GetAtt": ["Orders", "Arn"] }))] });
    expect(destructive(unresolved)).toHaveLength(1); // a non-string element without a resolver is "*"
  });
});

describe("effective access: Deny", () => {
  it("an unconditional Deny removes access", () => {
    expect(destructive(role([allow("dynamodb:*"), deny("dynamodb:Delete*")]))[0]?.actions).not.toContain("dynamodb:DeleteTable");
    expect(destructive(role([allow("dynamodb:DeleteTable"), deny("*")]))).toHaveLength(0);
  });

  it("a Deny naming Principal or NotPrincipal (refused by IAM outside resource policies) protects nothing", () => {
    // Read as written, NotPrincipal of the agent's own ARN exempted it, and a Principal of another role kept it out.
    const self = { AWS: "arn:aws:iam::111111111111:role/AgentRole" };
    const other = { AWS: "arn:aws:iam::111111111111:role/SomeoneElse" };
    const result = evaluate(role([allow("dynamodb:DeleteTable"), deny("*", "*", { NotPrincipal: self }), deny("dynamodb:DeleteTable", "*", { Principal: other })]));
    expect(result.findings.filter((f) => f.rule === "agent-destructive-prod")).toHaveLength(1);
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/Statement 1 is a Deny naming NotPrincipal/), expect.stringMatching(/Statement 2 is a Deny naming Principal/)]);
  });

  it("a Deny on a narrower resource does not remove access to the rest", () => {
    expect(destructive(role([allow("dynamodb:DeleteTable"), deny("dynamodb:DeleteTable", table("orders-prod"))]))).toHaveLength(1);
    expect(destructive(role([allow("dynamodb:DeleteTable", table("orders-prod")), deny("dynamodb:DeleteTable", table("*"))]))).toHaveLength(0);
  });

  it("a Deny with NotAction denies everything else", () => {
    expect(destructive(role([allow("dynamodb:DeleteTable"), { Effect: "Deny", NotAction: "s3:*", Resource: "*" }]))).toHaveLength(0);
    expect(destructive(role([allow("s3:DeleteBucket"), { Effect: "Deny", NotAction: "s3:*", Resource: "*" }]))).toHaveLength(1);
  });

  it("a Deny keyed on a tag the role can remove does not protect; one it cannot change does", () => {
    // Negated: it applies to untagged tables too (a positive test protects only tagged ones, below).
    const tagDeny = deny("dynamodb:DeleteTable", "*", { Condition: { StringNotEquals: { "aws:ResourceTag/Environment": "dev" } } });
    expect(destructive(role([allow("dynamodb:DeleteTable"), tagDeny, allow("dynamodb:UntagResource")]))).toHaveLength(1);
    expect(destructive(role([allow("dynamodb:DeleteTable"), tagDeny, allow("tag:*")]))).toHaveLength(1);
    expect(destructive(role([allow("dynamodb:DeleteTable"), tagDeny]))).toHaveLength(0);
    // The tagging right itself removed by an unconditional Deny: the tag Deny protects again.
    expect(destructive(role([allow("dynamodb:DeleteTable"), tagDeny, allow("dynamodb:UntagResource"), deny("dynamodb:UntagResource")]))).toHaveLength(0);
    // Tagging a table, denied on the one table it can tag: the statement's other resource (a
    // bucket, which dynamodb:TagResource cannot act on) gives no tagging right back.
    const tableAndBucket = [table("orders-prod"), "arn:aws:s3:::orders-exports"];
    expect(destructive(role([allow(["dynamodb:DeleteTable", "dynamodb:TagResource"], tableAndBucket), deny("dynamodb:TagResource", table("orders-prod")), tagDeny]))).toHaveLength(0);
    // Tagging under another name undoes it as well: a bucket's tags by s3:PutBucketTagging (S3 User
    // Guide, "Using tags with S3 general purpose buckets"), a group's by autoscaling:CreateOrUpdateTags.
    const bucketDeny = deny(["s3:DeleteBucket", "autoscaling:DeleteAutoScalingGroup"], "*", { Condition: { StringNotEquals: { "aws:ResourceTag/Environment": "dev" } } });
    expect(destructive(role([allow(["s3:DeleteBucket", "autoscaling:DeleteAutoScalingGroup"]), bucketDeny]))).toHaveLength(0);
    expect(destructive(role([allow(["s3:DeleteBucket", "autoscaling:DeleteAutoScalingGroup"]), bucketDeny, allow("s3:PutBucketTagging")]))).toHaveLength(1);
    expect(destructive(role([allow(["s3:DeleteBucket", "autoscaling:DeleteAutoScalingGroup"]), bucketDeny, allow("autoscaling:CreateOrUpdateTags")]))).toHaveLength(1);
    // An unconditional Deny of something else leaves the tagging right, and the tag Deny unproven.
    expect(destructive(role([allow("dynamodb:DeleteTable"), tagDeny, allow("dynamodb:UntagResource"), deny("s3:DeleteBucket")]))).toHaveLength(1);
  });

  it("a Deny that applies only where a resource or request carries a tag (a positive tag condition) protects nothing else: untagged production resources, types that carry no tags, deletes without tags", () => {
    // Even with no tagging right: IAM applies `StringEquals aws:ResourceTag/Environment: prod` only to
    // resources tagged so; an untagged table of a production account, an object of an untagged
    // bucket (aws:ResourceTag is the bucket's tag there) or a request with no tags escapes it.
    const only = (operator: string, key: string, value = "prod") => deny(["dynamodb:DeleteTable", "s3:DeleteObject"], "*", { Condition: { [operator]: { [key]: value } } });
    const grant = allow(["dynamodb:DeleteTable", "s3:DeleteObject"]);
    for (const [operator, key] of [
      ["StringEquals", "aws:ResourceTag/Environment"],
      ["StringLike", "aws:ResourceTag/Environment"],
      ["StringEqualsIgnoreCase", "dynamodb:ResourceTag/Environment"],
      ["StringEquals", "aws:RequestTag/Environment"],
      ["ForAnyValue:StringEquals", "aws:TagKeys"],
      ["Null", "aws:ResourceTag/Environment"],
    ] as const) {
      expect([operator, key, destructive(role([grant, only(operator, key, operator === "Null" ? "false" : "prod")]))[0]?.actions]).toEqual([operator, key, ["dynamodb:DeleteTable", "s3:DeleteObject"]]);
    }
    // A negated or IfExists test applies where the tag is missing too (IAM: a missing key makes a
    // negated operator true): it spares only resources tagged otherwise, which an agent that
    // cannot tag cannot make; with a tagging right it protects nothing.
    // (StringEqualsIfExists prod spares a table tagged `production`: deny-resource-tag-values.test.ts.)
    for (const operator of ["StringNotEquals", "StringNotLike", "ForAllValues:StringNotEquals"]) {
      const value = "dev";
      expect([operator, destructive(role([grant, only(operator, "aws:ResourceTag/Environment", value)]))]).toEqual([operator, []]);
      expect([operator, destructive(role([grant, only(operator, "aws:ResourceTag/Environment", value), allow("tag:TagResources")])).length]).toEqual([operator, 1]);
    }
  });

  it("a Deny keyed on the principal's own tag does not protect when the agent can untag itself (iam:UntagRole)", () => {
    const principalTagDeny = deny("rds:DeleteDBInstance", "*", { Condition: { StringNotEquals: { "aws:PrincipalTag/may-delete": "yes" } } });
    expect(destructive(role([allow("rds:DeleteDBInstance"), principalTagDeny, allow("iam:UntagRole", "arn:aws:iam::*:role/AgentRole")]))).toHaveLength(1);
    expect(destructive(role([allow("rds:DeleteDBInstance"), principalTagDeny, allow("iam:TagRole")]))).toHaveLength(1);
    // Untagged, under a trust that tags no session: the Deny applies (deny-principal-tag.test.ts has the other cases).
    const trustPolicy = source("Trust", [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    expect(destructive(role([allow("rds:DeleteDBInstance"), principalTagDeny], { trustPolicy }))).toHaveLength(0);
  });

  it.each(["Bool", "BoolIfExists"])("a Deny conditioned on aws:MultiFactorAuthPresent (%s) never protects", (operator) => {
    const mfa = deny("dynamodb:DeleteTable", "*", { Condition: { [operator]: { "aws:MultiFactorAuthPresent": "false" } } });
    const [f] = destructive(role([allow("dynamodb:DeleteTable"), mfa]));
    expect(f?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(f?.evidence.at(-1)?.note).toContain("conditional Deny");
  });

  it("a Deny on a condition the agent can avoid (a region) does not protect", () => {
    const region = deny("dynamodb:DeleteTable", "*", { Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } } });
    expect(destructive(role([allow("dynamodb:DeleteTable"), region]))).toHaveLength(1);
  });

  it("a Deny on aws:PrincipalArn is decided against the principal", () => {
    const exceptBreakGlass = deny("dynamodb:DeleteTable", "*", { Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass" } } });
    expect(destructive(role([allow("dynamodb:DeleteTable"), exceptBreakGlass]))).toHaveLength(0);
    const onlyOthers = deny("dynamodb:DeleteTable", "*", { Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/Other" } } });
    expect(destructive(role([allow("dynamodb:DeleteTable"), onlyOthers]))).toHaveLength(1);
  });

  it("a Deny-only role is not flagged", () => {
    expect(evaluate(role([deny("*"), deny("dynamodb:DeleteTable")])).findings).toHaveLength(0);
  });
});

describe("effective access: conditions, boundaries, SCPs", () => {
  it("a conditional Allow still counts", () => {
    const conditional = allow("dynamodb:DeleteTable", "*", { Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } });
    expect(destructive(role([conditional]))).toHaveLength(1);
  });

  it("admin under a read-only permission boundary is not flagged", () => {
    const boundary = source("ReadOnlyBoundary", [allow(["dynamodb:Get*", "dynamodb:Query", "s3:Get*", "s3:List*", "ec2:Describe*"])]);
    expect(evaluate(role([allow("*")], { boundary })).findings).toHaveLength(0);
  });

  it("a boundary limited to dev tables leaves nothing in production (account not listed as production)", () => {
    const boundary = source("DevBoundary", [allow("dynamodb:*", "arn:aws:dynamodb:*:*:table/dev-*")]);
    expect(destructive(role([allow("*")], { boundary, account: "333333333333" }))).toHaveLength(0);
    // In an account listed as production, even a dev-named table is production.
    expect(destructive(role([allow("*")], { boundary }))).toHaveLength(1);
  });

  it("a grant inside a non-production boundary pattern keeps its own production: dev-* does not make table/dev-prod-orders non-production", () => {
    const boundary = source("DevBoundary", [allow("dynamodb:*", "arn:aws:dynamodb:*:*:table/dev-*")]);
    const [f] = destructive(role([allow("dynamodb:DeleteTable", "arn:aws:dynamodb:*:*:table/dev-prod-orders")], { boundary, account: "333333333333" }));
    expect(f?.message).toContain("dynamodb:DeleteTable on table/dev-prod-orders");
  });

  it("a boundary that allows the action keeps it; its Deny removes it", () => {
    expect(destructive(role([allow("dynamodb:DeleteTable")], { boundary: source("B", [allow("*")]) }))).toHaveLength(1);
    expect(destructive(role([allow("dynamodb:DeleteTable")], { boundary: source("B", [allow("*"), deny("dynamodb:Delete*")]) }))).toHaveLength(0);
  });

  it("a limit or a NotResource Deny that narrows `*` to another service's resources leaves nothing of the grant", () => {
    // Allow on `*`, narrowed to an S3 bucket: dynamodb:DeleteTable acts on tables only.
    const bucket = "arn:aws:s3:::orders-prod";
    expect(destructive(role([allow("dynamodb:DeleteTable")], { boundary: source("B", [allow("*", bucket)]) }))).toHaveLength(0);
    expect(destructive(role([allow("dynamodb:DeleteTable")], { serviceControlPolicies: [source("S", [allow("*", bucket)])] }))).toHaveLength(0);
    const denyAllButBucket = { Effect: "Deny", Action: "*", NotResource: bucket };
    expect(destructive(role([allow("dynamodb:DeleteTable"), denyAllButBucket]))).toHaveLength(0);
    // Narrowed to a table, the grant stays.
    expect(destructive(role([allow("dynamodb:DeleteTable")], { boundary: source("B", [allow("*", table("orders-prod"))]) }))).toHaveLength(1);
  });

  it("an unresolved boundary cannot restrict, and says so", () => {
    const [f] = destructive(role([allow("dynamodb:DeleteTable")], { boundary: "unresolved" }));
    expect(f?.evidence.at(-1)?.note).toContain("permission boundary");
  });

  it("SCPs attached together allow what any of them allows (FullAWSAccess beside a Deny-only SCP), and each one's Denies apply", () => {
    // AWS: a request needs an Allow from the SCPs of each level, not from every SCP; a Deny-only
    // SCP beside FullAWSAccess (how AWS's examples are attached) allowed nothing here, so every
    // grant vanished and an agent with deletes passed.
    const scps = [source("FullAWSAccess", [allow("*")]), source("DenyKmsDeletion", [deny("kms:ScheduleKeyDeletion")])];
    expect(destructive(role([allow(["dynamodb:DeleteTable", "kms:ScheduleKeyDeletion"])], { serviceControlPolicies: scps })).map((f) => f.actions)).toEqual([["dynamodb:DeleteTable"]]);
    // With no Allow in any of them, nothing is allowed.
    expect(destructive(role([allow("dynamodb:DeleteTable")], { serviceControlPolicies: [source("DenyKmsDeletion", [deny("kms:ScheduleKeyDeletion")])] }))).toEqual([]);
  });

  it("SCPs restrict when given and the note disappears", () => {
    const scps = [source("FullAWSAccess", [allow("*")]), source("DenyDeletes", [deny("dynamodb:DeleteTable")])];
    expect(destructive(role([allow("dynamodb:DeleteTable")], { serviceControlPolicies: scps }))).toHaveLength(0);
    const [f] = destructive(role([allow("dynamodb:DeleteTable")], { serviceControlPolicies: [source("FullAWSAccess", [allow("*")])] }));
    expect(f?.evidence.at(-1)?.note).not.toContain("SCPs not verified");
  });
});

describe("agent principals", () => {
  it("a non-agent admin role is not flagged", () => {
    expect(evaluate(role([allow("*")], { name: "OpsAdmin" })).findings).toHaveLength(0);
  });

  it("agent by tag and by trust policy", () => {
    expect(destructive(role([allow("*")], { name: "Deployer", tags: { "ai-agent": "kiro" } }))).toHaveLength(1);
    const trust = source("Trust", [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    const [f] = destructive(role([allow("*")], { name: "Deployer", trustPolicy: trust }));
    expect(f?.evidence.at(-1)?.note).toContain("bedrock.amazonaws.com");
  });
});

describe("agent-privilege-escalation (T4)", () => {
  it.each(["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy", "ssm:SendCommand"])("%s escalates", (action) => {
    expect(escalation(role([allow(action)]))[0]?.actions).toEqual([action]);
  });

  it("iam:PassRole escalates only with every action of a path (create and run)", () => {
    expect(escalation(role([allow("iam:PassRole")]))).toHaveLength(0);
    expect(escalation(role([allow(["iam:PassRole", "lambda:CreateFunction"])]))).toHaveLength(0);
    const [f] = escalation(role([allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"])]));
    expect(f?.actions).toEqual(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"]);
    expect(f?.message).toContain("iam:PassRole, lambda:CreateFunction, lambda:InvokeFunction on * (path lambda-create-invoke)");
  });

  it("iam:PassRole on role/cdk-* with cloudformation:CreateStack escalates", () => {
    const [f] = escalation(role([allow("iam:PassRole", `arn:aws:iam::${PROD_ACCOUNT}:role/cdk-*`), allow("cloudformation:CreateStack")]));
    expect(f?.actions).toEqual(["cloudformation:CreateStack", "iam:PassRole"]);
    expect(f?.message).toContain("iam:PassRole on role/cdk-*, cloudformation:CreateStack on * (path cloudformation-create-stack)");
  });

  it("sts:AssumeRole on role/cdk-* (roles not in the input) escalates", () => {
    const [f] = escalation(role([allow("sts:AssumeRole", `arn:aws:iam::${PROD_ACCOUNT}:role/cdk-*`)]));
    expect(f?.message).toBe("Role AgentRole can escalate its privileges: sts:AssumeRole on role/cdk-* (path sts-assume-role)");
  });

  it("sts:AssumeRole on a role of the input proven compliant does not; on a non-compliant one it does", () => {
    const reader = role([allow("dynamodb:GetItem")], { name: "Reader" });
    const admin = role([allow("*")], { name: "Admin" });
    const assume = (target: string) => role([allow("sts:AssumeRole", `arn:aws:iam::${PROD_ACCOUNT}:role/${target}`)]);
    expect(escalation([assume("Reader"), reader])).toHaveLength(0);
    expect(escalation([assume("Admin"), admin])).toHaveLength(1);
  });

  it("an agent in a non-production account does not escalate towards production", () => {
    expect(escalation(role([allow("iam:PutRolePolicy")], { account: DEV_ACCOUNT }))).toHaveLength(0);
    // ...unless it can assume a role in another (production) account.
    expect(escalation(role([allow("sts:AssumeRole", `arn:aws:iam::${PROD_ACCOUNT}:role/deployer`)], { account: DEV_ACCOUNT }))).toHaveLength(1);
  });

  it("a read-only boundary stops escalation too", () => {
    expect(escalation(role([allow("*")], { boundary: source("B", [allow("s3:Get*")]) }))).toHaveLength(0);
  });
});

describe("unresolved managed policies", () => {
  const attached = (arn: string) => role([], { unresolvedPolicies: [{ arn, evidence: { file: "template.json", line: 7 } }] });

  it("AdministratorAccess is evaluated from its published version", () => {
    const [f] = destructive(attached("arn:aws:iam::aws:policy/AdministratorAccess"));
    expect(f?.actions).toContain("dynamodb:DeleteTable");
    expect(f?.evidence[0]).toMatchObject({ file: "template.json", line: 7, statementIndex: 0 });
  });

  it("a customer managed policy imported by ARN cannot be verified (fail closed), with its evidence", () => {
    const arn = `arn:aws:iam::${PROD_ACCOUNT}:policy/platform-team-policy`;
    const { findings } = evaluate(attached(arn));
    expect(findings.map((f) => f.rule)).toEqual(["agent-destructive-prod", "agent-privilege-escalation"]);
    expect(findings[0]?.message).toContain("cannot be verified");
    expect(findings[0]?.evidence[0]).toMatchObject({ file: "template.json", line: 7, arn });
  });

  it("every AWS managed policy is known: ReadOnlyAccess reads only, AWSLambdaBasicExecutionRole writes logs only", () => {
    expect(evaluate(attached("arn:aws:iam::aws:policy/ReadOnlyAccess")).findings).toEqual([]);
    expect(evaluate(attached("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")).findings).toEqual([]);
    // A policy name AWS never published stays unverifiable.
    expect(evaluate(attached("arn:aws:iam::aws:policy/NotPublishedYetAccess")).findings[0]?.message).toContain("cannot be verified");
  });
});

describe("one statement, several resources of different types", () => {
  it("each action counts only on the resources its own types can name", () => {
    const table = `arn:aws:dynamodb:us-east-1:${PROD_ACCOUNT}:table/orders`;
    const devQueue = `arn:aws:sqs:us-east-1:${DEV_ACCOUNT}:scratch`;
    const [f, ...rest] = destructive(role([allow(["dynamodb:DeleteTable", "sqs:DeleteQueue"], [table, devQueue])]));
    expect(rest).toEqual([]);
    // sqs:DeleteQueue names only queues (here one in the dev account); the production table is not one of its resources.
    expect(f?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(f?.message).toContain("dynamodb:DeleteTable on table/orders");
    expect(f?.message).not.toContain("sqs:DeleteQueue");
  });

  it("a list ending in \"*\" still names each listed resource only for the actions that act on it", () => {
    // "*" last: every action reaches "*", and the table only for the action whose types name a table.
    const table = `arn:aws:dynamodb:us-east-1:${PROD_ACCOUNT}:table/orders`;
    const [f] = destructive(role([allow(["dynamodb:DeleteTable", "sqs:DeleteQueue"], [table, "*"])]));
    expect(f?.message).toBe("Role AgentRole can delete or replace production resources: dynamodb:DeleteTable on table/orders, *, sqs:DeleteQueue on *");
  });
});

// API Gateway's management actions are HTTP verbs, and IAM matches action names in any case:
// `apigateway:DELETE` deletes a production API, `apigateway:PUT` overwrites one with a definition
// that lacks its routes (PutRestApi, ReimportApi). Before, neither counted (the name pattern was
// matched in PascalCase only), so an agent holding them passed.
describe("agent-destructive-prod: API Gateway's verb actions", () => {
  const api = "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5";
  it("apigateway:DELETE on a production API is T1", () => {
    const [f, ...rest] = destructive(role([allow("apigateway:DELETE", `${api}/*`)]));
    expect(rest).toHaveLength(0);
    expect(f?.actions).toEqual(["apigateway:DELETE"]);
  });
  it("apigateway:PUT is T1 too; GET, PATCH and POST alone are not", () => {
    expect(destructive(role([allow("apigateway:PUT", api)]))[0]?.actions).toEqual(["apigateway:PUT"]);
    expect(destructive(role([allow(["apigateway:GET", "apigateway:PATCH", "apigateway:POST"], `${api}/*`)]))).toEqual([]);
  });
  it("AmazonAPIGatewayAdministrator's statement (apigateway:* on every API) names both", () => {
    const [f] = destructive(role([allow("apigateway:*", "arn:aws:apigateway:*::/*")]));
    expect(f?.actions).toEqual(expect.arrayContaining(["apigateway:DELETE", "apigateway:PUT"]));
  });
});

describe("agent-destructive-prod: DNS records", () => {
  // A change batch's DELETE removes a production domain's records; reading them is harmless.
  it("route53:ChangeResourceRecordSets on a hosted zone is T1, ListResourceRecordSets is not", () => {
    const zone = "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ";
    expect(destructive(role([allow("route53:ChangeResourceRecordSets", zone)]))[0]?.actions).toEqual(["route53:ChangeResourceRecordSets"]);
    expect(destructive(role([allow(["route53:ListResourceRecordSets", "route53:GetHostedZone"], zone)]))).toEqual([]);
  });
});
