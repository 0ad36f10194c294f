import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-PGWALTPF.js";
import "./chunk-EO4PYL33.js";

// src/core/review/facts.ts
var actor = external_exports.object({ login: external_exports.string().min(1), type: external_exports.enum(["User", "Bot", "Organization"]) }).strict();
var person = external_exports.object({ name: external_exports.string(), email: external_exports.string(), login: external_exports.string().min(1).nullable() }).strict();
var pullFactsSchema = external_exports.object({
  repo: external_exports.string().regex(/^[^/\s]+\/[^/\s]+$/, { message: 'expected "owner/name"' }),
  number: external_exports.number().int().positive(),
  author: actor,
  headSha: external_exports.string().min(7),
  headRef: external_exports.string(),
  baseRef: external_exports.string(),
  title: external_exports.string(),
  body: external_exports.string(),
  labels: external_exports.array(external_exports.string()),
  files: external_exports.array(external_exports.object({ path: external_exports.string().min(1), previousPath: external_exports.string().min(1).optional() }).strict()),
  filesComplete: external_exports.boolean(),
  commits: external_exports.array(external_exports.object({ sha: external_exports.string().min(7), message: external_exports.string(), author: person, committer: person }).strict()),
  commitsComplete: external_exports.boolean(),
  reviews: external_exports.array(
    external_exports.object({
      id: external_exports.number().int(),
      user: actor,
      state: external_exports.enum(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"]),
      commitId: external_exports.string(),
      submittedAt: external_exports.string()
    }).strict()
  ),
  permissions: external_exports.record(external_exports.string(), external_exports.enum(["admin", "maintain", "write", "triage", "read", "none"])),
  teams: external_exports.record(external_exports.string(), external_exports.array(external_exports.string())).optional(),
  baseChangedAt: external_exports.string().optional(),
  bodyRevisions: external_exports.array(external_exports.string()).optional(),
  triggers: external_exports.array(external_exports.object({ login: external_exports.string().min(1), kind: external_exports.enum(["assignment", "label", "comment", "review-request"]), text: external_exports.string(), at: external_exports.string() }).strict()).optional(),
  commitSignatures: external_exports.record(external_exports.string(), external_exports.object({ verified: external_exports.boolean(), signer: external_exports.string().nullable() }).strict()).optional(),
  infraRoots: external_exports.array(external_exports.object({ root: external_exports.string(), source: external_exports.string().min(1) }).strict()).optional()
}).strict();
export {
  pullFactsSchema
};
