/** PullFacts: everything the two-person rule decides on (DESIGN.md "PullFacts"). */
import { z } from "zod";

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";
export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";

export interface Actor {
  login: string;
  type: "User" | "Bot" | "Organization";
}

/** A reviewer: an Actor, and its account id when GitHub gave it. */
export interface Reviewer extends Actor {
  /**
   * GitHub's numeric account id: a rename changes the login, never the id that a no-reply address
   * (`<id>+<login>@users.noreply.github.com`) carries.
   */
  id?: number;
}

export interface Person {
  name: string;
  email: string;
  /** null: the email is linked to no GitHub account. */
  login: string | null;
}

export interface Commit {
  sha: string;
  message: string;
  author: Person;
  committer: Person;
  /**
   * Optional: GitHub's own list of the commit's authors (GraphQL `Commit.authors`: the git author,
   * then each `Co-authored-by:` address), each with the account GitHub links its address to. A
   * trailer's address that is no no-reply one (a requester's public email, as GitHub's Copilot,
   * Claude and Codex agents and "Commit suggestion" write it) names its account only here.
   */
  authors?: Person[];
}

export interface PullFacts {
  repo: string;
  number: number;
  author: Actor;
  headSha: string;
  headRef: string;
  baseRef: string;
  title: string;
  body: string;
  labels: string[];
  files: { path: string; previousPath?: string }[];
  filesComplete: boolean;
  commits: Commit[];
  commitsComplete: boolean;
  reviews: { id: number; user: Reviewer; state: ReviewState; commitId: string; submittedAt: string }[];
  permissions: Record<string, Permission>;
  teams?: Record<string, string[]>;
  // Optional (absent = none recorded), so facts files saved before they existed still replay:
  /** ISO time of the latest change of the PR's base branch: approvals before it approved another diff. */
  baseChangedAt?: string;
  /** Earlier texts of the PR body, oldest first (an edit that removes "Requested by" changes nothing). */
  bodyRevisions?: string[];
  /** Who asked an agent for this work, and how (timeline of the PR and of the issues it closes). */
  triggers?: Trigger[];
  /** sha → GitHub's verification of the commit's signature (`review.requireVerifiedCommits`). */
  commitSignatures?: Record<string, CommitSignature>;
  /**
   * Folders the BASE branch declares as infrastructure by its project files (cdk.json and the
   * folder its `app` command runs, Pulumi.yaml, SAM/Serverless templates, Terraform modules),
   * among the folders of the changed files. `source` names the file that says so.
   */
  infraRoots?: InfraRoot[];
  /**
   * Merge commits proven to hold nothing but their parents' content ("Update branch", a clean
   * `git merge`; the adapter compared their trees): making one does not make a person a writer.
   */
  cleanMerges?: string[];
  /**
   * The parents of each merge in `cleanMerges` (first parent first), as GitHub lists them: a push
   * that brought only such a merge onto the branch's previous head ("Update branch") does not make
   * its pusher a writer; one whose second parent is a commit of the PR brought that commit too.
   */
  cleanMergeParents?: Record<string, string[]>;
  /**
   * Commits a force push took out of the pull request (the head before each force push and the
   * commits it ended, as GitHub keeps them): a rewrite (`--reset-author`, a squash, a rebase that
   * drops trailers) must not erase that an agent wrote the change, nor who co-wrote or asked for it.
   */
  replacedCommits?: PullFacts["commits"];
  /**
   * GitHub's record of who pushed to the head branch (the repository activity API: the account
   * GitHub authenticated, which no commit can name otherwise), newest first. Read for pull requests
   * no commit or text marks as an agent's: an agent's token can push commits written as a person's.
   */
  pushes?: Push[];
  /**
   * The GitHub App the pull request was opened through under a person's account
   * (`performed_via_github_app` of the PR as an issue; null: none). Codex cloud opens PRs so.
   */
  openedViaApp?: { slug: string; name: string } | null;
  /**
   * Why a record of who pushed or which app opened the pull request could not be read (a missing
   * permission, no activity API, a list longer than the adapter reads): the pusher is unknown.
   */
  provenanceUnread?: string[];
}

/** One update of the head branch as GitHub recorded it (`GET /repos/{owner}/{repo}/activity`). */
export interface Push {
  /** The branch's head before (40 zeros when the push created the branch) and after. */
  before: string;
  after: string;
  kind: "push" | "force_push" | "branch_creation" | "branch_deletion" | "pr_merge" | "merge_queue_merge";
  /** Who pushed, as GitHub authenticated them; null: an account GitHub no longer has. */
  actor: Actor | null;
  /** When (GitHub's time). */
  at: string;
}

export interface Trigger {
  /** The human (or account) who acted. */
  login: string;
  kind: "assignment" | "label" | "comment" | "review-request" | "deleted-comment";
  /**
   * assignment/review-request: the assignee's login; label: the label; comment: its text (also an
   * earlier revision of it, or an issue's title and body); deleted-comment: "" (its text is gone), or
   * for a revision deleted from an edit history what this person did to it ("deleted an earlier
   * revision of the PR body").
   */
  text: string;
  at: string;
}

export interface CommitSignature {
  verified: boolean;
  /** Login of the signer GitHub matched, or null. */
  signer: string | null;
}

export interface InfraRoot {
  /** Folder path ("" = the repository root). */
  root: string;
  /** The project file that makes it infrastructure (e.g. "packages/orders/cdk.json"). */
  source: string;
}

const actor = z.object({ login: z.string().min(1), type: z.enum(["User", "Bot", "Organization"]) }).strict();
const reviewer = actor.extend({ id: z.number().int().positive().optional() }).strict();
const person = z.object({ name: z.string(), email: z.string(), login: z.string().min(1).nullable() }).strict();
const commit = z.object({ sha: z.string().min(7), message: z.string(), author: person, committer: person, authors: z.array(person).optional() }).strict();

/** Validates a PullFacts file (`review --facts`): strict, so a typo is an error, not a default. */
export const pullFactsSchema = z
  .object({
    repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, { message: 'expected "owner/name"' }),
    number: z.number().int().positive(),
    author: actor,
    headSha: z.string().min(7),
    headRef: z.string(),
    baseRef: z.string(),
    title: z.string(),
    body: z.string(),
    labels: z.array(z.string()),
    files: z.array(z.object({ path: z.string().min(1), previousPath: z.string().min(1).optional() }).strict()),
    filesComplete: z.boolean(),
    commits: z.array(commit),
    commitsComplete: z.boolean(),
    reviews: z.array(
      z
        .object({
          id: z.number().int(),
          user: reviewer,
          state: z.enum(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"]),
          commitId: z.string(),
          submittedAt: z.string(),
        })
        .strict(),
    ),
    permissions: z.record(z.string(), z.enum(["admin", "maintain", "write", "triage", "read", "none"])),
    teams: z.record(z.string(), z.array(z.string())).optional(),
    baseChangedAt: z.string().optional(),
    bodyRevisions: z.array(z.string()).optional(),
    triggers: z
      .array(z.object({ login: z.string().min(1), kind: z.enum(["assignment", "label", "comment", "review-request", "deleted-comment"]), text: z.string(), at: z.string() }).strict())
      .optional(),
    commitSignatures: z.record(z.string(), z.object({ verified: z.boolean(), signer: z.string().nullable() }).strict()).optional(),
    infraRoots: z.array(z.object({ root: z.string(), source: z.string().min(1) }).strict()).optional(),
    cleanMerges: z.array(z.string().min(7)).optional(),
    cleanMergeParents: z.record(z.string().min(7), z.array(z.string().min(7))).optional(),
    replacedCommits: z.array(commit).optional(),
    pushes: z
      .array(
        z
          .object({
            before: z.string().min(7),
            after: z.string().min(7),
            kind: z.enum(["push", "force_push", "branch_creation", "branch_deletion", "pr_merge", "merge_queue_merge"]),
            actor: actor.nullable(),
            at: z.string(),
          })
          .strict(),
      )
      .optional(),
    openedViaApp: z.object({ slug: z.string().min(1), name: z.string() }).strict().nullable().optional(),
    provenanceUnread: z.array(z.string().min(1)).optional(),
  })
  .strict();

export interface Approval {
  login: string;
  reviewId: number;
}

export interface Decision {
  conclusion: "success" | "failure";
  guarded: boolean;
  reasons: string[];
  approvals: Approval[];
  missing: number;
  evidence: { reviewIds: number[]; commitShas: string[]; files: string[] };
}
