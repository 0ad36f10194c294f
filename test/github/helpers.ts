/**
 * Test helpers for the GitHub adapter: real webhook payloads from @octokit/webhooks-examples,
 * GraphQL responses shaped exactly like GitHub's for the PullFacts query, a Probot instance with
 * retries and throttling off and a throwaway RSA key.
 */
import { createHmac, generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import { Probot, ProbotOctokit } from "probot";
import { agentGuardrailApp, type AppOptions } from "../../src/github/app.js";

const require = createRequire(import.meta.url);
const definitions = require("@octokit/webhooks-examples") as { name: string; examples: Record<string, unknown>[] }[];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deep webhook JSON that tests edit in place
export type Payload = Record<string, any>;

/** A deep copy of a real example payload (event name + action; index among the examples). */
export function examplePayload(name: string, action: string, index = 0): Payload {
  const found = definitions.find((d) => d.name === name)?.examples.filter((e) => e["action"] === action)[index];
  if (!found) throw new Error(`no @octokit/webhooks-examples payload ${name}.${action}[${index}]`);
  const copy = structuredClone(found) as Payload;
  copy["installation"] ??= { id: 1, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  return copy;
}

let key: string | undefined;
/** The `X-Hub-Signature-256` header GitHub sends with a delivery of `body` signed with `secret`. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export function privateKey(): string {
  key ??= generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
  return key;
}

export const APP_ID = 123;

export async function testProbot(options: AppOptions = {}): Promise<Probot> {
  return probotWith(agentGuardrailApp({ appId: APP_ID, ...options }));
}

/** A Probot instance (retries and throttling off) with `app` loaded. */
export async function probotWith(app: (probot: Probot) => void): Promise<Probot> {
  const probot = new Probot({
    appId: APP_ID,
    privateKey: privateKey(),
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  await probot.load(app);
  return probot;
}

// ------------------------------------------------------------------ GraphQL response builders

export interface GqlPersonInput {
  name: string;
  email: string;
  login: string | null;
}
export interface CommitInput {
  oid: string;
  message: string;
  author: GqlPersonInput;
  committer?: GqlPersonInput;
  /** Sent only when set: the query does not ask for it (a committer writes it), the adapter must ignore it. */
  committedDate?: string;
  /** GitHub's signature verification; undefined → unsigned (null). */
  signature?: { isValid: boolean; signer: string | null };
  /** The commit's parents; undefined → one (an ordinary commit on the base's tip). */
  parents?: string[];
  /** GitHub's `authors` (the git author, then each co-author it links); undefined → the git author alone. */
  authors?: GqlPersonInput[];
}
/** A timeline record as GraphQL returns it (AssignedEvent, LabeledEvent, IssueComment, BaseRefChangedEvent, ReviewDismissedEvent). */
export type TimelineInput =
  | { type: "BaseRefChangedEvent" | "ReviewDismissedEvent"; at: string }
  | { type: "AssignedEvent"; at: string; actor: string; assignee: string }
  | { type: "LabeledEvent"; at: string; actor: string; label: string }
  | { type: "IssueComment"; at: string; author: string; body: string; id?: string; lastEditedAt?: string }
  | { type: "CommentDeletedEvent"; at: string; actor: string; deletedCommentAuthor: string }
  | { type: "RenamedTitleEvent"; at: string; actor: string; previousTitle: string; currentTitle: string }
  | { type: "ConnectedEvent" | "DisconnectedEvent"; at: string; issue: number }
  | { type: "HeadRefForcePushedEvent"; at: string; before: string | null };
export interface ReviewInput {
  id: number;
  login: string;
  type?: "User" | "Bot";
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
  commit: string;
  at: string;
  canPush?: boolean;
  /** The reviewer's account id (GraphQL `databaseId` of the User), when the test gives one. */
  accountId?: number;
  body?: string;
  /** Inline comments of the review (GraphQL PullRequestReviewComment). */
  comments?: { id?: string; author: string; body: string; at: string; lastEditedAt?: string }[];
}
export interface PullInput {
  number: number;
  headSha: string;
  headRef?: string;
  baseRef?: string;
  baseSha?: string;
  author?: { login: string; type: "User" | "Bot" };
  title?: string;
  body?: string;
  labels?: string[];
  files?: { path: string; changeType?: string }[];
  commits?: CommitInput[];
  reviews?: ReviewInput[];
  sameHead?: number[];
  /**
   * Every open PR of the repository with its head (the list the adapter reads to find fork PRs
   * sharing the head, which GitHub links to no commit of the base repository); undefined → this PR
   * and `sameHead`.
   */
  openPulls?: { number: number; headRefOid: string }[];
  timeline?: TimelineInput[];
  /** Earlier bodies: each edit's text and time. */
  edits?: { diff: string; editedAt: string }[];
  closingIssues?: { number: number; timeline: TimelineInput[]; title?: string; body?: string; author?: string; id?: string; lastEditedAt?: string }[];
  /** This app's runs on the head; `annotations`: how many the run already carries. */
  checkRuns?: { id: number; name: string; annotations?: number; status?: string; conclusion?: string | null }[];
}

const gqlPerson = (p: GqlPersonInput) => ({ name: p.name, email: p.email, user: p.login ? { login: p.login } : null });

/** One timeline node, shaped as the PullFacts query's fragments return it. */
export function timelineNode(t: TimelineInput): Record<string, unknown> {
  switch (t.type) {
    case "AssignedEvent":
      return { __typename: t.type, createdAt: t.at, actor: { login: t.actor }, assignee: { login: t.assignee } };
    case "LabeledEvent":
      return { __typename: t.type, createdAt: t.at, actor: { login: t.actor }, label: { name: t.label } };
    case "IssueComment":
      return { __typename: t.type, id: t.id ?? `IC_${t.at}`, createdAt: t.at, lastEditedAt: t.lastEditedAt ?? null, author: { login: t.author }, body: t.body };
    case "CommentDeletedEvent":
      return { __typename: t.type, createdAt: t.at, actor: { login: t.actor }, deletedCommentAuthor: { login: t.deletedCommentAuthor } };
    case "ConnectedEvent":
    case "DisconnectedEvent":
      return { __typename: t.type, createdAt: t.at, subject: { number: t.issue } };
    case "RenamedTitleEvent":
      return { __typename: t.type, createdAt: t.at, actor: { login: t.actor }, previousTitle: t.previousTitle, currentTitle: t.currentTitle };
    case "HeadRefForcePushedEvent":
      return { __typename: t.type, createdAt: t.at, beforeCommit: t.before ? { oid: t.before } : null };
    default:
      return { __typename: t.type, createdAt: t.at };
  }
}
const timelineConnection = (items: TimelineInput[]) => ({ totalCount: items.length, pageInfo: { hasNextPage: false, endCursor: items.length ? "dGw" : null }, nodes: items.map(timelineNode) });

export const GITHUB_NOREPLY = { name: "GitHub", email: "noreply@github.com", login: "web-flow" };
export const COPILOT = { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com", login: "Copilot" };

const gqlParents = (oids: string[]) => ({ totalCount: oids.length, nodes: oids.map((oid) => ({ oid })) });

/**
 * The base commit of pullData's PR: GitHub's recorded base (baseRefOid) and, as the reply names no
 * `baseRef.target.oid`, the base branch's tip the app reads the config and project folders at.
 */
export const BASE_SHA = "380387fbc80638b734a49e1be1c4dfec1c01b33c";

/** The `data` of the PullFacts query for one PR, as GitHub returns it. */
export function pullData(p: PullInput): Record<string, unknown> {
  const baseSha = p.baseSha ?? BASE_SHA;
  const files = p.files ?? [{ path: "infra/lib/orders-stack.ts" }];
  const commits = p.commits ?? [{ oid: p.headSha, message: "Initial plan", author: COPILOT, committer: GITHUB_NOREPLY }];
  const reviews = p.reviews ?? [];
  const author = p.author ?? { login: "copilot-swe-agent", type: "Bot" };
  const body = p.body ?? "Fixes #12.\n\n<!-- START COPILOT CODING AGENT SUFFIX -->\n\nCreated from VS Code.";
  // As GitHub links them: the issues the body closes ("Fixes #12"), unless the test says which.
  const closingIssues = p.closingIssues ?? [...new Set([...body.matchAll(/\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?[ \t]+#(\d+)/gi)].map((m) => Number(m[1])))].map((number) => ({ number, timeline: [] as TimelineInput[] }));
  const openPulls = p.openPulls ?? [p.number, ...(p.sameHead ?? [])].map((number) => ({ number, headRefOid: p.headSha }));
  return {
    repository: {
      openPulls: { totalCount: openPulls.length, pageInfo: { hasNextPage: false, endCursor: openPulls.length ? "b3A" : null }, nodes: openPulls },
      pullRequest: {
        number: p.number,
        state: "OPEN",
        title: p.title ?? "Raise the orders table's read capacity",
        body,
        headRefName: p.headRef ?? "copilot/fix-12",
        headRefOid: p.headSha,
        baseRefName: p.baseRef ?? "master",
        baseRefOid: baseSha,
        changedFiles: files.length,
        lastEditedAt: null,
        author: { login: author.login, __typename: author.type },
        labels: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: (p.labels ?? []).map((name) => ({ name })) },
        baseRef: { target: { unreadConfig: null } },
        userContentEdits: { totalCount: (p.edits ?? []).length, nodes: [...(p.edits ?? [])].reverse() },
        timelineItems: timelineConnection(p.timeline ?? []),
        closingIssuesReferences: { totalCount: closingIssues.length, nodes: closingIssues.map((i: NonNullable<PullInput["closingIssues"]>[number]) => ({ number: i.number, id: i.id ?? `I_${i.number}`, title: i.title ?? "", body: i.body ?? "", createdAt: "2026-11-19T07:00:00Z", lastEditedAt: i.lastEditedAt ?? null, author: { login: i.author ?? "dave" }, timelineItems: timelineConnection(i.timeline) })) },
        files: { pageInfo: { hasNextPage: false, endCursor: files.length ? "Y3Vyc29yOjE=" : null }, nodes: files.map((f) => ({ path: f.path, changeType: f.changeType ?? "MODIFIED" })) },
        commits: {
          totalCount: commits.length,
          pageInfo: { hasNextPage: false, endCursor: "MQ" },
          nodes: commits.map((c) => ({
            commit: {
              oid: c.oid,
              message: c.message,
              // The query asks for no commit date (committers write it); a test may still send one.
              ...(c.committedDate !== undefined ? { committedDate: c.committedDate } : {}),
              author: gqlPerson(c.author),
              committer: gqlPerson(c.committer ?? c.author),
              signature: c.signature ? { isValid: c.signature.isValid, signer: c.signature.signer ? { login: c.signature.signer } : null } : null,
              parents: gqlParents(c.parents ?? [baseSha]),
              authors: { nodes: (c.authors ?? [c.author]).map(gqlPerson) },
            },
          })),
        },
        reviews: {
          totalCount: reviews.length,
          pageInfo: { hasNextPage: false, endCursor: reviews.length ? "Y3Vyc29yOnYyOpO0" : null },
          nodes: reviews.map((r) => ({
            databaseId: r.id,
            id: `PRR_${r.id}`,
            lastEditedAt: null,
            comments: { totalCount: (r.comments ?? []).length, nodes: (r.comments ?? []).map((c, i) => ({ id: c.id ?? `PRRC_${r.id}_${i}`, createdAt: c.at, lastEditedAt: c.lastEditedAt ?? null, author: { login: c.author }, body: c.body })) },
            body: r.body ?? "",
            state: r.state,
            submittedAt: r.state === "PENDING" ? null : r.at,
            authorCanPushToRepository: r.canPush ?? true,
            author: { login: r.login, __typename: r.type ?? "User", ...(r.accountId !== undefined ? { databaseId: r.accountId } : {}) },
            commit: { oid: r.commit },
          })),
        },
        head: {
          nodes: [
            {
              commit: {
                oid: p.headSha,
                associatedPullRequests: {
                  pageInfo: { hasNextPage: false, endCursor: null },
                  nodes: [p.number, ...(p.sameHead ?? [])].map((number) => ({ number, state: "OPEN", headRefOid: p.headSha })),
                },
                checkSuites: { nodes: p.checkRuns?.length ? [{ checkRuns: { nodes: p.checkRuns.map((r) => ({ databaseId: r.id, name: r.name, status: r.status ?? "COMPLETED", conclusion: r.conclusion === undefined ? "FAILURE" : r.conclusion, annotations: { totalCount: r.annotations ?? 0 } })) } }] : [] },
              },
            },
          ],
        },
      },
    },
  };
}

export const RATE_HEADERS = (resource: string, remaining: number) => ({
  "x-ratelimit-limit": "5000",
  "x-ratelimit-remaining": String(remaining),
  "x-ratelimit-used": String(5000 - remaining),
  "x-ratelimit-resource": resource,
  "x-ratelimit-reset": "1764062400",
});

// ------------------------------------------------------------------ IAM changes in a pull request

/** A read-only statement on the production orders table, and the over-broad one an agent adds. */
export const READ_ORDERS = { Sid: "ReadOrders", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query"], Resource: "arn:aws:dynamodb:us-east-1:111111111111:table/orders-prod" };
export const ALL_DYNAMODB = { Sid: "AgentData", Effect: "Allow", Action: "dynamodb:*", Resource: "*" };

/** A production template (as `cdk synth` writes it: 2-space JSON) with a Kiro agent role and an inline policy. */
export const agentRoleTemplate = (statements: unknown[]): string =>
  `${JSON.stringify(
    {
      AWSTemplateFormatVersion: "2010-09-09",
      Description: "Orders service (production)",
      Resources: {
        KiroAgentRole: {
          Type: "AWS::IAM::Role",
          Properties: {
            RoleName: "kiro-agent-prod",
            AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] },
            Policies: [{ PolicyName: "agent-data", PolicyDocument: { Version: "2012-10-17", Statement: statements } }],
          },
        },
      },
    },
    null,
    2,
  )}\n`;
