/**
 * Metamorphic property: a template rewritten into a form CloudFormation and IAM treat as the same
 * thing keeps its verdict. Each fixture's verdict is written here by hand (a role that can delete
 * the production table, one that can escalate, two least-privilege ones); every composition of
 * rewrites fast-check draws must leave the agent findings and the input errors unchanged.
 *
 * Each rewrite is equivalent by the AWS documentation it cites:
 * - IAM JSON policy reference, "Grammar": `Statement`, `Action`, `Resource` take one value or a
 *   list; `Sid` is optional; action names are case-insensitive ("Action element"); `*` and `?`
 *   wildcards (a rewrite to a wildcard is kept only when the catalogue expands it to the same
 *   actions); repeating a statement or adding a Deny of something unrelated changes nothing.
 * - CloudFormation intrinsic function reference: `Fn::Join`, `Fn::Sub` with a variable map,
 *   `Fn::Select`, `Fn::GetAtt` (`Arn` of a table is `arn:${AWS::Partition}:dynamodb:${AWS::Region}:
 *   ${AWS::AccountId}:table/${Ref}`), `Ref: AWS::NoValue` removing a list element.
 * - AWS::IAM::Role `Policies` vs AWS::IAM::Policy / AWS::IAM::RolePolicy / AWS::IAM::ManagedPolicy
 *   with `Roles`, or named in the role's `ManagedPolicyArns` (by `Ref`, or by its ARN,
 *   `arn:aws:iam::<account>:policy<Path><ManagedPolicyName>`): the same statements on the same
 *   role. A permissions boundary that allows every action limits nothing (IAM User Guide,
 *   "Permissions boundaries for IAM entities"). `Fn::If` choosing between two copies of one
 *   document deploys that document whichever branch is taken.
 * Intrinsics are only written into an Allow's Action: a Deny is resolved only to wildcard-free text
 * (src/core/cfn/intrinsics.ts, resolvedActionElement), by design.
 */
import fc from "fast-check";
import { expandActionPattern } from "../../../src/core/iam/catalogue.js";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

type Json = Record<string, unknown>;
type Doc = { Version?: string; Statement: unknown };

const TABLE_ARN = { "Fn::GetAtt": ["OrdersTable", "Arn"] };

function template(doc: Doc): Json {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Parameters: { Env: { Type: "String", AllowedValues: ["dev", "prod"] } },
    Conditions: { IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] } },
    Resources: {
      OrdersTable: {
        Type: "AWS::DynamoDB::Table",
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: { BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }] },
      },
      AgentRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: "claude-agent",
          AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] },
          Policies: [{ PolicyName: "agent", PolicyDocument: doc }],
        },
      },
    },
  };
}

const FIXTURES: { name: string; doc: Doc; verdict: string[] }[] = [
  {
    name: "deletes the production table",
    doc: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:DeleteTable"], Resource: TABLE_ARN }] },
    verdict: ["agent-destructive-prod"],
  },
  {
    name: "attaches policies to roles",
    doc: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: "*" }, { Effect: "Allow", Action: "dynamodb:Query", Resource: TABLE_ARN }] },
    verdict: ["agent-privilege-escalation"],
  },
  {
    name: "reads items",
    doc: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: TABLE_ARN }] },
    verdict: [],
  },
  {
    name: "everything on the table but a Deny of all but reads",
    doc: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:*", Resource: TABLE_ARN }, { Effect: "Deny", NotAction: ["dynamodb:GetItem", "dynamodb:Query"], Resource: "*" }] },
    verdict: [],
  },
  {
    // The table has no TableName: CloudFormation names it, but it is a table, which the Deny covers.
    name: "deletes the table, but a Deny of deleting any table",
    doc: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:DeleteTable"], Resource: TABLE_ARN }, { Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "arn:aws:dynamodb:*:*:table/*" }] },
    verdict: [],
  },
];

const clone = <T>(value: T): T => structuredClone(value);
const statementsOf = (doc: Doc): Json[] => (Array.isArray(doc.Statement) ? (doc.Statement as Json[]) : [doc.Statement as Json]);
const withStatements = (doc: Doc, map: (s: Json) => Json): Doc => ({ ...doc, Statement: Array.isArray(doc.Statement) ? (doc.Statement as Json[]).map(map) : map(doc.Statement as Json) });
const actionKey = (s: Json): "Action" | "NotAction" => ("NotAction" in s ? "NotAction" : "Action");
const mapActions = (s: Json, map: (a: string, s: Json) => unknown): Json => {
  const key = actionKey(s);
  const value = s[key];
  const mapOne = (a: unknown): unknown => (typeof a === "string" ? map(a, s) : a);
  return { ...s, [key]: Array.isArray(value) ? value.map(mapOne) : mapOne(value) };
};
const sameActions = (a: string, b: string): boolean => JSON.stringify(expandActionPattern(catalogue, a).actions) === JSON.stringify(expandActionPattern(catalogue, b).actions);
const allowOnly = (s: Json): boolean => s["Effect"] === "Allow";

/** Rewrites of one policy document, each equivalent (see the header). */
const DOC_REWRITES: Record<string, (doc: Doc) => Doc> = {
  "single statement as an object": (doc) => (Array.isArray(doc.Statement) && doc.Statement.length === 1 ? { ...doc, Statement: doc.Statement[0] } : doc),
  "Action as a list": (doc) => withStatements(doc, (s) => (typeof s[actionKey(s)] === "string" ? { ...s, [actionKey(s)]: [s[actionKey(s)]] } : s)),
  "Resource as a list": (doc) => withStatements(doc, (s) => ("Resource" in s && !Array.isArray(s["Resource"]) ? { ...s, Resource: [s["Resource"]] } : s)),
  "action names in upper case": (doc) => withStatements(doc, (s) => mapActions(s, (a) => a.toUpperCase())),
  "service prefix in mixed case": (doc) => withStatements(doc, (s) => mapActions(s, (a) => a.replace(/^(\w)/, (c) => c.toUpperCase()))),
  "first letter of the name as ?": (doc) =>
    withStatements(doc, (s) =>
      mapActions(s, (a) => {
        const wild = a.replace(/:(\w)/, ":?");
        return a.includes("*") || !sameActions(a, wild) ? a : wild;
      }),
    ),
  "name ending as *": (doc) =>
    withStatements(doc, (s) =>
      mapActions(s, (a) => {
        const wild = a.replace(/^([^:]+:\w{6,}?)\w+$/, "$1*");
        return wild === a || !sameActions(a, wild) ? a : wild;
      }),
    ),
  "Sid on every statement": (doc) => withStatements(doc, (s) => ({ Sid: "S1", ...s })),
  "every statement twice": (doc) => ({ ...doc, Statement: [...statementsOf(doc), ...statementsOf(doc)] }),
  "a Deny of something unrelated": (doc) => ({ ...doc, Statement: [...statementsOf(doc), { Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::unrelated-bucket/*" }] }),
  "Version left out": (doc) => {
    const { Version: _version, ...rest } = doc;
    return rest;
  },
  "table ARN by Fn::Sub": (doc) =>
    withStatements(doc, (s) => (JSON.stringify(s["Resource"]) === JSON.stringify(TABLE_ARN) ? { ...s, Resource: { "Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${OrdersTable}" } } : s)),
  "table ARN by Fn::GetAtt dotted": (doc) => withStatements(doc, (s) => (JSON.stringify(s["Resource"]) === JSON.stringify(TABLE_ARN) ? { ...s, Resource: { "Fn::GetAtt": "OrdersTable.Arn" } } : s)),
  "Allow actions by Fn::Join": (doc) =>
    withStatements(doc, (s) => (allowOnly(s) ? mapActions(s, (a) => ({ "Fn::Join": [":", a.split(/:(.*)/s).slice(0, 2)] })) : s)),
  "Allow actions by Fn::Sub with a map": (doc) =>
    withStatements(doc, (s) => (allowOnly(s) ? mapActions(s, (a) => ({ "Fn::Sub": ["${Service}:" + (a.split(":")[1] ?? ""), { Service: a.split(":")[0] }] })) : s)),
  "Allow actions by Fn::Select": (doc) => withStatements(doc, (s) => (allowOnly(s) ? mapActions(s, (a) => ({ "Fn::Select": [1, ["sqs:ReceiveMessage", a]] })) : s)),
  "AWS::NoValue in the Action list": (doc) =>
    withStatements(doc, (s) => {
      const value = s[actionKey(s)];
      return { ...s, [actionKey(s)]: [...(Array.isArray(value) ? value : [value]), { Ref: "AWS::NoValue" }] };
    }),
};

/** Where the document is attached to the role: all give the role the same statements. */
const PLACEMENTS: Record<string, (t: Json) => Json> = {
  "inline in the role": (t) => t,
  "AWS::IAM::Policy with Roles": (t) => move(t, (doc) => ({ Type: "AWS::IAM::Policy", Properties: { PolicyName: "agent", Roles: [{ Ref: "AgentRole" }], PolicyDocument: doc } })),
  "AWS::IAM::RolePolicy": (t) => move(t, (doc) => ({ Type: "AWS::IAM::RolePolicy", Properties: { PolicyName: "agent", RoleName: { Ref: "AgentRole" }, PolicyDocument: doc } })),
  "AWS::IAM::ManagedPolicy with Roles": (t) => move(t, (doc) => ({ Type: "AWS::IAM::ManagedPolicy", Properties: { Roles: [{ Ref: "AgentRole" }], PolicyDocument: doc } })),
  "ManagedPolicyArns naming a managed policy of the template": (t) => {
    const out = move(t, (doc) => ({ Type: "AWS::IAM::ManagedPolicy", Properties: { PolicyDocument: doc } }));
    ((out["Resources"] as Json)["AgentRole"] as { Properties: Json }).Properties["ManagedPolicyArns"] = [{ Ref: "Moved" }];
    return out;
  },
  "ManagedPolicyArns naming a managed policy of the template by its ARN": (t) => {
    const out = move(t, (doc) => ({ Type: "AWS::IAM::ManagedPolicy", Properties: { ManagedPolicyName: "agent-access", Path: "/agents/", PolicyDocument: doc } }));
    ((out["Resources"] as Json)["AgentRole"] as { Properties: Json }).Properties["ManagedPolicyArns"] = [{ "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/agents/agent-access" }];
    return out;
  },
  "inline, under a boundary that allows everything (AWS managed AdministratorAccess)": (t) => {
    const out = clone(t);
    ((out["Resources"] as Json)["AgentRole"] as { Properties: Json }).Properties["PermissionsBoundary"] = { "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess" };
    return out;
  },
  "PolicyDocument under Fn::If, the same in both branches (a document without Deny)": (t) => {
    const out = clone(t);
    const first = ((out["Resources"] as Json)["AgentRole"] as { Properties: { Policies: { PolicyDocument: unknown }[] } }).Properties.Policies[0];
    // A Deny under Fn::If protects nothing (fail closed, as deployed.ts decides): only Allow-only documents.
    if (first && !JSON.stringify(first.PolicyDocument).includes('"Deny"')) first.PolicyDocument = { "Fn::If": ["IsProd", first.PolicyDocument, clone(first.PolicyDocument)] };
    return out;
  },
  "PolicyDocument as JSON text": (t) => {
    const out = clone(t);
    const policies = ((out["Resources"] as Json)["AgentRole"] as { Properties: { Policies: { PolicyDocument: unknown }[] } }).Properties.Policies;
    const first = policies[0];
    const text = JSON.stringify(first?.PolicyDocument);
    // JSON text cannot hold an intrinsic: only a document without any is written as text.
    if (first && !/"(Ref|Fn::[A-Za-z]+)"/.test(text)) first.PolicyDocument = text;
    return out;
  },
};

function move(t: Json, resource: (doc: unknown) => Json): Json {
  const out = clone(t);
  const resources = out["Resources"] as Json;
  const role = resources["AgentRole"] as { Properties: Json };
  const [first] = role.Properties["Policies"] as { PolicyDocument: unknown }[];
  delete role.Properties["Policies"];
  resources["Moved"] = resource(first?.PolicyDocument);
  return out;
}

function verdict(t: Json): { rules: string[]; errors: string[] } {
  const { findings, errors } = evaluateTemplates([{ file: "agent.template.json", value: t, stackName: "OrdersProd", account: "111111111111", terminationProtection: true }], policy, catalogue);
  return {
    rules: [...new Set(findings.filter((f) => f.subject === "OrdersProd/AgentRole").map((f) => f.rule))].sort(),
    errors: errors.map((e) => e.message),
  };
}

describe("metamorphic: equivalent rewrites keep the verdict", () => {
  it.each(FIXTURES)("the fixture as written: $name", ({ doc, verdict: expected }) => {
    expect(verdict(template(doc))).toEqual({ rules: expected, errors: [] });
  });

  it("every composition of document rewrites, in every placement, keeps each fixture's verdict", () => {
    const names = Object.keys(DOC_REWRITES);
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURES),
        fc.array(fc.constantFrom(...names), { maxLength: 4 }),
        fc.constantFrom(...Object.keys(PLACEMENTS)),
        (fixture, rewrites, placement) => {
          const doc = rewrites.reduce((d, name) => (DOC_REWRITES[name] as (d: Doc) => Doc)(d), clone(fixture.doc));
          const rewritten = (PLACEMENTS[placement] as (t: Json) => Json)(template(doc));
          expect({ fixture: fixture.name, rewrites, placement, ...verdict(rewritten) }).toEqual({ fixture: fixture.name, rewrites, placement, rules: fixture.verdict, errors: [] });
        },
      ),
      { numRuns: 150, seed: 20261206 },
    );
  });
});
