/**
 * An Allow only for resources tagged as a non-production environment (ABAC: `StringEquals
 * aws:ResourceTag/Environment: dev`) reaches no production resource, unless the agent can retag
 * one; IfExists, negated operators and production values do not restrict.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { TAG_ON_CREATE_KEYS } from "../../../src/core/iam/access.js";
import type { Principal } from "../../../src/core/iam/model.js";
import { catalogueDataDir } from "../../../src/policy/catalogue.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { allow, catalogue, deny, destructive, escalation, policy, PROD_ACCOUNT, role, source, type Statement } from "./helpers.js";

const tagged = (operator: string, value: unknown, key = "aws:ResourceTag/Environment") => allow(["dynamodb:DeleteTable", "dynamodb:DeleteItem"], "*", { Condition: { [operator]: { [key]: value } } });

describe("Allow limited by an environment tag", () => {
  it("a non-production value (one or several, any case of the key) passes", () => {
    expect(destructive(role([tagged("StringEquals", "dev")]))).toEqual([]);
    expect(destructive(role([tagged("StringEquals", ["dev", "staging"])]))).toEqual([]);
    expect(destructive(role([tagged("StringLike", "sandbox-*", "aws:resourcetag/Stage")]))).toEqual([]);
    // A set operator on the one-valued tag: ForAnyValue holds as the plain test (false without the
    // tag; relaypro-open/dog_trainer docs/ec2_setup.md writes it so); ForAllValues holds without it.
    expect(destructive(role([tagged("ForAnyValue:StringEquals", ["qa", "stage"], "aws:ResourceTag/env")]))).toEqual([]);
    expect(destructive(role([tagged("ForAnyValue:StringEquals", "dev")]))).toEqual([]);
    expect(destructive(role([tagged("ForAllValues:StringEquals", "dev")]))).toHaveLength(1);
  });
  it("a service's own key for the resource's tag reads alike (ec2:ResourceTag, autoscaling:ResourceTag, rds:db-tag, s3:ExistingObjectTag)", () => {
    // EC2's documented form (`ec2:ResourceTag/Environment: dev` on ec2:TerminateInstances, EC2 User
    // Guide "Example policies to control access to the Amazon EC2 API") was flagged as deleting
    // production, while the same test under aws:ResourceTag passed. A request without the key
    // (another service's action) fails the positive test: the Allow gives it nothing.
    const limited = (actions: string[], key: string, value: unknown = "dev") => allow(actions, "*", { Condition: { StringEquals: { [key]: value } } });
    expect(destructive(role([limited(["ec2:TerminateInstances", "s3:DeleteBucket"], "ec2:ResourceTag/Environment")]))).toEqual([]);
    expect(destructive(role([limited(["autoscaling:DeleteAutoScalingGroup"], "autoscaling:ResourceTag/Environment")]))).toEqual([]);
    expect(destructive(role([limited(["rds:DeleteDBInstance", "rds:DeleteDBCluster"], "rds:db-tag/Environment")]))).toEqual([]);
    expect(destructive(role([limited(["s3:DeleteObject"], "s3:ExistingObjectTag/Environment")]))).toEqual([]);
    // RDS's request tag, a production value, or a tagging right still count.
    expect(destructive(role([limited(["rds:DeleteDBInstance"], "rds:req-tag/Environment")]))).toHaveLength(1);
    expect(destructive(role([limited(["ec2:TerminateInstances"], "ec2:ResourceTag/Environment", "prod")]))).toHaveLength(1);
    expect(destructive(role([limited(["ec2:TerminateInstances"], "ec2:ResourceTag/Environment"), allow("ec2:CreateTags")]))).toHaveLength(1);
  });
  it("counts when the agent can retag (dynamodb:TagResource), unless that is denied", () => {
    expect(destructive(role([tagged("StringEquals", "dev"), allow("dynamodb:TagResource")]))).toHaveLength(1);
    expect(destructive(role([tagged("StringEquals", "dev"), allow("dynamodb:TagResource"), { Effect: "Deny", Action: "dynamodb:TagResource", Resource: "*" }]))).toEqual([]);
  });
  it("counts when the agent can retag under a name other than Tag*/…Tags (S3's Put*Tagging, Auto Scaling's CreateOrUpdateTags, Route 53's ChangeTagsForResource, Keyspaces' UnTag…)", () => {
    // Each changes the tags an aws:ResourceTag test reads (Service Authorization Reference: access
    // level Tagging): the agent tags a production bucket, group or table `dev`, then deletes it.
    const deletes = allow(["s3:DeleteBucket", "autoscaling:DeleteAutoScalingGroup", "route53:DeleteHostedZone", "cassandra:Drop"], "*", { Condition: { StringEquals: { "aws:ResourceTag/Environment": "dev" } } });
    for (const tagger of ["s3:PutBucketTagging", "autoscaling:CreateOrUpdateTags", "route53:ChangeTagsForResource", "cassandra:UnTagMultiRegionResource", "inspector:SetTagsForResource", "batch:SetCapacityTags"]) {
      expect([tagger, destructive(role([deletes, allow(tagger)])).length]).toEqual([tagger, 1]);
    }
    expect(destructive(role([deletes]))).toEqual([]);
  });
  it("tagging only in the request that creates the resource (ec2:CreateAction) retags nothing that exists", () => {
    // EC2 User Guide, "Grant permission to tag Amazon EC2 resources during creation": CreateTags
    // pinned to ec2:CreateAction RunInstances tags the new instance only; with IfExists (or without
    // the key) it tags any existing one.
    const terminateDev = allow("ec2:TerminateInstances", "*", { Condition: { StringEquals: { "ec2:ResourceTag/Environment": "dev" } } });
    const tagOnCreate = (operator: string) => allow("ec2:CreateTags", "arn:aws:ec2:*:*:*/*", { Condition: { [operator]: { "ec2:CreateAction": ["RunInstances", "CreateVolume"] } } });
    expect(destructive(role([terminateDev, tagOnCreate("StringEquals")]))).toEqual([]);
    expect(destructive(role([terminateDev, tagOnCreate("StringEqualsIfExists")]))).toHaveLength(1);
    expect(destructive(role([terminateDev, tagOnCreate("StringNotEquals")]))).toHaveLength(1);
    // A tag-keyed Deny likewise stays in force.
    const guard = deny("dynamodb:DeleteTable", "*", { Condition: { StringNotEquals: { "aws:ResourceTag/Environment": "dev" } } });
    expect(destructive(role([allow("dynamodb:DeleteTable"), guard, tagOnCreate("StringEquals")]))).toEqual([]);
    expect(destructive(role([allow("dynamodb:DeleteTable"), guard, tagOnCreate("StringLikeIfExists")]))).toHaveLength(1);
  });
  it("a tagging right limited to the same non-production resources retags no production one (`ec2:*` on dev instances)", () => {
    // ABAC as tutorials write it (`ec2:*` under `ec2:ResourceTag/Environment: dev`, CreateTags and
    // DeleteTags included): the tags a CreateTags request may change are those of a resource
    // already tagged dev (ec2:ResourceTag is the resource's tag before the request), so no
    // production instance can be made dev. It was read as a right to retag anything.
    const devOnly = (actions: unknown, key = "ec2:ResourceTag/Environment", value: unknown = "dev") => allow(actions, "*", { Condition: { StringEquals: { [key]: value } } });
    expect(destructive(role([devOnly("ec2:*")]))).toEqual([]);
    expect(destructive(role([tagged("StringEquals", "dev"), devOnly(["dynamodb:TagResource", "dynamodb:UntagResource"], "aws:ResourceTag/Environment", ["dev", "test"])]))).toEqual([]);
    // A tag-keyed Deny stays in force beside it.
    const guard = deny("dynamodb:DeleteTable", "*", { Condition: { StringNotEquals: { "aws:ResourceTag/Environment": "dev" } } });
    expect(destructive(role([allow("dynamodb:DeleteTable"), guard, devOnly("dynamodb:TagResource", "aws:ResourceTag/Environment")]))).toEqual([]);
    // Limited otherwise (IfExists, a production value, another key, a policy variable) it retags production.
    expect(destructive(role([devOnly("ec2:*", "ec2:ResourceTag/Environment", ["dev", "prod"])]))).toHaveLength(1);
    expect(destructive(role([devOnly("ec2:TerminateInstances"), devOnly("ec2:CreateTags", "ec2:ResourceTag/Owner", "agent")]))).toHaveLength(1);
    expect(destructive(role([devOnly("ec2:TerminateInstances"), allow("ec2:CreateTags", "*", { Condition: { StringEqualsIfExists: { "ec2:ResourceTag/Environment": "dev" } } })]))).toHaveLength(1);
    expect(destructive(role([allow("dynamodb:DeleteTable"), guard, devOnly("dynamodb:TagResource", "aws:ResourceTag/Environment", "${aws:PrincipalTag/env}")]))).toHaveLength(1);
    // The agent's own tags: a right on dev-tagged roles retags its own role when that is tagged dev.
    const own = deny("dynamodb:DeleteTable", "*", { Condition: { StringNotEquals: { "aws:PrincipalTag/team": "sandbox" } } });
    expect(destructive(role([allow("dynamodb:DeleteTable"), own, devOnly("iam:TagRole", "aws:ResourceTag/Environment")], { tags: { team: "sandbox", Environment: "dev" } }))).toHaveLength(1);
  });
  it("tagging on creation under any service's CreateAction key (ecs:TagResource pinned to RunTask) retags nothing that exists", () => {
    // ECS Developer Guide, "Grant permission to tag resources on creation": ecs:TagResource under
    // `ecs:CreateAction` is evaluated only in the creating request. Public Terraform writes it beside
    // StopTask/DeleteService limited by the environment tag; it was read as a right to retag any task.
    const deleteDev = allow(["ecs:DeleteService", "elasticloadbalancing:DeleteLoadBalancer", "elasticfilesystem:DeleteFileSystem"], "*", { Condition: { StringEquals: { "aws:ResourceTag/Environment": "dev" } } });
    const onCreate = (action: string, key: string, operator = "StringEquals") => allow(action, "*", { Condition: { [operator]: { [key]: ["RunTask", "CreateLoadBalancer", "CreateFileSystem"] } } });
    for (const [action, key] of [["ecs:TagResource", "ecs:CreateAction"], ["elasticloadbalancing:AddTags", "elasticloadbalancing:CreateAction"], ["elasticfilesystem:TagResource", "elasticfilesystem:CreateAction"], ["vpc-lattice:TagResource", "vpc-lattice:CreateAction"]] as const) {
      expect([key, destructive(role([deleteDev, onCreate(action, key)])).length]).toEqual([key, 0]);
      expect([key, destructive(role([deleteDev, onCreate(action, key, "StringEqualsIfExists")])).length]).toEqual([key, 1]);
    }
    // AWS's own ECS container-instance policy (AmazonEC2ContainerServiceforEC2Role v10, as bundled) tags so:
    // beside a dev-limited DeleteService, its ecs:DeregisterContainerInstance is flagged, DeleteService is not.
    const withManaged = role([allow("ecs:DeleteService", "*", { Condition: { StringEquals: { "aws:ResourceTag/Environment": "dev" } } })], {
      unresolvedPolicies: [{ arn: "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role", evidence: { file: "template.json" } }],
    });
    const [managed] = destructive(withManaged);
    expect(managed?.actions).toContain("ecs:DeregisterContainerInstance");
    expect(managed?.actions).not.toContain("ecs:DeleteService");
    // cloudformation:CreateAction names "a resource-mutating API action": UpdateStack retags a stack.
    expect(destructive(role([allow("cloudformation:DeleteStack", "*", { Condition: { StringEquals: { "aws:ResourceTag/Environment": "dev" } } }), onCreate("cloudformation:TagResource", "cloudformation:CreateAction")]))).toHaveLength(1);
  });
  it("every <service>:CreateAction key of the catalogue is decided: tag-on-create, or (CloudFormation) not", () => {
    const decidedNot: Record<string, string> = { "cloudformation:createaction": "a resource-mutating API action (UpdateStack retags an existing stack)" };
    const dir = path.join(path.dirname(catalogueDataDir()), "conditionKeys");
    const keys = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .flatMap((f) => Object.values(JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Record<string, { key: string }>).map((k) => k.key.toLowerCase()))
      .filter((k) => k.endsWith(":createaction"));
    expect(keys.length).toBeGreaterThan(8);
    expect(keys.filter((k) => !TAG_ON_CREATE_KEYS.has(k) && !(k in decidedNot))).toEqual([]);
    expect([...TAG_ON_CREATE_KEYS].filter((k) => !keys.includes(k))).toEqual([]);
  });
  it("counts with IfExists, a negated operator, a production value, or another tag key", () => {
    expect(destructive(role([tagged("StringEqualsIfExists", "dev")]))).toHaveLength(1);
    expect(destructive(role([tagged("StringNotEquals", "prod")]))).toHaveLength(1);
    expect(destructive(role([tagged("StringEquals", ["dev", "prod"])]))).toHaveLength(1);
    expect(destructive(role([tagged("StringEquals", "dev", "aws:ResourceTag/team")]))).toHaveLength(1);
  });
  it("counts when the value is a policy variable, whatever its key or default is named", () => {
    // IAM puts the request's value in its place (IAM User Guide, "Variables and tags"): the role's
    // tag `dev` says prod here, so the Allow reaches prod-tagged tables; a default is used only
    // when the key is missing, and a session may carry the key.
    const tags = { tags: { dev: "prod" } };
    expect(destructive(role([tagged("StringEquals", "${aws:PrincipalTag/dev}")], tags))).toHaveLength(1);
    expect(destructive(role([tagged("StringEquals", "${aws:PrincipalTag/team, 'dev'}")], tags))).toHaveLength(1);
    expect(destructive(role([tagged("StringLike", ["dev", "${aws:PrincipalTag/sandbox}"])], tags))).toHaveLength(1);
  });
});

describe("the tagging right of a principal the agent can become (DESIGN.md \"Who an agent can become\")", () => {
  const arn = (name: string, account = PROD_ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
  const trust = (principal: Record<string, unknown>) => source("Trust", [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }], "trust.json");
  const target = (name: string, statements: Statement[], trustPolicy = trust({ AWS: `arn:aws:iam::${PROD_ACCOUNT}:root` })): Principal => role(statements, { name, trustPolicy });
  const devDeletes = allow(["dynamodb:DeleteTable"], "*", { Condition: { StringEquals: { "aws:ResourceTag/Environment": "dev" } } });
  const agent = (statements: Statement[]) => role(statements, { name: "kiro-agent" });
  const own = (principals: Principal[]) => destructive(principals).filter((f) => f.subject === arn("kiro-agent"));
  // A tagging role of the Resource Groups Tagging API, as an ops account holds one: not dangerous by itself.
  const TAGGER = [allow(["tag:TagResources", "tag:UntagResources", "dynamodb:TagResource", "dynamodb:UntagResource"])];

  it("an agent that can assume a role that can retag production reaches production with its dev-limited deletes", () => {
    // The agent assumes `tagger`, tags a production table Environment=dev, and deletes it as itself.
    const [f] = own([agent([devDeletes, allow("sts:AssumeRole", arn("tagger"))]), target("tagger", TAGGER)]);
    expect(f?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(f?.evidence.some((e) => e.note?.includes("it can become kiro-agent → tagger (sts:AssumeRole), which can change the tags of production resources and of IAM principals"))).toBe(true);
    // By a trust naming the agent alone, two hops away, or by passing the role to code it runs.
    expect(own([agent([devDeletes]), target("tagger", TAGGER, trust({ AWS: arn("kiro-agent") }))])).toHaveLength(1);
    expect(own([agent([devDeletes, allow("sts:AssumeRole", arn("ops"))]), target("ops", [allow("sts:AssumeRole", arn("tagger"))]), target("tagger", TAGGER)])).toHaveLength(1);
    const passed = [devDeletes, allow("iam:PassRole", arn("tagger-fn")), allow(["lambda:CreateFunction", "lambda:InvokeFunction"])];
    expect(own([agent(passed), target("tagger-fn", TAGGER, trust({ Service: "lambda.amazonaws.com" }))])).toHaveLength(1);
  });

  it("a tag-keyed Deny of the agent's stops protecting, for its deletes and for its escalation paths", () => {
    const guard = (action: string) => deny(action, "*", { Condition: { StringNotEquals: { "aws:ResourceTag/Environment": "dev" } } });
    const tagger = target("tagger", TAGGER, trust({ AWS: arn("kiro-agent") }));
    expect(own([agent([allow("dynamodb:DeleteTable"), guard("dynamodb:DeleteTable")]), tagger])).toHaveLength(1);
    const writesPolicies = agent([allow("iam:PutRolePolicy"), guard("iam:PutRolePolicy")]);
    expect(escalation([writesPolicies])).toEqual([]);
    const [f] = escalation([writesPolicies, tagger]).filter((x) => x.subject === arn("kiro-agent"));
    expect(f?.message).toContain("(path iam-put-role-policy)");
  });

  it("a Deny keyed on the agent's own tags stops protecting only through a role that can tag IAM principals", () => {
    // aws:PrincipalTag reads the agent's role's tags: iam:TagRole (or the Tagging API) of a role it
    // can become changes them; a role that tags tables does not.
    const exempt = deny("dynamodb:DeleteTable", "*", { Condition: { StringNotEquals: { "aws:PrincipalTag/team": "sandbox" } } });
    const tagged = role([allow("dynamodb:DeleteTable"), exempt, allow("sts:AssumeRole", arn("tagger"))], { name: "kiro-agent", tags: { team: "ops" }, trustPolicy: trust({ Service: "ecs-tasks.amazonaws.com" }) });
    expect(own([tagged])).toEqual([]);
    const [f] = own([tagged, target("tagger", [allow(["iam:TagRole", "iam:UntagRole"], arn("*"))])]);
    expect(f?.evidence.some((e) => e.note?.includes("it can become kiro-agent → tagger (sts:AssumeRole), which can change the tags of") && e.note.endsWith("of IAM principals"))).toBe(true);
    expect(own([tagged, target("tagger", [allow("dynamodb:TagResource")])])).toEqual([]);
  });

  it("a role the agent can become with a managed policy the input does not hold may tag (fail closed)", () => {
    const unverified = role([], { name: "ops", trustPolicy: trust({ AWS: arn("kiro-agent") }), unresolvedPolicies: [{ arn: `arn:aws:iam::${PROD_ACCOUNT}:policy/ops-tagging`, evidence: { file: "template.json" } }] });
    const [f] = own([agent([devDeletes]), unverified]);
    expect(f?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(f?.evidence.some((e) => e.note?.includes("it can become kiro-agent → ops (sts:AssumeRole) (its managed policies cannot be verified), which can change the tags of production resources and of IAM principals"))).toBe(true);
  });

  it("no reachable tagging right, no change: trust of another account, a dev-only or denied tagging right, no chaining", () => {
    const assumes = agent([devDeletes, allow("sts:AssumeRole", arn("tagger"))]);
    expect(own([assumes, target("tagger", TAGGER, trust({ AWS: "arn:aws:iam::999999999999:root" }))])).toEqual([]);
    expect(own([assumes, target("tagger", [devDeletes, allow("dynamodb:TagResource", "*", { Condition: { StringEquals: { "aws:ResourceTag/Environment": "dev" } } })])])).toEqual([]);
    expect(own([assumes, target("tagger", [...TAGGER, deny(["tag:*", "dynamodb:TagResource", "dynamodb:UntagResource"])])])).toEqual([]);
    expect(own([assumes, target("reader", [allow("dynamodb:DescribeTable")])])).toEqual([]);
    const principals = [assumes, target("tagger", TAGGER)];
    expect(evaluateIam({ principals }, policy, catalogue, { maxChainDepth: 0 }).findings.filter((f) => f.rule === "agent-destructive-prod" && f.subject === arn("kiro-agent"))).toEqual([]);
  });
});
