/**
 * Differential property test: random policies built from real catalogue actions, wildcards,
 * NotAction/NotResource, Deny statements and permission boundaries, evaluated by our engine and by
 * @cloud-copilot/iam-simulate (AGPL, a devDependency used here only as an oracle; never imported
 * from src/). They must agree on every destructive action of the universe.
 *
 * The questions differ in kind, so the oracle is asked the engine's question: the engine says
 * whether the agent can perform action A on SOME production resource in SOME request context it
 * controls; the oracle answers for concrete requests. We ask it for every production probe
 * resource (one per pattern shape, in two regions, plus names no policy mentions) under every
 * context the agent can choose (MFA present or not), and take "allowed by any".
 *
 * Disagreements found while building this test, and how they were settled:
 * 1. Deny (or NotResource) on a resource-type-wide pattern (Deny dynamodb:DeleteTable on
 *    `arn:aws:dynamodb:*:*:table/*` with Allow on `*`): AWS denies every DeleteTable, because the
 *    action only applies to `table` resources ("Actions defined by Amazon DynamoDB", Service
 *    Authorization Reference: DeleteTable, resource type table*). The engine does not model
 *    resource types and keeps the `*` grant: a conservative (fail-closed) over-approximation, kept
 *    on purpose. The generator therefore puts no type-wide pattern into Deny or NotResource.
 * 4. ARN wildcards do not span segments: `arn:aws:dynamodb:*:111111111111:table/billing-?rod`
 *    and `arn:aws:dynamodb:us-east-1:222222222222:table/*` share no resource, because IAM matches
 *    each colon-separated ARN segment on its own (IAM User Guide, "IAM JSON policy elements:
 *    Resource": wildcards "can't span segments"). The engine first compared whole strings and
 *    kept such grants through a boundary; fixed (patterns.ts compares ARN segments).
 * 5. A boundary (or identity) NotResource that covers the whole intersection: Allow DeleteTable on
 *    table/orders-prod under a boundary allowing `*` except table/orders-prod is denied (the
 *    boundary does not allow that resource, IAM User Guide "Permissions boundaries"). The engine
 *    treated NotResource as plain `*` in intersections; fixed (excluded patterns travel with the
 *    grant and drop it when they cover it).
 * 6. A Deny with NotResource narrows what it does not deny: Allow `*` with "Deny
 *    cloudformation:*Stack NotResource arn:aws:cloudformation:*:222222222222:stack/*" leaves only
 *    the (non-production) account's stacks (IAM User Guide, "IAM JSON policy elements:
 *    NotResource": the Deny applies to every resource except those listed). The engine first kept
 *    the whole `*` grant; fixed (the grant is intersected with the spared resources).
 * 7. Partial overlap of patterns under a boundary: `arn:aws:s3:::*-prod/*` under a boundary of
 *    `arn:aws:s3:::dev-scratch/*` reaches only objects of the dev-scratch bucket (AWS grants the
 *    intersection, IAM User Guide "Permissions boundaries"). The engine kept the identity pattern
 *    as its over-approximation; fixed: when either side is non-production, so is the intersection.
 * 2. Deny conditioned on `aws:MultiFactorAuthPresent: "true"` together with an Allow that requires
 *    MFA: no single request satisfies both, so AWS denies; the engine never lets an MFA-keyed Deny
 *    protect (DESIGN.md: agents run inside a human's MFA session), so it flags. Kept on purpose;
 *    generated Denies use the realistic "deny without MFA" form (`"false"`), where the IAM policy
 *    evaluation logic (IAM User Guide, "Policy evaluation logic": an explicit Deny applies only
 *    when its condition matches the request) and the engine agree: a session with MFA escapes it.
 * 8. Resource types (issue 13 item 5): the oracle reads `${TableName}` of the table ARN format
 *    as spanning "/", so it answers DeleteTable on `table/orders-prod/stream/...` as a table;
 *    DynamoDB table names cannot contain "/" ("Naming rules": a-z, A-Z, 0-9, _, -, .), so such an
 *    ARN is never a table and no DeleteTable request names it. The engine knows (resource-types.ts
 *    NO_SLASH_VARIABLES); probes are asked only of the actions whose resources they are.
 *    Probes for objects through access points and for backups of every table were added after
 *    the engine (rightly) flagged grants no probe exercised.
 * 9. KMS aliases: the oracle allows kms:ScheduleKeyDeletion on `alias/orders-prod` when a policy
 *    allows `alias/*`; KMS authorizes key operations on the key ARN, an alias in Resource governs
 *    only alias operations (KMS Developer Guide, "Using aliases to control access to KMS keys").
 *    The engine reaches ScheduleKeyDeletion only through `key` resources; alias probes are asked
 *    only of kms:DeleteAlias.
 * 10. Two Denies that together cover everything: "Deny cloudformation:*ChangeSet on stack/ShopProd/*"
 *    plus "Deny cloudformation:*ChangeSet NotResource stack/ShopProd/*" deny every change set (IAM
 *    User Guide, "Policy evaluation logic": any matching explicit Deny wins). The engine kept the
 *    first Deny's part of a `*` grant reachable and let the second narrow the grant to it; fixed
 *    (a Deny's resources travel with the grant as never reached).
 * 11. Case (round 4): IAM matches the resource part of an ARN case-sensitively, as the oracle
 *    does: a Deny of `table/orders-*` leaves `table/Orders-Prod`, and a grant on
 *    `table/orders-prod` under a boundary allowing `table/Orders-*` reaches nothing. The engine
 *    compared resources in any case, crediting such Denies; fixed (patterns.ts resourceCovers,
 *    resourcesOverlap). The universe has a capitalised table, its backup and patterns for it.
 * 3. Region: a Deny on `arn:aws:kms:us-east-1:111111111111:key/*` does not stop the agent in
 *    eu-west-1; the probes cover two regions so the oracle sees that too (no disagreement left).
 */
import fc from "fast-check";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { isProductionResource } from "../../../src/core/production.js";
import { resolvePolicy, parseUserConfig } from "../../../src/policy/load.js";
import { catalogue } from "./helpers.js";

const ACCOUNT = "111111111111";
const DEV = "222222222222";
const policy = resolvePolicy(parseUserConfig("c.yml", `production:\n  nonProductionAccounts: ['${DEV}']\n`));
const AGENT_ARN = `arn:aws:iam::${ACCOUNT}:role/coding-agent`;

interface Universe {
  /** Actions compared (destructive and not). */
  actions: string[];
  actionPatterns: string[];
  /** Resource patterns for Allow statements and boundaries. */
  resources: string[];
  /** Patterns for Deny statements: no resource-type-wide patterns (see disagreement 1). */
  denyResources: string[];
  /** Concrete resources the oracle is asked about (production and not). */
  probes: string[];
  /**
   * Which probes a request of the action can name, where the oracle matches more loosely than
   * AWS names resources (disagreement 8). Absent: every probe.
   */
  probeFor?: (action: string, probe: string) => boolean;
  /** A resource policy the service always has (KMS: the default key policy). */
  resourcePolicy?: unknown;
}

type Statement = Record<string, unknown>;
const doc = (Statement: Statement[]) => ({ Version: "2012-10-17", Statement });

const table = (region: string, name: string, account = ACCOUNT) => `arn:aws:dynamodb:${region}:${account}:table/${name}`;
const key = (region: string, id: string, account = ACCOUNT) => `arn:aws:kms:${region}:${account}:key/${id}`;
const stack = (region: string, name: string, account = ACCOUNT) => `arn:aws:cloudformation:${region}:${account}:stack/${name}/4f8a3e10-9c2b-11ef-a1b2-0a1b2c3d4e5f`;

const UNIVERSES: Universe[] = [
  {
    actions: ["dynamodb:DeleteTable", "dynamodb:DeleteItem", "dynamodb:DeleteBackup", "dynamodb:UpdateTable", "dynamodb:UpdateTimeToLive", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:GetRecords"],
    actionPatterns: ["dynamodb:DeleteTable", "DynamoDB:deletetable", "dynamodb:Delete*", "dynamodb:*", "dynamodb:Update*", "dynamodb:Get*", "dynamodb:DeleteTab?e", "dynamodb:*Item", "*", "s3:*"],
    resources: [
      "*",
      table("us-east-1", "orders-prod"),
      table("us-east-1", "orders-*"),
      "arn:aws:dynamodb:*:*:table/*",
      table("*", "billing-?rod"),
      table("us-east-1", "*", DEV),
      // A table named in capitals: IAM matches the resource part of an ARN in its case.
      table("us-east-1", "Orders-*"),
      // Resource types (issue 13 item 5): backups and streams are not tables.
      table("us-east-1", "orders-prod/backup/*"),
      table("us-east-1", "orders-prod/stream/*"),
    ],
    denyResources: ["*", table("us-east-1", "orders-prod"), table("us-east-1", "orders-*"), table("*", "billing-?rod"), table("us-east-1", "*", DEV), table("us-east-1", "Orders-*")],
    probes: [
      table("us-east-1", "orders-prod"),
      table("us-east-1", "Orders-Prod"),
      table("us-east-1", "orders-zz9"),
      table("eu-west-1", "billing-prod"),
      table("eu-west-1", "ledger"),
      table("us-east-1", "scratch", DEV),
      table("us-east-1", "orders-prod/backup/01700000000000-abcdef12"),
      table("us-east-1", "Orders-Prod/backup/01700000000000-0badcafe"),
      table("us-east-1", "ledger/backup/01700000000000-98765432"),
      table("us-east-1", "orders-prod/stream/2026-01-01T00:00:00.000"),
      table("us-east-1", "ledger/stream/2026-01-01T00:00:00.000"),
    ],
    // DynamoDB table names have no "/" (naming rules: a-z A-Z 0-9 _ - .): a backup or stream ARN
    // is never the resource of a table action, though the oracle's ${TableName} spans "/".
    probeFor: (action, probe) => {
      const kind = /\/backup\//.test(probe) ? "backup" : /\/stream\//.test(probe) ? "stream" : "table";
      const actionKind = action === "dynamodb:DeleteBackup" ? "backup" : action === "dynamodb:GetRecords" ? "stream" : "table";
      return kind === actionKind;
    },
  },
  {
    actions: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject", "s3:GetObject"],
    actionPatterns: ["s3:*Object", "s3:Delete*", "s3:*", "S3:deleteobject", "s3:Get*", "s3:DeleteObjec?", "*", "s3:*Version", "dynamodb:*"],
    resources: ["*", "arn:aws:s3:::orders-prod/*", "arn:aws:s3:::orders-prod/reports/*", "arn:aws:s3:::*-prod/*", "arn:aws:s3:::dev-scratch/*"],
    denyResources: ["*", "arn:aws:s3:::orders-prod/*", "arn:aws:s3:::orders-prod/reports/*", "arn:aws:s3:::*-prod/*", "arn:aws:s3:::dev-scratch/*"],
    probes: ["arn:aws:s3:::orders-prod/a.txt", "arn:aws:s3:::orders-prod/reports/q1.csv", "arn:aws:s3:::billing-prod/x.json", "arn:aws:s3:::ledger/x", "arn:aws:s3:::dev-scratch/tmp"],
  },
  {
    actions: ["kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:DisableKey", "kms:Decrypt", "kms:DeleteCustomKeyStore", "kms:DeleteAlias"],
    actionPatterns: ["kms:*KeyDeletion", "kms:Schedule?eyDeletion", "kms:*", "kms:Disable*", "kms:Decrypt", "KMS:*key*", "*", "kms:Delete*"],
    resources: ["*", key("us-east-1", "1234abcd-12ab-34cd-56ef-1234567890ab"), key("us-east-1", "*"), key("*", "*", DEV), `arn:aws:kms:us-east-1:${ACCOUNT}:alias/*`],
    denyResources: ["*", key("us-east-1", "1234abcd-12ab-34cd-56ef-1234567890ab"), key("us-east-1", "*"), key("*", "*", DEV)],
    // KMS requires the key policy to allow too; the default key policy delegates to IAM
    // (KMS Developer Guide, "Default key policy": Principal the account root, kms:*).
    resourcePolicy: doc([{ Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }]),
    probes: [
      key("us-east-1", "1234abcd-12ab-34cd-56ef-1234567890ab"),
      key("us-east-1", "0987dcba-09ba-43dc-65fe-0987654321ba"),
      key("eu-west-1", "5555eeee-55ee-55ee-55ee-5555eeee5555"),
      key("us-east-1", "1234abcd-12ab-34cd-56ef-1234567890ab", DEV),
      `arn:aws:kms:us-east-1:${ACCOUNT}:alias/orders-prod`,
      // kms:DeleteCustomKeyStore has no resource type: the request's resource is "*".
      "*",
    ],
    // Key operations name the key, never an alias (KMS Developer Guide, "Using aliases to control
    // access to KMS keys": an alias ARN in Resource controls alias operations, not key ones);
    // the oracle answers key actions on an alias ARN as if it were a key (disagreement 9).
    probeFor: (action, probe) =>
      probe === "*" ? action === "kms:DeleteCustomKeyStore" : action !== "kms:DeleteCustomKeyStore" && (!probe.includes(":alias/") || action === "kms:DeleteAlias"),
  },
  {
    // Resource types (issue 13 item 5): buckets, objects and access points are different ARNs.
    actions: ["s3:DeleteBucket", "s3:DeleteObject", "s3:DeleteAccessPoint", "s3:PutBucketPolicy", "s3:GetObject"],
    actionPatterns: ["s3:*", "s3:Delete*", "s3:DeleteBucket", "s3:*Object", "s3:*Policy", "*"],
    resources: ["*", "arn:aws:s3:::orders-prod", "arn:aws:s3:::orders-prod/*", "arn:aws:s3:::orders-prod*", `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/*`, "arn:aws:s3:::dev-scratch"],
    denyResources: ["*", "arn:aws:s3:::orders-prod", "arn:aws:s3:::orders-prod/*", "arn:aws:s3:::dev-scratch"],
    probes: [
      "arn:aws:s3:::orders-prod",
      "arn:aws:s3:::orders-prod/a.txt",
      `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/orders-prod-ap`,
      `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/orders-prod-ap/object/a.txt`,
      "arn:aws:s3:::orders-prod-logs",
      "arn:aws:s3:::orders-prod-logs/2026/06/01.gz",
    ],
  },
  {
    actions: ["cloudformation:DeleteStack", "cloudformation:ExecuteChangeSet", "cloudformation:CreateChangeSet", "cloudformation:UpdateStack", "cloudformation:DescribeStacks"],
    actionPatterns: ["cloudformation:*ChangeSet", "cloudformation:*Stack", "cloudformation:*", "cloudformation:Describe*", "CloudFormation:deletestack", "*", "cloudformation:?xecuteChangeSet"],
    resources: ["*", stack("us-east-1", "ShopProd").replace(/[^/]+$/, "*"), "arn:aws:cloudformation:us-east-1:111111111111:stack/Shop*/*", `arn:aws:cloudformation:*:${DEV}:stack/*`],
    denyResources: ["*", stack("us-east-1", "ShopProd").replace(/[^/]+$/, "*"), "arn:aws:cloudformation:us-east-1:111111111111:stack/Shop*/*", `arn:aws:cloudformation:*:${DEV}:stack/*`],
    probes: [stack("us-east-1", "ShopProd"), stack("us-east-1", "ShopZz9"), stack("eu-west-1", "Billing"), stack("us-east-1", "Scratch", DEV)],
  },
];

/** The evaluation time of both sides: the engine's `now`, the oracle's aws:CurrentTime. */
const NOW = Date.parse("2026-06-01T12:00:00Z");
const CONTEXTS: Record<string, string>[] = [true, false].map((mfa) => ({ "aws:MultiFactorAuthPresent": String(mfa), "aws:CurrentTime": new Date(NOW).toISOString() }));

function statementArb(u: Universe, effect: "Allow" | "Deny"): fc.Arbitrary<Statement> {
  const actions = fc.uniqueArray(fc.constantFrom(...u.actionPatterns), { minLength: 1, maxLength: 3 });
  const resources = fc.uniqueArray(fc.constantFrom(...(effect === "Deny" ? u.denyResources : u.resources)), { minLength: 1, maxLength: 2 });
  const notResources = fc.uniqueArray(fc.constantFrom(...u.denyResources.filter((r) => r !== "*")), { minLength: 1, maxLength: 2 });
  const condition =
    effect === "Deny"
      ? fc.option(fc.constantFrom("Bool", "BoolIfExists").map((op) => ({ [op]: { "aws:MultiFactorAuthPresent": "false" } })), { nil: undefined })
      : fc.option(
          fc.constantFrom<Record<string, Record<string, string>>>(
            { Bool: { "aws:MultiFactorAuthPresent": "true" } },
            // Issue 13 item 4: a date already past makes the Allow inert; one ahead does not.
            { DateLessThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
            { DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } },
          ),
          { nil: undefined, freq: 4 },
        );
  return fc.record({ notAction: fc.boolean(), notResource: fc.boolean(), actions, resources, notResources, condition }).map((s) => ({
    Effect: effect,
    [s.notAction ? "NotAction" : "Action"]: s.actions.length === 1 ? s.actions[0] : s.actions,
    // NotResource with "*" excludes everything: valid but pointless; keep it rare by swapping it out.
    // NotResource draws from the Deny pool: it excludes, like a Deny (see disagreement 1).
    ...(s.notResource ? { NotResource: s.notResources } : { Resource: s.resources }),
    ...(s.condition ? { Condition: s.condition } : {}),
  }));
}

const caseArb = fc.nat({ max: UNIVERSES.length - 1 }).chain((i) => {
  const u = UNIVERSES[i] as Universe;
  const statements = fc.array(fc.oneof({ weight: 3, arbitrary: statementArb(u, "Allow") }, { weight: 2, arbitrary: statementArb(u, "Deny") }), { minLength: 1, maxLength: 4 });
  const boundary = fc.option(fc.array(statementArb(u, "Allow"), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 3 });
  return fc.record({ universe: fc.constant(u), statements, boundary });
});

function engineActions(statements: Statement[], boundary: Statement[] | undefined): Set<string> {
  const { findings, errors } = evaluateIam(
    {
      principals: [
        {
          kind: "role",
          subject: AGENT_ARN,
          name: "coding-agent",
          arn: AGENT_ARN,
          account: ACCOUNT,
          tags: {},
          policies: [{ name: "p", document: doc(statements), evidence: {} }],
          ...(boundary ? { boundary: { name: "b", document: doc(boundary), evidence: {} } } : {}),
          evidence: {},
        },
      ],
    },
    policy,
    catalogue,
    { now: NOW },
  );
  expect(errors).toEqual([]);
  return new Set(findings.find((f) => f.rule === "agent-destructive-prod")?.actions ?? []);
}

async function oracleAllows(u: Universe, action: string, probe: string, statements: Statement[], boundary: Statement[] | undefined): Promise<boolean> {
  for (const contextVariables of CONTEXTS) {
    const result = await runSimulation(
      {
        request: { principal: AGENT_ARN, action, resource: { resource: probe, accountId: ACCOUNT }, contextVariables },
        identityPolicies: [{ name: "p", policy: doc(statements) }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(boundary ? { permissionBoundaryPolicies: [{ name: "b", policy: doc(boundary) }] } : {}),
        ...(u.resourcePolicy ? { resourcePolicy: u.resourcePolicy } : {}),
      },
      {},
    );
    if (result.resultType === "error") {
      // The probe is not a resource of this action (a bucket for DeleteObject, "*" for an action
      // with resource types, an ARN for one without): no such request exists.
      if (/no\.resource\.types|must\.use\.wildcard/.test(JSON.stringify(result.errors))) return false;
      throw new Error(`oracle rejected the request: ${JSON.stringify(result.errors)}`);
    }
    if (result.overallResult === "Allowed") return true;
  }
  return false;
}

const isProbeProduction = (probe: string) => isProductionResource({ pattern: probe }, { account: ACCOUNT }, policy.production);

describe("differential: engine vs @cloud-copilot/iam-simulate", () => {
  it("agree on every destructive action of random policies", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ universe, statements, boundary }) => {
        const flagged = engineActions(statements, boundary);
        for (const action of universe.actions) {
          let oracle = false;
          for (const probe of universe.probes.filter((p) => isProbeProduction(p) && (universe.probeFor?.(action, p) ?? true))) {
            // Requests to another account's resource need its resource policy too; probes are in the agent's account.
            if (await oracleAllows(universe, action, probe, statements, boundary)) {
              oracle = true;
              break;
            }
          }
          const destructive = flagged.has(action);
          const expected = oracle && isDestructiveTier(action);
          if (destructive !== expected) {
            throw new Error(`${action}: engine ${destructive ? "flags" : "passes"}, oracle ${oracle ? "allows" : "denies"}\n${JSON.stringify({ statements, boundary }, null, 1)}`);
          }
        }
      }),
      // Every run explores anew; a failure prints its seed and path (fast-check's report), FC_SEED=<seed> replays it.
      { numRuns: Number(process.env.FC_RUNS ?? 200), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
  });
});

const NON_DESTRUCTIVE = new Set([
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:GetRecords",
  "s3:PutObject",
  "s3:GetObject",
  "kms:CancelKeyDeletion",
  "kms:Decrypt",
  "cloudformation:DescribeStacks",
]);
const isDestructiveTier = (action: string) => !NON_DESTRUCTIVE.has(action);
