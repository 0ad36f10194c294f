import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  loadRepoPolicy,
  readRepoFile
} from "./chunk-HAPBF42A.js";
import {
  fetchPull,
  fetchTeams
} from "./chunk-SIRY7R2V.js";
import {
  describeLedger
} from "./chunk-HHZDQI7D.js";
import {
  ConfigError
} from "./chunk-5PMTJJ6S.js";
import "./chunk-PGWALTPF.js";
import "./chunk-7E4DYIPH.js";
import "./chunk-X6BODPTN.js";
import "./chunk-2QL3WTTD.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-EO4PYL33.js";

// src/github/check-runs.ts
var MAX_SUMMARY = 65535;
var ANNOTATIONS_PER_REQUEST = 50;
function truncateSummary(summary, max = MAX_SUMMARY) {
  if (summary.length <= max) return summary;
  const note = `

\u2026 truncated: ${summary.length - max} more characters (GitHub's limit is ${max}).`;
  return summary.slice(0, max - note.length) + note;
}
async function listCheckRuns(api, owner, repo, sha, appId) {
  const res = await api.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    owner,
    repo,
    ref: sha,
    per_page: 100,
    filter: "latest",
    ...appId !== void 0 ? { app_id: appId } : {}
  });
  const runs = res.data.check_runs;
  const out = /* @__PURE__ */ new Map();
  for (const run of runs) if (!out.has(run.name)) out.set(run.name, { id: run.id, annotations: run.output?.annotations_count ?? 0 });
  return out;
}
var annotationKey = (a) => [a.path, a.start_line, a.end_line, a.annotation_level, a.title ?? "", a.message].join("\0");
async function listAnnotations(api, owner, repo, runId, count) {
  const out = [];
  for (let page = 1; out.length < count; page++) {
    const res = await api.request("GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations", { owner, repo, check_run_id: runId, per_page: 100, page });
    const rows = res.data;
    out.push(...rows);
    if (rows.length < 100) break;
  }
  return out;
}
async function planAnnotations(api, owner, repo, outcome, existing) {
  const unique = /* @__PURE__ */ new Map();
  for (const a of outcome.annotations) if (!unique.has(annotationKey(a))) unique.set(annotationKey(a), a);
  if (!existing || existing.annotations === 0) return { annotations: [...unique.values()], stale: 0 };
  const present = new Set((await listAnnotations(api, owner, repo, existing.id, existing.annotations)).map(annotationKey));
  return {
    annotations: [...unique].filter(([key]) => !present.has(key)).map(([, a]) => a),
    stale: [...present].filter((key) => !unique.has(key)).length
  };
}
var publishRequests = (annotations) => Math.max(1, Math.ceil(annotations / ANNOTATIONS_PER_REQUEST));
async function publishCheckRun(api, input) {
  const { owner, repo, name, outcome } = input;
  const batches = [];
  for (let i = 0; i < outcome.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(outcome.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const output = (annotations) => ({
    title: outcome.title.slice(0, 1e3),
    summary: truncateSummary(outcome.summary),
    ...annotations?.length ? { annotations } : {}
  });
  const body = {
    name,
    status: "completed",
    conclusion: outcome.conclusion,
    completed_at: (/* @__PURE__ */ new Date()).toISOString(),
    ...input.externalId ? { external_id: input.externalId } : {},
    output: output(batches[0])
  };
  let id;
  if (input.existingId !== void 0) {
    await api.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { owner, repo, check_run_id: input.existingId, ...body });
    id = input.existingId;
  } else {
    const res = await api.request("POST /repos/{owner}/{repo}/check-runs", { owner, repo, head_sha: input.headSha, ...body });
    id = res.data.id;
  }
  for (const batch of batches.slice(1)) {
    await api.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", { owner, repo, check_run_id: id, output: output(batch) });
  }
  return { id, requests: publishRequests(outcome.annotations.length) };
}

// src/github/evaluate.ts
function describeError(error) {
  if (error instanceof ConfigError) return `invalid configuration: ${error.message}`;
  const e = error;
  const status = typeof e.status === "number" ? `GitHub API error ${e.status}` : "error";
  const retryAfter = e.response?.headers?.["retry-after"];
  return `${status}: ${e.message ?? String(error)}${retryAfter !== void 0 ? ` (retry after ${String(retryAfter)} s)` : ""}`;
}
function failure(title, reason) {
  return {
    conclusion: "failure",
    title: title.slice(0, 200),
    summary: `**FAIL**: this pull request could not be evaluated, so it does not pass (fail closed).

- ${reason}`,
    annotations: []
  };
}
function memoizedReader(deps) {
  const files = /* @__PURE__ */ new Map();
  return (ref, path) => {
    const key = `${ref}\0${path}`;
    let text = files.get(key);
    if (!text) {
      text = readRepoFile(deps.api, deps.owner, deps.repo, path, ref);
      files.set(key, text);
    }
    return text;
  };
}
async function contexts(deps, numbers, known = []) {
  const policies = /* @__PURE__ */ new Map();
  const out = [];
  const readFile = memoizedReader(deps);
  for (const number of numbers) {
    const fetched = known.find((k) => k.facts.number === number) ?? await fetchPull(deps.api, deps.owner, deps.repo, number);
    const baseRef = fetched.facts.baseRef;
    let policy = policies.get(baseRef);
    if (!policy) {
      policy = await loadRepoPolicy(deps.api, deps.owner, deps.repo, baseRef);
      policies.set(baseRef, policy);
    }
    if (policy.review.approverTeams.length > 0) {
      const approvers = [...new Set(fetched.facts.reviews.filter((r) => r.state === "APPROVED" && r.user.type === "User").map((r) => r.user.login))];
      fetched.facts.teams = await fetchTeams(deps.api, deps.owner, approvers, policy.review.approverTeams);
    }
    out.push({
      owner: deps.owner,
      repo: deps.repo,
      htmlUrl: deps.htmlUrl,
      pull: { number, headSha: fetched.facts.headSha, headRef: fetched.facts.headRef, baseSha: fetched.baseSha, baseRef },
      policy,
      facts: fetched.facts,
      files: fetched.files,
      filesComplete: fetched.facts.filesComplete,
      readFile,
      github: deps.api
    });
  }
  return out;
}
async function runCheck(check, ctxs, groupLabel) {
  const results = [];
  for (const ctx of ctxs) {
    let outcome;
    try {
      outcome = await check.run(ctx);
    } catch (error) {
      outcome = failure(`${check.name} could not be evaluated`, `#${ctx.pull.number}: ${describeError(error)}`);
    }
    results.push({ number: ctx.pull.number, outcome });
  }
  const only = results[0];
  if (results.length === 1 && only) return only.outcome;
  if (!only) return failure("No pull request to evaluate", "no open pull request was found for this commit (fail closed)");
  const failed = results.filter((r) => r.outcome.conclusion === "failure");
  const conclusion = failed.length ? "failure" : results.some((r) => r.outcome.conclusion === "neutral") ? "neutral" : "success";
  const numbers = results.map((r) => `#${r.number}`).join(", ");
  const lead = failed.length ? `**FAIL**: ${failed.map((r) => `#${r.number}`).join(", ")} of ${groupLabel} (${numbers}) ${failed.length === 1 ? "does" : "do"} not pass; the check passes only when every one does.` : `**PASS**: every pull request of ${groupLabel} (${numbers}) passes.`;
  return {
    conclusion,
    title: failed.length ? `${failed.length} of ${results.length} pull requests fail: ${failed[0]?.outcome.title ?? ""}`.slice(0, 200) : `All ${results.length} pull requests pass`,
    summary: [lead, ...results.map((r) => `
### #${r.number}

${r.outcome.summary}`)].join("\n"),
    annotations: results.flatMap((r) => r.outcome.annotations)
  };
}
async function evaluateCommit(deps, target) {
  const outcomes = /* @__PURE__ */ new Map();
  try {
    if (target.error !== void 0) throw target.error;
    if (target.pulls.length === 0) throw new Error("no open pull request has this commit as its head or merge group (fail closed)");
    const ctxs = await contexts(deps, target.pulls, target.known);
    for (const check of deps.checks) outcomes.set(check.name, await runCheck(check, ctxs, target.groupLabel ?? "the pull requests with this head"));
  } catch (error) {
    for (const check of deps.checks) outcomes.set(check.name, failure(`${check.name} could not be evaluated`, describeError(error)));
  }
  let existing = target.existing;
  if (existing === void 0) {
    try {
      existing = await listCheckRuns(deps.api, deps.owner, deps.repo, target.sha, deps.appId);
    } catch (error) {
      deps.log.error({ err: describeError(error), sha: target.sha }, "listing check runs failed; creating new runs");
      existing = /* @__PURE__ */ new Map();
    }
  }
  const outcomeOf = (check) => outcomes.get(check.name) ?? failure(`${check.name} was not evaluated`, "no outcome recorded (fail closed)");
  const plans = /* @__PURE__ */ new Map();
  for (const check of deps.checks) {
    const outcome = outcomeOf(check);
    try {
      plans.set(check.name, await planAnnotations(deps.api, deps.owner, deps.repo, outcome, existing.get(check.name)));
    } catch (error) {
      deps.log.error({ err: describeError(error), sha: target.sha, check: check.name }, "listing annotations failed; sending all");
      plans.set(check.name, { annotations: outcome.annotations, stale: 0 });
    }
  }
  const publishing = deps.checks.reduce((n, c) => n + publishRequests(plans.get(c.name)?.annotations.length ?? 0), 0);
  const accounting = describeLedger(deps.ledger, publishing);
  const conclusions = {};
  for (const check of deps.checks) {
    const outcome = outcomeOf(check);
    const plan = plans.get(check.name) ?? { annotations: outcome.annotations, stale: 0 };
    conclusions[check.name] = outcome.conclusion;
    const run = existing.get(check.name);
    const stale = plan.stale ? `

${plan.stale} annotation${plan.stale === 1 ? "" : "s"} from an earlier evaluation of this commit no longer appl${plan.stale === 1 ? "ies" : "y"} (GitHub keeps a run's annotations; this summary is current).` : "";
    await publishCheckRun(deps.api, {
      owner: deps.owner,
      repo: deps.repo,
      headSha: target.sha,
      name: check.name,
      outcome: { ...outcome, annotations: plan.annotations, summary: `${outcome.summary}${stale}

---
${accounting}` },
      ...run !== void 0 ? { existingId: run.id } : {},
      externalId: target.pulls.join(",")
    });
  }
  const result = { sha: target.sha, pulls: target.pulls, conclusions, requests: deps.ledger.requests, remaining: { ...deps.ledger.remaining } };
  deps.log.info({ repo: `${deps.owner}/${deps.repo}`, ...result }, "agent-guardrail evaluation");
  return result;
}
async function evaluatePull(deps, number, payloadHeadSha) {
  let first;
  try {
    first = await fetchPull(deps.api, deps.owner, deps.repo, number, deps.appId !== void 0 ? { appId: deps.appId } : {});
  } catch (error) {
    return evaluateCommit(deps, { sha: payloadHeadSha, pulls: [number], error });
  }
  return evaluateCommit(deps, {
    sha: first.facts.headSha,
    pulls: [number, ...first.sameHead],
    known: [first],
    ...deps.appId !== void 0 ? { existing: first.checkRuns } : {}
  });
}
async function openPullsWithHead(api, owner, repo, sha) {
  const data = await api.graphql(
    `query PullsWithHead($owner: String!, $name: String!, $sha: GitObjectID!) {
      repository(owner: $owner, name: $name) { object(oid: $sha) { ... on Commit { associatedPullRequests(first: 20) { nodes { number state headRefOid } } } } }
    }`,
    { owner, name: repo, sha }
  );
  return (data.repository?.object?.associatedPullRequests?.nodes ?? []).filter((p) => p.state === "OPEN" && p.headRefOid === sha).map((p) => p.number);
}
async function mergeGroupPulls(api, owner, repo, group) {
  const named = /\/pr-(\d+)-[0-9a-f]+$/.exec(group.head_ref);
  const branch = group.base_ref.replace(/^refs\/heads\//, "");
  const data = await api.graphql(
    `query MergeGroup($owner: String!, $name: String!, $branch: String!) {
      repository(owner: $owner, name: $name) { mergeQueue(branch: $branch) { entries(first: 100) { nodes { position headCommit { oid } pullRequest { number } } } } }
    }`,
    { owner, name: repo, branch }
  );
  const entries = data.repository?.mergeQueue?.entries.nodes ?? [];
  const mine = entries.find((e) => e.headCommit?.oid === group.head_sha);
  const numbers = /* @__PURE__ */ new Set();
  if (named?.[1]) numbers.add(Number(named[1]));
  if (mine) {
    for (const e of entries) if (e.position <= mine.position && e.pullRequest) numbers.add(e.pullRequest.number);
  }
  if (numbers.size === 0) throw new Error(`cannot tell which pull requests merge group ${group.head_sha.slice(0, 7)} (${group.head_ref}) holds (fail closed)`);
  return [...numbers].sort((a, b) => a - b);
}
export {
  describeError,
  evaluateCommit,
  evaluatePull,
  mergeGroupPulls,
  openPullsWithHead
};
