/** PullFacts: everything the two-person rule decides on (DESIGN.md "PullFacts"). */
import { z } from "zod";

export type Permission = "admin" | "maintain" | "write" | "triage" | "read" | "none";
export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED";

export interface Actor {
  login: string;
  type: "User" | "Bot" | "Organization";
}

export interface Person {
  name: string;
  email: string;
  /** null: the email is linked to no GitHub account. */
  login: string | null;
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
  commits: { sha: string; message: string; author: Person; committer: Person }[];
  commitsComplete: boolean;
  reviews: { id: number; user: Actor; state: ReviewState; commitId: string; submittedAt: string }[];
  permissions: Record<string, Permission>;
  teams?: Record<string, string[]>;
}

const actor = z.object({ login: z.string().min(1), type: z.enum(["User", "Bot", "Organization"]) }).strict();
const person = z.object({ name: z.string(), email: z.string(), login: z.string().min(1).nullable() }).strict();

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
    commits: z.array(z.object({ sha: z.string().min(7), message: z.string(), author: person, committer: person }).strict()),
    commitsComplete: z.boolean(),
    reviews: z.array(
      z
        .object({
          id: z.number().int(),
          user: actor,
          state: z.enum(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"]),
          commitId: z.string(),
          submittedAt: z.string(),
        })
        .strict(),
    ),
    permissions: z.record(z.string(), z.enum(["admin", "maintain", "write", "triage", "read", "none"])),
    teams: z.record(z.string(), z.array(z.string())).optional(),
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
