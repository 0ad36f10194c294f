import fc from "fast-check";
import { wildcardMatch } from "../../../src/core/glob.js";
import { agentNamePattern, agentReason, firstMatch } from "../../../src/core/iam/agents.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";
import { role, source } from "./helpers.js";

const agents = resolvePolicy(parseUserConfig("c.yml", "agents:\n  trustPrincipals: ['arn:aws:iam::*:role/ci-runner']\n")).agents;
const trust = (statement: Record<string, unknown>) => source("Trust", [{ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", ...statement }]);
const github = (sub: unknown, operator = "StringLike") =>
  trust({
    Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" },
    Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, [operator]: { "token.actions.githubusercontent.com:sub": sub } },
  });

/**
 * The one departure from wildcardMatch: a `*word*` pattern (printable ASCII) on a printable-ASCII
 * name whose every occurrence crosses a lower→upper case change without starting and ending on
 * the name's word boundaries.
 */
function onlyAcrossWords(pattern: string, name: string): boolean {
  const printable = /^[\x20-\x7e]*$/;
  const word = pattern.slice(1, -1);
  if (!(pattern.length > 2 && pattern.startsWith("*") && pattern.endsWith("*")) || /[*?]/.test(word) || !printable.test(word) || !printable.test(name)) return false;
  const boundary = (i: number) =>
    !/[A-Za-z]/.test(name[i - 1] ?? "") || !/[A-Za-z]/.test(name[i] ?? "") || /[a-z][A-Z]/.test(name.slice(i - 1, i + 1)) || /[A-Z][A-Z][a-z]/.test(name.slice(i - 1, i + 2));
  const lower = name.toLowerCase();
  const at: number[] = [];
  for (let i = lower.indexOf(word.toLowerCase()); i >= 0; i = lower.indexOf(word.toLowerCase(), i + 1)) at.push(i);
  return at.length > 0 && at.every((i) => /[a-z][A-Z]/.test(name.slice(i, i + word.length)) && !(boundary(i) && boundary(i + word.length)));
}

describe("agentReason", () => {
  it("matches role names case-insensitively", () => {
    expect(agentReason(role([], { name: "Kiro-Deployer" }), agents)).toContain('"*kiro*"');
    expect(agentReason(role([], { name: "OpsAdmin" }), agents)).toBeUndefined();
    // The other coding agents whose names are no ordinary word.
    for (const name of ["gemini-cli-deployer", "WindsurfRunner", "codeium-ci", "opencode-agent-prod", "TabnineSync", "junie-tasks", "qodo-merge"]) {
      expect([name, agentReason(role([], { name }), agents)]).toEqual([name, expect.stringMatching(/^name .* matches "\*[a-z]+\*"$/)]);
    }
    for (const name of ["payments-decline-handler", "data-augmentation-role"]) expect(agentReason(role([], { name }), agents)).toBeUndefined();
  });

  it("a *word* pattern does not match where the name's camelCase shows two other words (construct paths: PollMessages, SmallModel, DevInstance)", () => {
    const matched = (name: string) => agentReason(role([], { name }), agents);
    for (const name of ["Orders/PollMessagesFunction/ServiceRole/Resource", "Ml/SmallModelTrainer/Role", "Ops/InstallMgr/Role", "Ops/FullMonitoringRole", "Web/DevInstanceRole", "Web/KillModeRole"]) expect([name, matched(name)]).toEqual([name, undefined]);
    // A word that starts and ends on the name's word boundaries still counts, across its own case changes;
    // without case (all lower case) every occurrence counts (fail closed).
    for (const name of ["Chat/LlmRouterRole", "Chat/LLMRouterRole", "MyGenAIRole", "GenAiRole", "OpenHandsRole", "CoPilotRole", "pollmessages-role", "my-llm-role", "AmazonBedrockExecutionRoleForAgents_12"]) {
      expect([name, matched(name)]).toEqual([name, expect.stringMatching(/^name /)]);
    }
    expect(firstMatch(["*botrole*"], "Deploy/DeployBotRole")).toBe("*botrole*");
  });

  it("name patterns match like wildcardMatch (the *word* shortcut included), on any text", () => {
    const patterns = [...agents.roleNamePatterns, "*a?c*", "exact-Name", "**", "*ſ*", "*k*", "pre*"];
    const custom = { ...agents, roleNamePatterns: patterns, nonAgentPhrases: [], tags: {}, trustPrincipals: [] };
    const expected = (name: string) => patterns.find((p) => wildcardMatch(p, name) && !onlyAcrossWords(p, name));
    const names = fc.oneof(fc.string(), fc.constantFrom("OpsAgentRole", "KIRO", "my-Claude-role", "abc", "ſ", "K", "\u212A", "s", "exact-name", "prefix", "x\ny-agent"));
    fc.assert(
      fc.property(fc.array(names, { maxLength: 3 }).map((parts) => parts.join("")), (name) => {
        const pattern = expected(name);
        const reason = agentReason(role([], { name }), custom);
        expect(reason).toBe(pattern === undefined ? undefined : `name ${name} matches "${pattern}"`);
      }),
      { numRuns: 500 },
    );
  });

  it("each name pattern alone matches like wildcardMatch, whatever its shape and the name's letters", () => {
    const patterns = ["*ſ*", "*\u212A*", "*k*", "pre*", "*kiro", "*x*y*", "*a?c*", "**", "*", "exact-Name"];
    const names = fc.constantFrom("s", "S", "K", "\u212A", "k", "spree", "prefix", "kirox", "xkiro", "x-y", "xy", "aXc", "ac", "exact-name", "");
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.array(names, { maxLength: 3 }).map((parts) => parts.join("")), (pattern, name) => {
        expect(firstMatch([pattern], name)).toBe(wildcardMatch(pattern, name) && !onlyAcrossWords(pattern, name) ? pattern : undefined);
      }),
      { numRuns: 1000 },
    );
  });

  it("HashiCorp's and Grafana's agent programs are no AI agents: Terraform Cloud (tfc-agent), Vault Agent, Consul, Grafana Agent", () => {
    const named = (name: string) => agentReason(role([], { name }), agents);
    // assareh/tfc-agent tfc-agent-ecs/producer/main.tf: the hashicorp/tfc-agent ECS task role
    // `${prefix}-ecs-tfc-agent-role` (which assumes `${prefix}-terraform_dev_role`, AmazonEC2FullAccess) and
    // its execution role; Vault Agent's AWS auth roles (`vault-agent-role`, `${cluster}-vault-agent-role`);
    // Grafana Agent's remote-write role for Amazon Managed Prometheus.
    for (const name of ["acme-ecs-tfc-agent-role", "acme-ecs-tfc-agent-task-init-role", "TfcAgentTaskRole", "terraform-cloud-agent", "HcpTerraformAgentRole", "vault-agent-role", "prod-eks-vault-agent-role", "ConsulAgentRole", "EKS-GrafanaAgent-AMP-Role"]) {
      expect([name, named(name)]).toEqual([name, undefined]);
    }
    for (const name of ["tfc-ai-agent", "TfcAgenticRole", "vault-claude-agent", "grafanaagentrole"]) expect([name, named(name)]).toEqual([name, expect.stringContaining("matches")]);
  });

  it("agent software of monitoring, security and CI products is no AI agent: its role's \"agent\" does not count (nonAgentPhrases)", () => {
    const named = (name: string) => agentReason(role([], { name }), agents);
    // AWS docs' CloudWatch agent roles, the CWAgent namespace, SSM and CodeDeploy agents, Inspector's
    // agentless scanning role, and Buildkite's Elastic CI Stack (templates/aws-stack.yml).
    for (const name of [
      "CloudWatchAgentServerRole",
      "CloudWatchAgentAdminRole",
      "cloudwatch-agent-role",
      "CWAgentRole",
      "SSMAgentInstanceRole",
      "codedeploy_agent_role",
      "AWSServiceRoleForAmazonInspector2Agentless",
      "aws-stack/StopBuildkiteAgentsRole",
      "jenkins-agents",
      "Ops/DatadogAgentRole/Resource",
      "eks-pod-identity-agent-role",
      "aws-guardduty-agent-role",
      "DynatraceOneAgentRole",
      "AzureDevOpsAgentPool",
      "AWSApplicationMigrationAgentRole",
      "AWSElasticDisasterRecoveryAgentInstallationRole",
      // Ordinary words with a pattern's letters inside: `*llm*`, `*agent*`, `*cursor*`.
      "Orders/FulfillmentFunction/ServiceRole",
      "order-fulfillment-role",
      "StudentEnrollmentTableRole",
      "installments-api",
      "ReagentInventoryRole",
      "MagentaThemeRole",
      "PrecursorIngestRole",
      "RaidersStatsRole",
      "PhilanthropicGrantsRole",
      "windsurfing-school-bookings",
      // AWS services named `amazon-q…` that are no Amazon Q.
      "amazon-quicksight-athena",
      "amazon-qldb-export-role",
    ]) {
      expect([name, named(name)]).toEqual([name, undefined]);
    }
    // Still an agent's: another pattern, another occurrence of the word, a word the phrase only
    // begins (`Agentic`), a name all in one case (no word ends to see), or a phrase's words apart.
    for (const [name, pattern] of [
      ["ClaudeCloudWatchAgentRole", "*claude*"],
      ["CloudWatchAgentRole-ai-agent", "*agent*"],
      ["JenkinsAgenticRole", "*agent*"],
      ["cloudwatchagentserverrole", "*agent*"],
      ["CloudWatchAIAgentRole", "*agent*"],
      ["BossmAgent", "*agent*"],
      ["CodingAgentRole", "*agent*"],
      ["orderfulfillmentrole", "*llm*"],
      ["FulfillmentLlmRole", "*llm*"],
      ["subagent-runner", "*agent*"],
      ["AIDevOpsAgentRole", "*agent*"],
      // A multi-agent system's agents, named by their job, are not AWS's own agent software.
      ["ProfilerAgentRole", "*agent*"],
      ["MigrationAgentRole", "*agent*"],
      ["InspectorAgentRole", "*agent*"],
      ["DisasterRecoveryAgent", "*agent*"],
      ["amazon-q-transform-role", "*amazon-q*"],
      ["amazon-q-quicksight-reader", "*amazon-q*"],
    ] as const) {
      expect([name, named(name)]).toEqual([name, `name ${name} matches "${pattern}"`]);
    }
    // A role the trust policy admits is read the same way.
    const trustedBy = (arn: string) => agentReason(role([], { name: "Deployer", trustPolicy: trust({ Principal: { AWS: arn } }) }), agents);
    expect(trustedBy("arn:aws:iam::123456789012:role/CloudWatchAgentServerRole")).toBeUndefined();
    expect(trustedBy("arn:aws:iam::123456789012:role/coding-agent")).toContain("agent by name");
    // A name known only as a pattern: its own text decides; what `*` stands for might complete a phrase, or not.
    const possibly = (name: string) => agentReason(role([], { name: "Role", possibleNames: [{ name, from: "RoleName" }] }), agents);
    expect(possibly("*-CloudWatchAgentRole")).toBeUndefined();
    expect(possibly("*-agent")).toContain('"*agent*"');
    expect(possibly("cloudwatch-*-agent")).toContain('"*agent*"');
  });

  it("a phrase configured for a person named like an agent frees that name only", () => {
    const people = resolvePolicy(parseUserConfig("c.yml", "agents:\n  nonAgentPhrases: [Devin Smith, claude dubois]\n")).agents;
    const named = (name: string) => agentReason(role([], { name, kind: "user" }), people);
    for (const name of ["devin.smith", "Devin.Smith", "devin_smith", "devinsmith", "claude.dubois@example.com"]) expect([name, named(name)]).toEqual([name, undefined]);
    // Another person (the phrase ends inside a word), another occurrence, another name.
    for (const name of ["devin.smithers", "devin.smith-devin-agent", "devin-ai", "claude-code"]) expect([name, named(name)]).toEqual([name, expect.stringMatching(/^name /)]);
  });

  it("other IaC runners' self-hosted agents are no AI agents: env0's (env0/env0-agent Helm chart) and Scalr's", () => {
    // env0 self-hosted Kubernetes agent: `helm install env0-agent env0/env0-agent --namespace env0-agent`, its
    // IRSA role applying approved IaC runs as tfc-agent's does; Scalr's self-hosted agent pools likewise.
    const named = (name: string) => agentReason(role([], { name }), agents);
    for (const name of ["env0-agent-role", "Env0AgentDeployerRole", "prod-eks-env0-agent-irsa", "scalr-agent-irsa", "ScalrAgentPoolRole"]) expect([name, named(name)]).toEqual([name, undefined]);
    for (const name of ["env0-ai-agent", "env0agentrole", "Env0AgenticRole"]) expect([name, named(name)]).toEqual([name, expect.stringContaining("matches")]);
  });

  it("Teleport's agent is no AI agent: its Kubernetes agent's IRSA role, by its name or its service account", () => {
    // gravitational/teleport examples/chart/teleport-kube-agent ("This chart is a Teleport agent used to
    // register … Kubernetes, Application, Database access"), installed in namespace teleport-agent; public
    // Terraform gives its IRSA role rds:ModifyDBInstance and iam:PutRolePolicy for database discovery
    // (role teleport-kube-agent, sub system:serviceaccount:teleport-agent:teleport-kube-agent;
    // DecubeDataTeleportAgentRDSIamAuthentication, sub …:teleport-agent:teleport-agent).
    const defaults = resolvePolicy().agents;
    const named = (name: string) => agentReason(role([], { name }), defaults);
    for (const name of ["teleport-kube-agent", "DecubeDataTeleportAgentRDSIamAuthentication", "eks-teleport-db-agent"]) expect([name, named(name)]).toEqual([name, name === "eks-teleport-db-agent" ? expect.stringContaining("matches") : undefined]);
    const irsa = (sub: string) =>
      agentReason(role([], { name: "eks-db-access", trustPolicy: trust({ Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/AB12" }, Condition: { StringEquals: { "oidc.eks.us-east-1.amazonaws.com/id/AB12:sub": sub } } }) }), defaults);
    expect(irsa("system:serviceaccount:teleport-agent:teleport-kube-agent")).toBeUndefined();
    expect(irsa("system:serviceaccount:teleport:teleport-agent")).toBeUndefined();
    // Another agent in Teleport's namespace is still one.
    expect(irsa("system:serviceaccount:teleport-agent:claude-runner")).toContain('"*claude*"');
  });

  it("the HTTP User-Agent is no AI agent: a function that parses or routes by it is named for the header", () => {
    // Lambda@Edge device routing and log enrichment parse the User-Agent header (RFC 9110); CDK names
    // their roles by construct path. An AI agent beside the phrase still counts.
    const named = (name: string) => agentReason(role([], { name }), agents);
    for (const name of ["Logs/ParseUserAgentFunction/ServiceRole/Resource", "user-agent-enricher-role", "Edge/UserAgentRouterFn/ServiceRole", "user_agents_lookup"]) {
      expect([name, named(name)]).toEqual([name, undefined]);
    }
    for (const name of ["UserProxyAgentRole", "UserSupportAgentRole", "UserAgent-claude-runner", "useragentrole"]) {
      expect([name, named(name)]).toEqual([name, expect.stringMatching(/^name .* matches/)]);
    }
  });

  it("nonAgentPhrases only ever take matches away, and only the word occurrences inside a phrase", () => {
    const phrases = agents.nonAgentPhrases ?? [];
    const words = fc.constantFrom("CloudWatch", "Agent", "Agents", "agent", "-", "_", "Claude", "Ssm", "SSM", "Role", "less", "ic", "jenkins", "Buildkite", "AI", "x");
    fc.assert(
      fc.property(fc.array(words, { maxLength: 6 }).map((parts) => parts.join("")), (name) => {
        const without = firstMatch(agents.roleNamePatterns, name);
        const withPhrases = agentNamePattern(agents, name);
        if (without === undefined) expect(withPhrases).toBeUndefined();
        // An occurrence of the word no phrase can reach (a construct path's next id) brings the match back.
        expect(agentNamePattern(agents, `${name}/agent`)).toBeDefined();
        expect(firstMatch(agents.roleNamePatterns, name, [])).toBe(without);
      }),
      { numRuns: 500 },
    );
    expect(phrases).toEqual(expect.arrayContaining(["cloudwatch agent", "buildkite agent", "agentless"]));
  });

  it("reads a trust policy whose Statement is one object, not a list (valid IAM JSON)", () => {
    const single = (statement: Record<string, unknown>) => ({ name: "Trust", document: { Version: "2012-10-17", Statement: statement }, evidence: { file: "policy.json", pointer: "/Trust" } });
    const runner = { Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::111111111111:role/ci-runner" } };
    expect(agentReason(role([], { name: "Deployer", trustPolicy: single(runner) }), agents)).toContain("ci-runner");
    expect(agentReason(role([], { name: "Deployer", trustPolicy: single({ ...runner, Effect: "Deny" }) }), agents)).toBeUndefined();
  });

  it("matches tags (key case-insensitive, value globs)", () => {
    expect(agentReason(role([], { name: "X", tags: { Agent: "anything" } }), agents)).toBe("tag Agent=anything");
    expect(agentReason(role([], { name: "X", tags: { "agent-guardrail:agent": "false" } }), agents)).toBeUndefined();
  });

  it("matches trust principals: Service, AWS (configured or an agent-named role)", () => {
    expect(agentReason(role([], { name: "X", trustPolicy: trust({ Principal: { Service: ["lambda.amazonaws.com", "bedrock.amazonaws.com"] } }) }), agents)).toContain("bedrock.amazonaws.com");
    expect(agentReason(role([], { name: "X", trustPolicy: trust({ Principal: { AWS: "arn:aws:iam::1:role/ci-runner" } }) }), agents)).toContain("ci-runner");
    expect(agentReason(role([], { name: "X", trustPolicy: trust({ Principal: { AWS: "arn:aws:iam::123456789012:role/claude-code" } }) }), agents)).toContain("agent by name");
    expect(agentReason(role([], { name: "X", trustPolicy: trust({ Principal: { Service: "lambda.amazonaws.com" } }) }), agents)).toBeUndefined();
    expect(agentReason(role([], { name: "X", trustPolicy: trust({ Principal: { AWS: "arn:aws:iam::123456789012:root" } }) }), agents)).toBeUndefined();
    expect(agentReason(role([], { name: "X", trustPolicy: trust({ Principal: { AWS: "*" } }) }), agents)).toContain("any AWS principal");
    expect(agentReason(role([], { name: "X", trustPolicy: trust({ Principal: "*" }) }), agents)).toContain("any principal");
  });

  it("a role session in the trust is an agent's by its role's name, whatever the session is called", () => {
    const admits = (principal: string) => agentReason(role([], { name: "X", trustPolicy: trust({ Principal: { AWS: principal } }) }), agents);
    expect(admits("arn:aws:sts::111111111111:assumed-role/claude-code/ci-1733312000")).toContain('an agent by name ("*claude*")');
    expect(admits("arn:aws:sts::111111111111:assumed-role/deployer/kiro-session")).toBeUndefined();
    expect(admits("arn:aws:iam::111111111111:role/agents/kiro-deployer")).toContain('an agent by name ("*kiro*")');
    expect(admits("arn:aws:iam::111111111111:user/ops/alice")).toBeUndefined();
  });

  it("\"*\" limited by aws:PrincipalArn: a session-free role ARN decides by its name", () => {
    const limited = (arn: string) =>
      agentReason(role([], { name: "X", trustPolicy: trust({ Principal: { AWS: "*" }, Condition: { ArnLike: { "aws:PrincipalArn": arn } } }) }), agents);
    expect(limited("arn:aws:iam::111111111111:role/ops/deployer")).toBeUndefined();
    expect(limited("arn:aws:iam::111111111111:role/ops/kiro-*")).toContain("which an agent can match");
  });

  it("a tag whose value says 'not an agent' (false, no, 0, off, none, empty) is no agent tag where any value is configured; other signals still decide", () => {
    // `agent: ["*"]` means "tagged as an agent"; a team that tags every role `agent: "false"` (or
    // `ai-agent: "none"`) says the opposite. A literal configured value still matches as written.
    const defaults = resolvePolicy().agents;
    for (const value of ["false", "False", "no", "NO", "0", "off", "none", "", " false "]) {
      expect([value, agentReason(role([], { name: "OrdersService", tags: { agent: value } }), defaults)]).toEqual([value, undefined]);
      expect([value, agentReason(role([], { name: "OrdersService", tags: { "ai-agent": value } }), defaults)]).toEqual([value, undefined]);
    }
    for (const value of ["true", "yes", "1", "claude-code", "falsey", "not-sure"]) {
      expect([value, agentReason(role([], { name: "OrdersService", tags: { agent: value } }), defaults)]).toEqual([value, `tag agent=${value}`]);
    }
    // No bypass: the tag only stops counting as a signal; a name or trust that is an agent's still is.
    expect(agentReason(role([], { name: "kiro-deployer", tags: { agent: "false" } }), defaults)).toContain('"*kiro*"');
    expect(agentReason(role([], { name: "X", tags: { agent: "false" }, trustPolicy: trust({ Principal: { Service: "bedrock.amazonaws.com" } }) }), defaults)).toContain("bedrock.amazonaws.com");
    // A value the input cannot resolve (a template parameter) still may be an agent's.
    expect(agentReason(role([], { name: "X", tags: { agent: "*" } }), defaults)).toContain("does not resolve");
    // Configured literally, a "negative" value is what the user means.
    expect(agentReason(role([], { name: "X", tags: { agent: "0" } }), { ...defaults, tags: { agent: ["0"] } })).toBe("tag agent=0");
  });

  it("a tag matches when its value matches any of the configured values", () => {
    const teams = { ...agents, tags: { Team: ["ai-*", "agents"] } };
    expect(agentReason(role([], { name: "X", tags: { team: "agents" } }), teams)).toBe("tag team=agents");
    expect(agentReason(role([], { name: "X", tags: { team: "payments" } }), teams)).toBeUndefined();
  });

  it("every statement and every principal of the trust is read, not only the first", () => {
    const kiro = "arn:aws:iam::111111111111:role/kiro-deployer";
    const statements = (...list: unknown[]) => ({ name: "Trust", document: { Version: "2012-10-17", Statement: list }, evidence: { file: "policy.json" } });
    const assume = (principal: unknown) => ({ Effect: "Allow", Action: "sts:AssumeRole", Principal: principal });
    const reason = (trustPolicy: ReturnType<typeof statements>) => agentReason(role([], { name: "X", trustPolicy }), agents);
    expect(reason(statements(assume({ Service: "lambda.amazonaws.com" }), assume({ AWS: kiro })))).toContain("kiro-deployer");
    // Statements IAM rejects (no Principal, not an object) do not hide the one after them.
    expect(reason(statements(null, { Effect: "Allow", Action: "sts:AssumeRole" }, assume({ AWS: kiro })))).toContain("kiro-deployer");
    // "*" limited to a non-agent role, then an agent role in the same Principal.
    const limited = { ...assume({ AWS: ["*", kiro] }), Condition: { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/deployer" } } };
    expect(reason(statements(limited))).toContain("kiro-deployer");
    // GitHub OIDC limited to main, then an agent role in the same Principal.
    const oidc = { ...assume({ Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com", AWS: kiro }), Condition: { StringEquals: { "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main" } } };
    expect(reason(statements(oidc))).toContain("kiro-deployer");
  });

  it("GitHub OIDC: a * of the trust's sub spans fields, an agent branch's stays in its field (no GitHub field holds a colon)", () => {
    const admits = (sub: string) => agentReason(role([], { name: "X", trustPolicy: github(sub) }), agents);
    // AWS's configure-aws-credentials template with its organization left a parameter (read as *): main only.
    expect(admits("repo:*/app:ref:refs/heads/main")).toBeUndefined();
    expect(admits("repo:*:ref:refs/heads/release/*")).toBeUndefined();
    expect(admits("repo:*/app:environment:production")).toBeUndefined();
    // Whatever reaches an agent's branch or environment still does, however the * falls.
    expect(admits("repo:*/app:*")).toContain('matches agent workflows "repo:*:ref:refs/heads/copilot/*"');
    expect(admits("repo:acme/*")).toContain("repo:acme/*");
    expect(admits("repo:*/app:ref:refs/heads/*")).toContain("repo:*/app:ref:refs/heads/*");
    expect(admits("repo:*/app:ref:refs/heads/c*")).toContain('"repo:*:ref:refs/heads/copilot/*"');
    expect(admits("repo:*/app:environment:*")).toContain('"repo:*:environment:copilot"');
    expect(admits("repo:*")).toContain("repo:*");
  });

  it("NotAction: admits an agent unless it leaves out every assume action", () => {
    const kiro = { AWS: "arn:aws:iam::111111111111:role/kiro-deployer" };
    const notAction = (NotAction: unknown) => agentReason(role([], { name: "X", trustPolicy: trust({ Principal: kiro, NotAction, Action: undefined }) }), agents);
    expect(notAction("sts:AssumeRole")).toContain("kiro-deployer"); // sts:AssumeRoleWithWebIdentity/SAML are left
    expect(notAction(["sts:TagSession", "sts:AssumeRole*"])).toBeUndefined();
  });

  it("a web identity provider other than GitHub's admits an agent only when configured", () => {
    const cognito = trust({ Principal: { Federated: "cognito-identity.amazonaws.com" } });
    expect(agentReason(role([], { name: "X", trustPolicy: cognito }), agents)).toBeUndefined();
    expect(agentReason(role([], { name: "X", trustPolicy: cognito }), { ...agents, trustPrincipals: ["cognito-identity.amazonaws.com"] })).toBe("trust policy admits Federated cognito-identity.amazonaws.com");
  });

  it("GitHub OIDC: a sub that agent branches can present makes an agent; main-only does not", () => {
    expect(agentReason(role([], { name: "X", trustPolicy: github("repo:acme/app:ref:refs/heads/copilot/fix-1") }), agents)).toContain("copilot");
    expect(agentReason(role([], { name: "X", trustPolicy: github("repo:acme/app:*") }), agents)).toContain("repo:acme/app:*");
    expect(agentReason(role([], { name: "X", trustPolicy: github("repo:acme/app:ref:refs/heads/main", "StringEquals") }), agents)).toBeUndefined();
    // Copilot coding agent's jobs run in the `copilot` environment: that is the sub they present.
    expect(agentReason(role([], { name: "X", trustPolicy: github("repo:acme/app:environment:copilot", "StringEquals") }), agents)).toBe(
      'trust policy admits GitHub OIDC subject repo:acme/app:environment:copilot (matches agent workflows "repo:*:environment:copilot")',
    );
    expect(agentReason(role([], { name: "X", trustPolicy: github("repo:acme/app:environment:*") }), agents)).toContain("GitHub OIDC subject repo:acme/app:environment:*");
    expect(agentReason(role([], { name: "X", trustPolicy: github("repo:acme/app:environment:production", "StringEquals") }), agents)).toBeUndefined();
    // StringNotLike names who may NOT assume: any other subject may, an agent branch's included.
    expect(agentReason(role([], { name: "X", trustPolicy: github("repo:acme/app:ref:refs/heads/main", "StringNotLike") }), agents)).toContain("GitHub OIDC subject * (matches agent workflows");
  });

  it("GitHub OIDC from an enterprise's issuer is GitHub's: a custom issuer, GHE.com, GitHub Enterprise Server", () => {
    // GitHub docs ("OpenID Connect"): an enterprise may ask for its own issuer,
    // token.actions.githubusercontent.com/<slug>; GHE.com tenants issue from token.actions.<subdomain>.ghe.com
    // and GHES from https://<host>/_services/token. IAM names the provider and its condition keys by that
    // issuer (public trust policies: oidc-provider/va.ghe.com/_services/token with
    // va.ghe.com/_services/token:sub "repo:software/Project-Accumulator:*").
    const issued = (issuer: string, sub: string | undefined, operator = "StringLike") =>
      agentReason(
        role([], {
          name: "X",
          trustPolicy: trust({
            Principal: { Federated: `arn:aws:iam::111111111111:oidc-provider/${issuer}` },
            Condition: { StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com" }, ...(sub === undefined ? {} : { [operator]: { [`${issuer}:sub`]: sub } }) },
          }),
        }),
        agents,
      );
    for (const issuer of ["token.actions.githubusercontent.com/octo-enterprise", "token.actions.acme.ghe.com", "va.ghe.com/_services/token", "GitHub.Example.com/_services/token"]) {
      expect([issuer, issued(issuer, "repo:software/Project-Accumulator:*")]).toEqual([issuer, expect.stringContaining('GitHub OIDC subject repo:software/Project-Accumulator:* (matches agent workflows "repo:*:ref:refs/heads/copilot/*")')]);
      expect([issuer, issued(issuer, undefined)]).toEqual([issuer, expect.stringContaining("GitHub OIDC without a sub condition")]);
      expect([issuer, issued(issuer, "repo:acme/app:environment:copilot", "StringEquals")]).toEqual([issuer, expect.stringContaining('"repo:*:environment:copilot"')]);
      expect([issuer, issued(issuer, "repo:acme/app:ref:refs/heads/main", "StringEquals")]).toEqual([issuer, undefined]);
    }
    // The provider named by reference, the condition keyed on an enterprise's issuer: GitHub's too.
    const byReference = trust({ Principal: { Federated: "*" }, Condition: { StringLike: { "ghes.example.com/_services/token:sub": "repo:acme/*" } } });
    expect(agentReason(role([], { name: "X", trustPolicy: byReference }), agents)).toContain("GitHub OIDC subject repo:acme/*");
    // Another web identity provider whose path only looks alike is not GitHub's.
    expect(issued("login.example.com/token.actions.githubusercontent.com.evil", "repo:acme/*")).toBeUndefined();
  });

  it("AWS DevOps Agent's roles are an agent's by their trust, whatever their names", () => {
    // The AWS DevOps Agent user guide (CLI onboarding): the Agent Space role trusts aidevops.amazonaws.com
    // (aws:SourceArn its agent space); its elevated role for directed actions gets AIDevOpsAgentActionsPolicy
    // (NotAction iam/sts/organizations... on *). The agent picks the calls.
    const devops = source("Trust", [
      { Effect: "Allow", Principal: { Service: "aidevops.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "111111111111" }, ArnLike: { "aws:SourceArn": "arn:aws:aidevops:us-east-1:111111111111:agentspace/*" } } },
    ]);
    expect(agentReason(role([], { name: "OpsRemediationRole", trustPolicy: devops }), resolvePolicy().agents)).toBe("trust policy admits Service aidevops.amazonaws.com");
  });

  it("AWS Transform's connector role is an agent's by its trust, whatever its name; its service-linked role is not", () => {
    // AWS Transform user guide, "AWS Transform Connectors" (awsdocs, transform-user-connectors.md): a
    // connector's role in the target account trusts transform.amazonaws.com (sts:AssumeRole and, for
    // user traceability, sts:SetContext, aws:SourceAccount the account), and "CloudTrail records agent
    // actions on your AWS resources under the AWS Transform service identity": its migration agents
    // create VPCs, launch and terminate EC2 instances and deploy CloudFormation stacks with it
    // (AWSTransformNetworkMigrationAgentPolicy, AWSTransformServerMigrationAgentPolicy). Decided before
    // running: an agent's role, as AWS DevOps Agent's; AWSServiceRoleForAWSTransform (usage metrics
    // only, at /aws-service-role/) stays no agent's.
    const connector = source("Trust", [
      { Effect: "Allow", Principal: { Service: ["transform.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:SetContext"], Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } },
    ]);
    const defaults = resolvePolicy().agents;
    expect(agentReason(role([], { name: "vmware-migration-connector", trustPolicy: connector }), defaults)).toBe("trust policy admits Service transform.amazonaws.com");
    const linked = role([], {
      name: "AWSServiceRoleForAWSTransform",
      arn: "arn:aws:iam::111111111111:role/aws-service-role/transform.amazonaws.com/AWSServiceRoleForAWSTransform",
      trustPolicy: source("Trust", [{ Effect: "Allow", Principal: { Service: "transform.amazonaws.com" }, Action: "sts:AssumeRole" }]),
      unresolvedPolicies: [{ arn: "arn:aws:iam::aws:policy/aws-service-role/AWSServiceRoleForAWSTransform", evidence: { file: "gaad.json" } }],
    });
    expect(agentReason(linked, defaults)).toBeUndefined();
  });

  it("a role that Cursor's AWS account assumes (its documented Bedrock role) is an agent vendor's, whatever its name", () => {
    // cursor.com/docs/customizing/aws-bedrock: trust arn:aws:iam::289469326074:role/roleAssumer with the
    // sts:ExternalId the Cursor dashboard shows; Cursor's agents' requests run through it.
    const cursor = (AWS: string) =>
      source("Trust", [{ Effect: "Allow", Principal: { AWS }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "3f1e..." } } }]);
    const defaults = resolvePolicy().agents;
    for (const id of ["arn:aws:iam::289469326074:role/roleAssumer", "arn:aws:iam::289469326074:root", "289469326074"]) {
      expect([id, agentReason(role([], { name: "bedrock-invoke", trustPolicy: cursor(id) }), { ...defaults, roleNamePatterns: [], modelNamePatterns: [] })]).toEqual([id, `trust policy admits AWS ${id}`]);
    }
    // Another account with an external id (a monitoring vendor's) is no agent's by that.
    expect(agentReason(role([], { name: "vendor-readonly", trustPolicy: cursor("arn:aws:iam::976280145156:root") }), defaults)).toBeUndefined();
  });

  it("GitHub OIDC for pull_request runs is an agent's: an agent's pull request runs the workflow code of its own head", () => {
    // GitHub docs ("OpenID Connect", "Filtering for pull_request events"): a pull_request job presents
    // repo:<owner>/<repo>:pull_request, whoever opened the PR, and its workflow file is the PR's own. Codex,
    // Cursor, Claude and Copilot open PRs from branches of the same repository, so their code runs there.
    const defaults = resolvePolicy().agents;
    expect(agentReason(role([], { name: "tf-plan", trustPolicy: github("repo:acme/infra:pull_request", "StringEquals") }), defaults)).toBe(
      'trust policy admits GitHub OIDC subject repo:acme/infra:pull_request (matches agent workflows "repo:*:pull_request")',
    );
    expect(agentReason(role([], { name: "tf-apply", trustPolicy: github("repo:acme/infra:ref:refs/heads/main", "StringEquals") }), defaults)).toBeUndefined();
  });

  it("a Bedrock knowledge base's service role is no agent's: Bedrock assumes it only for knowledge bases (aws:SourceArn)", () => {
    // The knowledge base service role as AWS documents it (and public setups copy it): trust bedrock.amazonaws.com
    // with aws:SourceAccount and ArnLike aws:SourceArn arn:aws:bedrock:<region>:<account>:knowledge-base/*, named
    // AmazonBedrockExecutionRoleForKnowledgeBase_<suffix> by the console. Bedrock acts with it for ingestion and
    // retrieval; a Bedrock agent (SourceArn agent/<id>) cannot assume it.
    const defaults = resolvePolicy().agents;
    const kbTrust = (condition: Record<string, unknown>) =>
      source("Trust", [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "111111111111" }, ...condition } }]);
    const kb = { ArnLike: { "aws:SourceArn": "arn:aws:bedrock:us-east-1:111111111111:knowledge-base/*" } };
    for (const name of ["AmazonBedrockExecutionRoleForKnowledgeBase_x7k2q", "kb-service-role"]) {
      expect([name, agentReason(role([], { name, trustPolicy: kbTrust(kb) }), defaults)]).toEqual([name, undefined]);
    }
    // Batch inference, model customization and evaluation jobs' service roles, as their user guides scope them;
    // a custom model import job's too (Bedrock user guide, model-import-iam-role and vpc-custom-model-import:
    // aws:SourceArn …:model-import-job/*, with ec2:DeleteNetworkInterface on the ENIs it tags BedrockManaged;
    // public setups copy it with ArnLike or ArnEquals).
    for (const type of ["model-invocation-job", "model-customization-job", "evaluation-job", "model-import-job"]) {
      expect([type, agentReason(role([], { name: "job-role", trustPolicy: kbTrust({ ArnLike: { "aws:SourceArn": `arn:aws:bedrock:us-east-1:111111111111:${type}/*` } }) }), defaults)]).toEqual([type, undefined]);
    }
    // Still an agent's: no SourceArn, an agent's or any resource among them, a condition that may be absent or negated.
    for (const condition of [
      {},
      { ArnLike: { "aws:SourceArn": "arn:aws:bedrock:us-east-1:111111111111:agent/*" } },
      { ArnLike: { "aws:SourceArn": ["arn:aws:bedrock:us-east-1:111111111111:knowledge-base/*", "arn:aws:bedrock:us-east-1:111111111111:agent/*"] } },
      { ArnLike: { "aws:SourceArn": "arn:aws:bedrock:*:*:*" } },
      { ArnLikeIfExists: { "aws:SourceArn": "arn:aws:bedrock:us-east-1:111111111111:knowledge-base/*" } },
      { ArnNotLike: { "aws:SourceArn": "arn:aws:bedrock:us-east-1:111111111111:agent/*" } },
    ]) {
      expect([condition, agentReason(role([], { name: "kb-service-role", trustPolicy: kbTrust(condition) }), defaults)]).toEqual([condition, "trust policy admits Service bedrock.amazonaws.com"]);
    }
    // A user's own list extends the defaults (a flow of theirs that runs no agent).
    const flows = resolvePolicy(parseUserConfig("c.yml", "agents:\n  nonAgentSourceArns: ['arn:*:bedrock:*:*:flow/*']\n")).agents;
    const flowTrust = kbTrust({ ArnLike: { "aws:SourceArn": "arn:aws:bedrock:us-east-1:111111111111:flow/F1" } });
    expect(agentReason(role([], { name: "flow-role", trustPolicy: flowTrust }), defaults)).toBe("trust policy admits Service bedrock.amazonaws.com");
    expect(agentReason(role([], { name: "flow-role", trustPolicy: flowTrust }), flows)).toBeUndefined();
    expect(agentReason(role([], { name: "kb-service-role", trustPolicy: kbTrust(kb) }), flows)).toBeUndefined();
    // The console's agent role name stays an agent's, whatever its trust says.
    expect(agentReason(role([], { name: "AmazonBedrockExecutionRoleForAgents_x7k2q", trustPolicy: kbTrust(kb) }), defaults)).toContain('matches "*agent*"');
  });

  it("IAM Identity Center permission sets: an agent's by the permission set's name, a developer's otherwise", () => {
    // Kiro and Amazon Q Developer users sign in with IAM Identity Center; in each account the permission
    // set is the role AWSReservedSSO_<permission set>_<hash> at /aws-reserved/sso.amazonaws.com/, trusting
    // the AWSSSO_* SAML provider. An agent on a laptop acts with the developer's role: only a permission set
    // made for agents says so.
    const defaults = resolvePolicy().agents;
    const sso = source("Trust", [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111111111111:saml-provider/AWSSSO_0123abcd_DO_NOT_DELETE" }, Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"] }]);
    const named = (name: string) => agentReason(role([], { name, arn: `arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/${name}`, trustPolicy: sso }), defaults);
    expect(named("AWSReservedSSO_KiroAgent_0123456789abcdef")).toMatch(/matches "\*(kiro|agent)\*"/);
    expect(named("AWSReservedSSO_AmazonQDeveloperAccess_0123456789abcdef")).toContain('"*qdeveloper*"');
    for (const name of ["AWSReservedSSO_AdministratorAccess_0123456789abcdef", "AWSReservedSSO_PowerUserAccess_0123456789abcdef"]) expect([name, named(name)]).toEqual([name, undefined]);
  });

  it("GitHub OIDC with a customized sub (include_claim_keys): an agent's unless it pins a branch or environment no agent's job has", () => {
    // GitHub docs, "Customizing the subject claims": the sub becomes the chosen claims joined with ':' in
    // the template's order (`repo:acme/app:ref:refs/heads/main:job_workflow_ref:acme/ci/.github/workflows/deploy.yml@refs/heads/main`,
    // Pulumi's example ["actor", "context", "repository_owner"]). No claim value holds a ':'.
    const defaults = resolvePolicy().agents;
    const admits = (sub: string) => agentReason(role([], { name: "X", trustPolicy: github(sub) }), defaults);
    for (const sub of [
      "repo:acme/app:ref:refs/heads/main:job_workflow_ref:acme/ci/.github/workflows/deploy.yml@refs/heads/main",
      "actor:octocat:ref:refs/heads/main:repository_owner:acme",
      "repo:acme/app:environment:production:job_workflow_ref:*",
    ]) {
      expect([sub, admits(sub)]).toEqual([sub, undefined]);
    }
    for (const sub of [
      // Any branch: the reusable workflow is pinned, the caller's branch is not.
      "repo:acme/app:ref:refs/heads/*:job_workflow_ref:acme/ci/.github/workflows/deploy.yml@refs/heads/main",
      // No context at all: every job of the repository, an agent's included.
      "repo:acme/app:job_workflow_ref:acme/ci/.github/workflows/deploy.yml@refs/heads/main",
      "repo:acme/app:workflow:Deploy",
      // An agent's branch, environment or pull request among the claims.
      "actor:*:ref:refs/heads/claude/*:repository_owner:acme",
      "repo:acme/app:environment:copilot:job_workflow_ref:*",
      "repo:acme/app:pull_request:actor:*",
    ]) {
      expect([sub, admits(sub)]).toEqual([sub, expect.stringContaining(`GitHub OIDC subject ${sub}`)]);
    }
  });

  it("GitHub OIDC: a sub whose branch, environment or workflow is named for an agent is an agent's, whatever the role is named", () => {
    // pytorch/pytorch scripts/pr_review/test_workflow_contract.py (c8036cd5, BSD-3-Clause; facts only): the
    // Claude review job declares `environment: claude-untrusted` because its role trusts only
    // `…:environment:claude-untrusted`, a sub GitHub mints only for a job declaring that environment. Public
    // trusts pin Claude Code's own branches (`refs/heads/claude/gracious-cerf-w1598m`) and agents' workflow
    // files (`.github/workflows/claude.yml`). The agents' names say whose job presents the sub.
    const defaults = resolvePolicy().agents;
    const admits = (sub: string, operator = "StringEquals") => agentReason(role([], { name: "pr-review-untrusted", trustPolicy: github(sub, operator) }), defaults);
    for (const [sub, named, pattern] of [
      ["repo:pytorch/pytorch:environment:claude-untrusted", "environment:claude-untrusted", "*claude*"],
      ["repo:acme/app:environment:Codex", "environment:Codex", "*codex*"],
      ["repo:acme/app:ref:refs/heads/claude-fixes", "ref:refs/heads/claude-fixes", "*claude*"],
      ["repo:acme/app:ref:refs/heads/openhands-fix-issue-*", "ref:refs/heads/openhands-fix-issue-*", "*openhands*"],
      // Immutable-id subs (`repo:<owner>@<id>/<repo>@<id>:…`, as GitHub now signs them) read the same.
      ["repo:acme@92126657/app@1409398656:environment:gemini-cli", "environment:gemini-cli", "*gemini*"],
      // Customized subs pinned to main: the workflow file or name (job_workflow_ref, workflow_ref, workflow).
      ["repo:acme/app:ref:refs/heads/main:job_workflow_ref:acme/app/.github/workflows/claude.yml@refs/heads/main", "job_workflow_ref:acme/app/.github/workflows/claude.yml@refs/heads/main", "*claude*"],
      ["repo:acme/app:ref:refs/heads/main:workflow_ref:acme/app/.github/workflows/copilot-setup-steps.yml@refs/heads/main", "workflow_ref:acme/app/.github/workflows/copilot-setup-steps.yml@refs/heads/main", "*copilot*"],
      ["repo:acme/app:ref:refs/heads/main:workflow:Claude Code", "workflow:Claude Code", "*claude*"],
      // A model's name counts as on a role a CI job assumes (github-actions-bedrock-role).
      ["repo:acme/app:environment:bedrock", "environment:bedrock", "*bedrock*"],
    ] as const) {
      expect([sub, admits(sub)]).toEqual([sub, `trust policy admits GitHub OIDC subject ${sub} (${named} names an agent's job, "${pattern}")`]);
    }
    // Named for no agent, or named only by the repository or a tag (a repository named for an agent is its
    // product's code, whoever works on it; tags are cut by releases): no agent by that.
    for (const sub of [
      "repo:acme/app:environment:production",
      "repo:acme/app:ref:refs/heads/main",
      "repo:acme/claude-plugins:ref:refs/heads/main",
      "repo:acme/app:ref:refs/tags/agent-v1.2.0",
      "repo:acme/app:ref:refs/heads/main:job_workflow_ref:acme/claude-ci/.github/workflows/deploy.yml@refs/heads/main",
      "repo:acme/app:environment:cloudwatch-agent-rollout",
    ]) {
      expect([sub, admits(sub)]).toEqual([sub, undefined]);
    }
  });

  it("Warp's Oz cloud agents assume a role through Warp's OIDC issuer (app.warp.dev): an agent's whatever its sub", () => {
    // docs.warp.dev, Oz cloud agents, "Cloud Providers": an OIDC provider for https://app.warp.dev, a role
    // trusting it with app.warp.dev:sub "scoped_principal:<team-uid>/*" (or one user's or service account's
    // subject); "Oz agents running in this environment will now automatically assume the configured role".
    const defaults = resolvePolicy().agents;
    const oz = (sub: string | undefined, federated = "arn:aws:iam::111111111111:oidc-provider/app.warp.dev") =>
      agentReason(
        role([], {
          name: "oz-environment-role",
          trustPolicy: trust({
            Principal: { Federated: federated },
            Condition: { StringEquals: { "app.warp.dev:aud": "sts.amazonaws.com" }, ...(sub === undefined ? {} : { StringLike: { "app.warp.dev:sub": sub } }) },
          }),
        }),
        { ...defaults, roleNamePatterns: [] },
      );
    for (const sub of ["scoped_principal:abc123def456/*", "scoped_principal:abc123def456/user:u1", "scoped_principal:abc123def456/service_account:sa1", undefined]) {
      expect([sub, oz(sub)]).toEqual([sub, "trust policy admits Federated arn:aws:iam::111111111111:oidc-provider/app.warp.dev"]);
    }
    // The template's provider named by reference (read as "*"): the condition keys name Warp's issuer.
    expect(oz("scoped_principal:abc123def456/*", "*")).toBe("trust policy admits tokens of app.warp.dev (its condition keys app.warp.dev:…), a configured agent issuer");
    // Another issuer's provider is not Warp's.
    expect(oz(undefined, "arn:aws:iam::111111111111:oidc-provider/app.example.dev")).toBeUndefined();
  });

  it("GitLab OIDC: a sub that a GitLab Duo flow's workloads/ branch can present makes an agent; a pinned branch or tag does not", () => {
    // GitLab docs, "OpenID Connect (OIDC) Authentication Using ID Tokens": sub is
    // project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>, issued by gitlab.com or the
    // instance's URL, and IAM keys its condition <issuer>:sub. GitLab Duo Agent Platform flows (Issue to
    // MR, Developer) push to workloads/<hash> branches with their service account, so that branch's
    // pipeline, whose .gitlab-ci.yml the agent wrote, presents ref:workloads/<hash>.
    const defaults = resolvePolicy().agents;
    const gitlab = (issuer: string, sub: string | undefined, operator = "StringLike", federated = `arn:aws:iam::111111111111:oidc-provider/${issuer}`) =>
      agentReason(
        role([], {
          name: "platform-pipeline-validate-dev",
          trustPolicy: trust({
            Principal: { Federated: federated },
            Condition: { StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com" }, ...(sub === undefined ? {} : { [operator]: { [`${issuer}:sub`]: sub } }) },
          }),
        }),
        defaults,
      );
    // j3brns/tf-acore-aas IdentityStack: the validate role trusts every ref of the project.
    expect(gitlab("gitlab.com", "project_path:j3brns/tf-acore-aas:*")).toBe(
      'trust policy admits GitLab OIDC subject project_path:j3brns/tf-acore-aas:* (matches agent pipelines "project_path:*:ref_type:branch:ref:workloads/*")',
    );
    expect(gitlab("gitlab.com", "project_path:acme/app:ref_type:branch:ref:*")).toContain("GitLab OIDC subject");
    expect(gitlab("gitlab.com", "project_path:acme/*")).toContain("GitLab OIDC subject");
    expect(gitlab("gitlab.com", "project_path:acme/app:ref_type:branch:ref:workloads/*")).toContain("GitLab OIDC subject");
    // No sub condition: any project's pipeline on the instance (on gitlab.com, anyone's).
    expect(gitlab("gitlab.com", undefined)).toContain("GitLab OIDC without a sub condition");
    expect(gitlab("gitlab.example.com", undefined)).toContain("GitLab OIDC without a sub condition");
    // StringNotLike names who may not: every other project and branch may.
    expect(gitlab("gitlab.com", "project_path:acme/app:ref_type:branch:ref:main", "StringNotLike")).toContain("GitLab OIDC subject *");
    // The deploy roles of the same stack, and GitLab's own AWS example: main only (or a tag): no agent's.
    expect(gitlab("gitlab.com", "project_path:j3brns/tf-acore-aas:ref_type:branch:ref:main")).toBeUndefined();
    expect(gitlab("gitlab.example.com", "project_path:mygroup/myproject:ref_type:branch:ref:main", "StringEquals")).toBeUndefined();
    expect(gitlab("gitlab.com", "project_path:acme/app:ref_type:tag:ref:v*")).toBeUndefined();
    expect(gitlab("gitlab.com", "project_path:acme/app:ref_type:branch:ref:release/*")).toBeUndefined();
    // A branch named for an agent is its job's, as on GitHub; a tag named so is a release's.
    expect(gitlab("gitlab.com", "project_path:acme/app:ref_type:branch:ref:claude-fixes", "StringEquals")).toBe(
      'trust policy admits GitLab OIDC subject project_path:acme/app:ref_type:branch:ref:claude-fixes (ref:claude-fixes names an agent\'s job, "*claude*")',
    );
    expect(gitlab("gitlab.com", "project_path:acme/app:ref:duo-agent/*:ref_type:branch")).toContain('names an agent\'s job, "*agent*"');
    expect(gitlab("gitlab.com", "project_path:acme/app:ref_type:tag:ref:claude-v1", "StringEquals")).toBeUndefined();
    // A self-managed or Dedicated instance under any name is GitLab's by the sub it checks.
    expect(gitlab("git.acme.internal", "project_path:platform/infra:*")).toContain("GitLab OIDC subject project_path:platform/infra:*");
    expect(gitlab("acme.gitlab-dedicated.com", undefined)).toContain("GitLab OIDC without a sub condition");
    // The provider named by reference (CDK's OpenIdConnectProvider, !Ref): the condition keys say whose it is.
    expect(gitlab("gitlab.com", "project_path:acme/app:*", "StringLike", "*")).toContain("GitLab OIDC subject project_path:acme/app:*");
    // A project may choose its sub's claims (ci_id_token_sub_claim_components: ref_type,ref | ref,ref_type |
    // ref | ref_type, after project_path): an agent's branch in any of them, or no ref at all, is every branch.
    expect(gitlab("gitlab.com", "project_path:acme/app:ref_type:branch", "StringEquals")).toContain("GitLab OIDC subject project_path:acme/app:ref_type:branch (matches");
    expect(gitlab("gitlab.com", "project_path:acme/app:ref:*:ref_type:branch")).toContain("GitLab OIDC subject");
    expect(gitlab("gitlab.com", "project_path:acme/app:ref:workloads/*")).toContain("GitLab OIDC subject");
    expect(gitlab("gitlab.com", "project_path:acme/app", "StringEquals")).toContain("names no branch");
    expect(gitlab("gitlab.com", "project_path:acme/app:ref:main:ref_type:branch", "StringEquals")).toBeUndefined();
    expect(gitlab("gitlab.com", "project_path:acme/app:ref:main", "StringEquals")).toBeUndefined();
    expect(gitlab("gitlab.com", "project_path:acme/app:ref_type:tag", "StringEquals")).toBeUndefined();
    // Another identity provider with no GitLab sub is not GitLab's (Bitbucket's repository:step UUIDs).
    expect(gitlab("api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc", "{7d5a...}:*")).toBeUndefined();
  });

  it("Kubernetes service accounts (IRSA): a sub naming an agent's namespace or service account is an agent's, whatever the role is named", () => {
    // EKS IAM roles for service accounts: a pod's projected token has sub
    // system:serviceaccount:<namespace>:<name>, and IAM keys the condition <issuer>:sub. kagent runs each
    // agent as a service account of its namespace (aws-samples/amazon-eks-machine-learning-with-terraform-
    // and-kubeflow kagent/iam.tf @fa3ce15: "system:serviceaccount:${var.kagent_namespace}:*-agent");
    // OpenHands runs sandboxes as system:serviceaccount:openhands:sandbox-<id>.
    const defaults = resolvePolicy().agents;
    const issuer = "oidc.eks.us-west-2.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9";
    const irsa = (sub: unknown, operator = "StringLike", federated: string = `arn:aws:iam::111111111111:oidc-provider/${issuer}`, key = `${issuer}:sub`) =>
      agentReason(
        role([], {
          name: "ml-cluster-controller-irsa",
          trustPolicy: trust({ Principal: { Federated: federated }, Condition: { StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com" }, [operator]: { [key]: sub } } }),
        }),
        defaults,
      );
    expect(irsa("system:serviceaccount:kagent:*-agent")).toBe(
      'trust policy admits Kubernetes service account system:serviceaccount:kagent:*-agent (namespace kagent names an agent, "*agent*")',
    );
    expect(irsa("system:serviceaccount:openhands:sandbox-*")).toContain('namespace openhands names an agent, "*openhands*"');
    expect(irsa("system:serviceaccount:platform:claude-code-runner", "StringEquals")).toContain('service account claude-code-runner names an agent, "*claude*"');
    expect(irsa(["system:serviceaccount:web:api", "system:serviceaccount:ai:devin-worker"], "StringEquals")).toContain("devin-worker");
    // The provider named by reference (a Terraform variable, !Ref): the sub's shape says it is a service account's.
    expect(irsa("system:serviceaccount:kagent:k8s-agent", "StringEquals", "*", "\u{e000}:sub")).toContain("Kubernetes service account");
    // Ordinary workloads, and the agent software of monitoring products (nonAgentPhrases), are no agents;
    // nor a model's name alone: an application's pods calling Bedrock, as a Lambda function named so.
    for (const sub of [
      "system:serviceaccount:default:ms-production-sa",
      "system:serviceaccount:amazon-cloudwatch:cloudwatch-agent",
      "system:serviceaccount:datadog:datadog-agent",
      "system:serviceaccount:kube-system:eks-pod-identity-agent",
      "system:serviceaccount:chat:bedrock-proxy",
      "system:serviceaccount:llm:litellm",
    ]) expect([sub, irsa(sub, "StringEquals")]).toEqual([sub, undefined]);
    // Who may NOT is no agent's name: a negated condition names none (any other service account stays unknown).
    expect(irsa("system:serviceaccount:kagent:*", "StringNotLike")).toBeUndefined();
  });

  it("EKS Pod Identity: a trust scoped by the session tags it sets to an agent's namespace or service account is an agent's", () => {
    // EKS User Guide, "Create IAM role with trust policy required by EKS Pod Identity": Service
    // pods.eks.amazonaws.com, sts:AssumeRole + sts:TagSession, restricted with
    // aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account.
    const defaults = resolvePolicy().agents;
    const pods = (tags: Record<string, unknown>, operator = "StringEquals", service = "pods.eks.amazonaws.com") =>
      agentReason(
        role([], {
          name: "ml-platform-worker",
          trustPolicy: source("Trust", [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"], Condition: { [operator]: tags } }]),
        }),
        defaults,
      );
    expect(pods({ "aws:RequestTag/kubernetes-namespace": "kagent", "aws:RequestTag/kubernetes-service-account": "orders-api" })).toBe(
      'trust policy admits EKS Pod Identity for kubernetes-namespace kagent, which names an agent ("*agent*")',
    );
    expect(pods({ "aws:RequestTag/kubernetes-service-account": ["claude-runner"] }, "StringLike", "pods.eks.amazonaws.com.cn")).toContain("kubernetes-service-account claude-runner");
    for (const tags of [{ "aws:RequestTag/kubernetes-namespace": "web" }, { "aws:RequestTag/kubernetes-namespace": "amazon-cloudwatch", "aws:RequestTag/kubernetes-service-account": "cloudwatch-agent" }, { "aws:RequestTag/eks-cluster-name": "agents-cluster" }]) {
      expect([tags, pods(tags)]).toEqual([tags, undefined]);
    }
    expect(pods({ "aws:RequestTag/kubernetes-namespace": "kagent" }, "StringNotEquals")).toBeUndefined();
  });

  it("CDK's own roles in an agent's stack are judged by what CDK names them, not by the stack's name", () => {
    // `cdk synth` names a role without roleName by its construct path, stack first; CloudFormation deploys it as
    // <stack>-<logical id>-<suffix>. The roles CDK makes by itself (aws-logs LogRetention, autoDeleteObjects'
    // and other CustomResourceProviders, AwsCustomResource, BucketDeployment, bucket notifications) are run by
    // CloudFormation on deploy, in any stack: in `SupportAgentProd` they are no agent's.
    const defaults = resolvePolicy().agents;
    for (const name of [
      "SupportAgentProd/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/ServiceRole/Resource",
      "SupportAgentProd/Custom::S3AutoDeleteObjectsCustomResourceProvider/Role",
      "SupportAgentProd/AWS679f53fac002430cb0da5b7982bd2287/ServiceRole/Resource",
      "SupportAgentProd/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C/ServiceRole/Resource",
      "SupportAgentProd/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role/Resource",
      "SupportAgentProd-LogRetentionaae0aa3c5b4d4f87b02d-1ABCDEFGHIJK",
    ]) {
      expect([name, agentReason(role([], { name }), defaults)]).toEqual([name, undefined]);
    }
    // The stack's own roles still count by its name, and CDK's words name no agent inside another id.
    for (const name of ["SupportAgentProd/Handler/ServiceRole/Resource", "SupportAgentProd/AgentLogRetentionRole/Resource", "LogRetentionClaudeRole"]) {
      expect([name, agentReason(role([], { name }), defaults)]).toEqual([name, expect.stringContaining("matches")]);
    }
  });

  it("CDK's own singleton functions are CDK's whatever suffix their options add to the id", () => {
    // A SingletonFunction's id is its purpose and its uuid; BucketDeployment appends memoryLimit,
    // ephemeralStorageSize, VPC and security groups to the uuid (one handler per combination), and
    // lambda's S3ObjectCopy (WebFunction code copied to a bucket) the destination and role. Names as
    // aws-cdk-lib 2.276.0 synthesizes them with path metadata.
    const defaults = resolvePolicy().agents;
    for (const name of [
      "SupportAgentProd/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C1024MiB/ServiceRole/Resource",
      "SupportAgentProd/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756Cc8e40e909849acf1cb59f5516989d19ead31a95db8/ServiceRole/Resource",
      "SupportAgentProd/Custom::S3ObjectCopye2f8cf6b1b0f4b3f9a2c6f1f5b6d4a71destc8e40e909849acf1cb59f5516989d19ead31a95db8/ServiceRole/Resource",
    ]) {
      expect([name, agentReason(role([], { name }), defaults)]).toEqual([name, undefined]);
    }
    // Not CDK's: its word inside another id, or without the uuid.
    for (const name of ["SupportAgentProd/AgentCustom::CDKBucketDeployment/ServiceRole/Resource", "SupportAgentProd/Custom::S3ObjectCopyAgent/ServiceRole/Resource"]) {
      expect([name, agentReason(role([], { name }), defaults)]).toEqual([name, expect.stringContaining("matches")]);
    }
  });

  it("an unreadable trust policy cannot rule out an agent (fail closed)", () => {
    expect(agentReason(role([], { name: "X", trustPolicy: { name: "T", document: "%7Bnot-json", evidence: {} } }), agents)).toContain("unreadable");
  });
});
