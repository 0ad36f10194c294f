/**
 * One test per escalation path of policies/escalation-paths.yaml (issue 13, item 1): the path's
 * exact actions on `*` are flagged as agent-privilege-escalation naming those actions and the
 * path; a narrowed variant is not flagged: one action missing (when no other path is left
 * complete), else every action on a resource the actions cannot act on.
 */
import { readFileSync } from "node:fs";
import { canonicalAction } from "../../../src/core/iam/catalogue.js";
import { tierIndex } from "../../../src/core/iam/tiers.js";
import type { EscalationPath } from "../../../src/core/policy.js";
import { allow, catalogue, DEV_ACCOUNT, escalation, policy, PROD_ACCOUNT, role, source } from "./helpers.js";

const paths = policy.escalation.paths;
/** A resource of a service no path uses: no path action can act on it. */
const UNRELATED = "arn:aws:sns:us-east-1:111111111111:unrelated-topic";

const completes = (actions: readonly string[], path: EscalationPath): boolean => path.actions.every((a) => actions.includes(a));

/** The first action whose removal leaves no path complete; undefined when every removal does. */
function droppable(path: EscalationPath): string | undefined {
  if (path.actions.length < 2) return undefined;
  return path.actions.find((a) => {
    const rest = path.actions.filter((x) => x !== a);
    return !paths.some((p) => completes(rest, p));
  });
}

describe("escalation paths data", () => {
  it("names only actions of the catalogue, in their canonical spelling", () => {
    const unknown = paths.flatMap((p) => p.actions.filter((a) => canonicalAction(catalogue, a) !== a).map((a) => `${p.id}: ${a}`));
    expect(unknown).toEqual([]);
  });

  it("has more than 80 paths, every one with a source, and docs/escalation-paths.md lists every path id", () => {
    expect(paths.length).toBeGreaterThan(80);
    const doc = readFileSync(new URL("../../../docs/escalation-paths.md", import.meta.url), "utf8");
    expect(paths.filter((p) => !doc.includes(`\`${p.id}\``)).map((p) => p.id)).toEqual([]);
  });
});

describe("escalation paths and the destructive tiers", () => {
  it("every path has an action of a tier (T1-T4), so the guardrail boundary generated from the tiers breaks it, or names the resources the boundary denies its actions on", () => {
    const tiers = tierIndex(catalogue, policy.destructive); // the tier lists alone, without the paths
    const unbroken = paths.filter((p) => !p.resources && !p.actions.some((a) => [...(tiers.tiersOf(a) ?? [])].some((t) => t !== "tagging" && t !== "pathStep")));
    expect(unbroken.map((p) => p.id)).toEqual([]);
    // A path limited to named resources is broken there by the boundary (test/core/boundary/oracle-exhaustive.test.ts).
    expect(paths.filter((p) => p.resources).map((p) => p.id)).toEqual(["s3-overwrite-cdk-asset", "s3-overwrite-glue-script"]);
  });
});

describe.each(paths.map((p) => [p.id, p] as const))("path %s", (id, path) => {
  it("its exact actions on * escalate, naming them", () => {
    const [f] = escalation(role([allow(path.actions)]));
    expect(f?.message).toContain(`(path ${id})`);
    expect(f?.actions).toEqual(expect.arrayContaining(path.actions));
  });

  const dropped = droppable(path);
  if (dropped) {
    it(`without ${dropped} it does not escalate`, () => {
      expect(escalation(role([allow(path.actions.filter((a) => a !== dropped))]))).toEqual([]);
    });
  } else {
    it("on a resource its actions cannot act on it does not escalate", () => {
      expect(escalation(role([allow(path.actions, UNRELATED)]))).toEqual([]);
    });
  }
});

describe("a notebook instance's lifecycle configuration rewritten in place", () => {
  // SageMaker API Reference, UpdateNotebookInstanceLifecycleConfig: an update reaches every notebook
  // instance using the configuration at its next start, and the scripts run as root with the
  // instance's execution role. No new configuration, no UpdateNotebookInstance, no iam:PassRole.
  const notebookRole = role([allow("*")], {
    name: "notebook-admin",
    trustPolicy: source("Trust", [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }]),
  });

  it("sagemaker:UpdateNotebookInstanceLifecycleConfig alone escalates and names the notebook's role", () => {
    const [f] = escalation([role([allow("sagemaker:UpdateNotebookInstanceLifecycleConfig")]), notebookRole]).filter((x) => x.subject.endsWith("/AgentRole"));
    expect(f?.actions).toEqual(["sagemaker:UpdateNotebookInstanceLifecycleConfig"]);
    expect(f?.message).toContain("notebook-admin");
  });

  it("on one lifecycle configuration's ARN it still escalates; on a notebook instance's ARN it acts on nothing", () => {
    const config = "arn:aws:sagemaker:us-east-1:111111111111:notebook-instance-lifecycle-config/nightly-setup";
    expect(escalation(role([allow("sagemaker:UpdateNotebookInstanceLifecycleConfig", config)])).length).toBe(1);
    expect(escalation(role([allow("sagemaker:UpdateNotebookInstanceLifecycleConfig", "arn:aws:sagemaker:us-east-1:111111111111:notebook-instance/nb")]))).toEqual([]);
  });
});

describe("an existing workload's code rewritten in place runs at the workload's own triggers", () => {
  // As lambda-update-code: a state machine started by an EventBridge rule or schedule, a CodeBuild
  // project built by its webhook or pipeline, a Glue job started by its scheduled trigger all run
  // the rewritten definition, buildspec or script as their role at their next run, so the agent
  // needs no StartExecution, StartBuild or StartJobRun of its own (HackTricks Step Functions page:
  // "when a legitimate user starts an execution"; CodeBuild webhooks; Glue triggers).
  const trusting = (service: string) =>
    role([allow("*")], { name: `admin-of-${service.split(".")[0] ?? service}`, trustPolicy: source("Trust", [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]) });
  it.each([
    [["states:UpdateStateMachine"], "states.amazonaws.com"],
    [["codebuild:UpdateProject"], "codebuild.amazonaws.com"],
    [["iam:PassRole", "glue:UpdateJob"], "glue.amazonaws.com"],
    // Amplify builds each branch on every push (enableAutoBuild) with the app's or branch's
    // buildSpec and the app's service role; a SageMaker pipeline's scheduled executions run the
    // definition UpdatePipeline wrote, RoleArn left as it was.
    [["amplify:UpdateApp"], "amplify.amazonaws.com"],
    [["amplify:UpdateBranch"], "amplify.amazonaws.com"],
    [["sagemaker:UpdatePipeline"], "sagemaker.amazonaws.com"],
  ])("%j escalates and names the role that trusts %s", (actions, service) => {
    const [f] = escalation([role([allow(actions)]), trusting(service)]).filter((x) => x.subject.endsWith("/AgentRole"));
    expect(f?.actions).toEqual(expect.arrayContaining(actions));
    expect(f?.message).toContain(`admin-of-${service.split(".")[0] ?? service}`);
  });

  it("on one workload's ARN it still escalates; on a resource of another type it acts on nothing", () => {
    const machine = "arn:aws:states:us-east-1:111111111111:stateMachine:nightly-export";
    const project = "arn:aws:codebuild:us-east-1:111111111111:project/web-ci";
    expect(escalation(role([allow("states:UpdateStateMachine", machine)])).length).toBe(1);
    expect(escalation(role([allow("codebuild:UpdateProject", project)])).length).toBe(1);
    expect(escalation(role([allow("states:UpdateStateMachine", project)]))).toEqual([]);
    expect(escalation(role([allow("codebuild:UpdateProject", machine)]))).toEqual([]);
  });

  it("glue:UpdateJob without iam:PassRole does not escalate: JobUpdate names the job's role, so IAM checks iam:PassRole on it", () => {
    expect(escalation(role([allow("glue:UpdateJob")]))).toEqual([]);
  });
});

describe("a user pool user an agent can sign in as, whose tokens an identity pool exchanges for its roles", () => {
  // Cognito Developer Guide, "Adding groups to a user pool" and "Role-based access control": an
  // identity pool gives a signed-in user the authenticated role, or with token-based mapping the
  // role of the user's group (cognito:preferred_role). Sign-in (InitiateAuth, RespondToAuthChallenge)
  // and the identity pool's GetId/GetCredentialsForIdentity need no IAM permission of the caller, so
  // setting a user's password, creating a user, putting a user in a group or pointing a user's
  // verified email at the agent (then ForgotPassword), or linking an external identity of the
  // agent's to the user, gives the agent that role, as iam:UpdateLoginProfile does an IAM user's.
  const poolRole = role([allow("*")], {
    name: "app-admins-group-role",
    trustPolicy: source("Trust", [
      {
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:0f4c1c4e-0000-4000-8000-000000000000" }, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } },
      },
    ]),
  });
  const userPool = "arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_AbCdEf123";
  it.each([["cognito-idp:AdminSetUserPassword"], ["cognito-idp:AdminCreateUser"], ["cognito-idp:AdminAddUserToGroup"], ["cognito-idp:AdminUpdateUserAttributes"], ["cognito-idp:AdminLinkProviderForUser"]])(
    "%s alone escalates and names the role the identity pool hands out",
    (action) => {
      const [f] = escalation([role([allow(action)]), poolRole]).filter((x) => x.subject.endsWith("/AgentRole"));
      expect(f?.actions).toEqual([action]);
      expect(f?.message).toContain("app-admins-group-role");
      expect(escalation(role([allow(action, userPool)])).length).toBe(1);
      expect(escalation(role([allow(action, "arn:aws:cognito-identity:us-east-1:111111111111:identitypool/us-east-1:0f4c1c4e-0000-4000-8000-000000000000")]))).toEqual([]);
    },
  );
  it.each([[["cognito-idp:UpdateIdentityProvider"]], [["cognito-idp:CreateIdentityProvider", "cognito-idp:UpdateUserPoolClient"]]])(
    "%j: an identity provider of the agent's signs it in as the pool's federated users (as iam:UpdateSAMLProvider)",
    (actions) => {
      const [f] = escalation([role([allow(actions)]), poolRole]).filter((x) => x.subject.endsWith("/AgentRole"));
      expect(f?.actions).toEqual(expect.arrayContaining(actions));
      expect(f?.message).toContain("app-admins-group-role");
    },
  );
  it("a new identity provider no app client offers gives no sign-in: no escalation", () => {
    expect(escalation(role([allow("cognito-idp:CreateIdentityProvider")]))).toEqual([]);
  });
  it("reads of users and groups, and sign-out or disabling, give no sign-in: no escalation", () => {
    expect(escalation(role([allow(["cognito-idp:AdminGetUser", "cognito-idp:ListUsersInGroup", "cognito-idp:AdminUserGlobalSignOut", "cognito-idp:AdminDisableUser"])]))).toEqual([]);
  });
});

describe("existing workloads an agent reaches by a session, a streaming URL, a sandbox or a job, with no role parameter", () => {
  // These operations take no role, so the passed-role enumeration (test/fixtures/iam/passed-role-apis)
  // cannot see them; each opens the workload whose role an existing passed-role path hands over.
  const trusting = (service: string) =>
    role([allow("*")], { name: `admin-of-${service.split(".")[0] ?? service}`, trustPolicy: source("Trust", [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]) });
  it.each([
    [["deadline:AssumeQueueRoleForUser"], "credentials.deadline.amazonaws.com"],
    [["deadline:CreateJob"], "credentials.deadline.amazonaws.com"],
    [["appstream:CreateStreamingURL"], "appstream.amazonaws.com"],
    [["appstream:CreateImageBuilderStreamingURL"], "appstream.amazonaws.com"],
    [["appstream:CreateAppBlockBuilderStreamingURL"], "appstream.amazonaws.com"],
    // Glue API Reference, RunStatement: the statement runs in an existing interactive session,
    // whose code runs as the role its creator passed (a notebook user's session, a DataZone project's).
    [["glue:RunStatement"], "glue.amazonaws.com"],
    [["codebuild:StartSandbox", "codebuild:StartCommandExecution"], "codebuild.amazonaws.com"],
    [["codebuild:StartSandbox", "codebuild:StartSandboxConnection"], "codebuild.amazonaws.com"],
    [["sagemaker:StartSession"], "sagemaker.amazonaws.com"],
    [["gamelift:UpdateContainerGroupDefinition", "gamelift:UpdateContainerFleet"], "gamelift.amazonaws.com"],
    [["deadline:CreateWorker", "deadline:AssumeFleetRoleForWorker"], "credentials.deadline.amazonaws.com"],
    [["deadline:CreateWorker", "deadline:AssumeQueueRoleForWorker"], "credentials.deadline.amazonaws.com"],
  ])("%j escalates and names the role that trusts %s", (actions, service) => {
    const [f] = escalation([role([allow(actions)]), trusting(service)]).filter((x) => x.subject.endsWith("/AgentRole"));
    expect(f?.actions).toEqual(expect.arrayContaining(actions));
    expect(f?.message).toContain(`admin-of-${service.split(".")[0] ?? service}`);
  });
  it("deadline:AssumeQueueRoleForRead and AssumeFleetRoleForRead return read-only credentials: no escalation", () => {
    expect(escalation(role([allow(["deadline:AssumeQueueRoleForRead", "deadline:AssumeFleetRoleForRead"])]))).toEqual([]);
  });
});


describe("a root session in a member account (sts:AssumeRoot)", () => {
  // STS API Reference, AssumeRoot: from the management account or a delegated administrator, with
  // centralized root access on, it returns a member account's root credentials scoped by an AWS
  // managed task policy; IAMCreateRootUserPassword sets the root user's password, after which every
  // sign-in is the root user's. The role's own trust is not involved, so no sts:AssumeRole path sees it.
  it("sts:AssumeRoot on a production account's root escalates; on a non-production account's root, which is not production, none", () => {
    const [f] = escalation(role([allow("sts:AssumeRoot", `arn:aws:iam::${PROD_ACCOUNT}:root`)]));
    expect(f?.message).toContain("(path sts-assume-root)");
    expect(f?.actions).toEqual(["sts:AssumeRoot"]);
    expect(escalation(role([allow("sts:AssumeRoot", `arn:aws:iam::${DEV_ACCOUNT}:root`)]))).toEqual([]);
  });

  it("sts:AssumeRol* does not grant it, and sts:Assume* does", () => {
    expect(escalation(role([allow("sts:AssumeRol*")])).flatMap((f) => f.actions ?? [])).not.toContain("sts:AssumeRoot");
    expect(escalation(role([allow("sts:Assume*")])).flatMap((f) => f.actions ?? [])).toContain("sts:AssumeRoot");
  });
});

describe("a role inside a service request payload (AWS Batch service jobs)", () => {
  // AWS Batch User Guide, "Service job payloads": SubmitServiceJob's serviceRequestPayload is a
  // SageMaker CreateTrainingJob request, RoleArn and TrainingImage/ContainerEntrypoint included,
  // passed through unvalidated; Batch's service-linked role (AWSBatchServiceRolePolicyForSageMaker)
  // passes the role to sagemaker.amazonaws.com. The role is inside a JSON string, so the botocore
  // walk of role members (test/fixtures/iam/passed-role-apis) cannot see it.
  const sagemakerAdmin = role([allow("*")], {
    name: "sagemaker-admin",
    trustPolicy: source("Trust", [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }]),
  });
  it("iam:PassRole + batch:SubmitServiceJob on an existing SageMaker job queue escalates and names the role that trusts SageMaker", () => {
    const [f] = escalation([role([allow(["iam:PassRole", "batch:SubmitServiceJob"])]), sagemakerAdmin]).filter((x) => x.subject.endsWith("/AgentRole"));
    expect(f?.message).toContain("(path batch-submit-service-job)");
    expect(f?.message).toContain("sagemaker-admin");
    expect([...(f?.actions ?? [])].sort()).toEqual(["batch:SubmitServiceJob", "iam:PassRole"]);
  });
  it("PassRole limited to sagemaker.amazonaws.com or batch.amazonaws.com still escalates; limited to lambda.amazonaws.com it does not", () => {
    const limited = (service: string) => role([allow("iam:PassRole", "*", { Condition: { StringEquals: { "iam:PassedToService": service } } }), allow("batch:SubmitServiceJob")]);
    expect(escalation(limited("sagemaker.amazonaws.com")).length).toBeGreaterThan(0);
    expect(escalation(limited("batch.amazonaws.com")).length).toBeGreaterThan(0);
    expect(escalation(limited("lambda.amazonaws.com"))).toEqual([]);
  });
});

describe("AWS Lambda MicroVMs (2026): a MicroVM runs as the execution role it is given", () => {
  // Lambda MicroVMs API Reference, RunMicrovm: executionRoleArn is "the IAM role to be assumed by the
  // MicroVM during execution"; CreateMicrovmImage builds the caller's Dockerfile, whose run hook
  // starts with the MicroVM; CreateMicrovmShellAuthToken opens a shell in a MicroVM. Their operations
  // (botocore lambda-microvms) are newer than the passed-role walk's botocore 1.43.11, and the
  // catalogue gives RunMicrovm no role condition key.
  const lambdaAdmin = role([allow("*")], {
    name: "lambda-admin",
    trustPolicy: source("Trust", [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]),
  });
  it.each([
    [["iam:PassRole", "lambda:CreateMicrovmImage", "lambda:RunMicrovm"], "lambda-microvm-image-run"],
    [["iam:PassRole", "lambda:RunMicrovm", "lambda:CreateMicrovmShellAuthToken"], "lambda-microvm-run-shell"],
    [["lambda:CreateMicrovmShellAuthToken"], "lambda-microvm-shell"],
    // MicroVMs are built to run code sent to their HTTP endpoint (code-execution sandboxes, REPLs):
    // an image the input does not show may be one (fail closed).
    [["iam:PassRole", "lambda:RunMicrovm", "lambda:CreateMicrovmAuthToken"], "lambda-microvm-run-endpoint"],
  ])("%j escalates (path %s) and names the role that trusts Lambda", (actions, id) => {
    const [f] = escalation([role([allow(actions)]), lambdaAdmin]).filter((x) => x.subject.endsWith("/AgentRole"));
    expect(f?.message).toContain(`(path ${id})`);
    expect(f?.message).toContain("lambda-admin");
  });
  it("running a MicroVM with a passed role it cannot reach, or reaching one without a shell or a role of its choosing, does not", () => {
    expect(escalation(role([allow(["iam:PassRole", "lambda:RunMicrovm"])]))).toEqual([]);
    expect(escalation(role([allow(["lambda:RunMicrovm", "lambda:CreateMicrovmAuthToken", "lambda:CreateMicrovmImage"])]))).toEqual([]);
  });
});
