import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  describeLedger
} from "./chunk-WKIRGQ22.js";
import {
  agentSignals,
  infraFiles
} from "./chunk-DFBAHAI2.js";
import {
  loadRepoPolicy,
  readRepoFile
} from "./chunk-GI7G5G6I.js";
import {
  fetchPull,
  fetchTeams
} from "./chunk-IEZHQJAA.js";
import "./chunk-U2GG3UGU.js";
import "./chunk-PGWALTPF.js";
import "./chunk-5VXMLTJZ.js";
import "./chunk-VOIQVE24.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-W4UO4LNM.js";
import {
  ConfigError
} from "./chunk-OLPIVFOI.js";
import "./chunk-7AX5E4TP.js";
import "./chunk-ORPBBT7N.js";
import "./chunk-IYA5QU4J.js";
import "./chunk-RS5OFJDG.js";
import "./chunk-CZPWBJK5.js";
import "./chunk-UWV76DWW.js";
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
function externalId(pulls, version) {
  return `v2|${pulls.join(",")}|${version}`;
}
function versionOf(externalIdText) {
  const parts = (externalIdText ?? "").split("|");
  return parts[0] === "v2" ? parts[2] ?? "" : "";
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
  const data = res.data;
  if (!Array.isArray(data.check_runs)) throw new Error(`GitHub returned no check runs for ${sha.slice(0, 7)}`);
  if ((data.total_count ?? 0) > data.check_runs.length) throw new Error(`more than ${data.check_runs.length} check runs on ${sha.slice(0, 7)}: cannot read them all`);
  const out = /* @__PURE__ */ new Map();
  for (const run of data.check_runs) {
    if (out.has(run.name)) continue;
    const state = (run.conclusion ?? run.status ?? "").toLowerCase();
    out.set(run.name, { id: run.id, annotations: run.output?.annotations_count ?? 0, ...state ? { state } : {}, version: versionOf(run.external_id) });
  }
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
async function markInProgress(api, owner, repo, runId, name) {
  await api.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    owner,
    repo,
    check_run_id: runId,
    name,
    status: "in_progress",
    output: { title: "Re-evaluating", summary: "The facts of this pull request changed; the previous verdict no longer applies and is being re-evaluated." }
  });
}
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

// src/github/projects.ts
var DIRS_PER_QUERY = 150;
var MAX_QUERIES = 4;
var PROJECT_FILES = {
  "cdk.json": "CDK app",
  "pulumi.yaml": "Pulumi project",
  "pulumi.yml": "Pulumi project",
  "samconfig.toml": "SAM application",
  "samconfig.yaml": "SAM application",
  "template.yaml": "SAM/CloudFormation template",
  "template.yml": "SAM/CloudFormation template",
  "template.json": "SAM/CloudFormation template",
  "serverless.yml": "Serverless service",
  "serverless.yaml": "Serverless service",
  "serverless.ts": "Serverless service",
  "serverless.json": "Serverless service",
  "terragrunt.hcl": "Terragrunt module"
};
function needsInfraRoots(facts, policy) {
  if (!facts.filesComplete || !facts.commitsComplete || facts.files.length === 0) return false;
  if (infraFiles(facts, policy.review.infraPaths).length > 0) return false;
  return agentSignals(facts, policy.agents).some((s) => s.strong);
}
function ancestorDirs(paths) {
  const dirs = /* @__PURE__ */ new Set([""]);
  for (const p of paths) {
    const parts = p.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  return [...dirs].sort();
}
var join = (dir, rel) => {
  const out = dir === "" ? [] : dir.split("/");
  for (const part of rel.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return void 0;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
};
function cdkAppDirs(cdkJsonText, dir) {
  let app;
  try {
    app = JSON.parse(cdkJsonText).app;
  } catch {
    return [];
  }
  if (typeof app !== "string") return [];
  const out = /* @__PURE__ */ new Set();
  for (const token of app.split(/\s+/)) {
    if (token.startsWith("-") || !(token.includes("/") || /\.(ts|js|mjs|cjs|py|java|go|cs|fs|sh|jar)$/.test(token))) continue;
    const file = join(dir, token.replace(/^["']|["']$/g, ""));
    if (file === void 0) continue;
    const parent = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
    out.add(parent);
  }
  return [...out];
}
async function fetchInfraRoots(api, owner, repo, baseSha, paths) {
  const dirs = ancestorDirs(paths);
  if (dirs.length > DIRS_PER_QUERY * MAX_QUERIES) throw new Error(`the changed files span ${dirs.length} folders: more than ${DIRS_PER_QUERY * MAX_QUERIES} cannot be checked for project files (fail closed)`);
  const roots = [];
  for (let start = 0; start < dirs.length; start += DIRS_PER_QUERY) {
    const batch = dirs.slice(start, start + DIRS_PER_QUERY);
    const fields = batch.map((dir, i) => {
      const at = (p) => JSON.stringify(`${baseSha}:${p}`);
      return `d${i}: object(expression: ${at(dir)}) { ... on Tree { entries { name type } } }
 c${i}: object(expression: ${at(dir === "" ? "cdk.json" : `${dir}/cdk.json`)}) { ... on Blob { text } }`;
    }).join("\n");
    const data = await api.graphql(
      `query BaseProjects($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { ${fields} } }`,
      { owner, name: repo }
    );
    if (!data.repository) throw new Error(`${owner}/${repo} not found: cannot read the base branch's project files`);
    batch.forEach((dir, i) => {
      const entries = data.repository?.[`d${i}`]?.entries ?? [];
      const source = (name) => dir === "" ? name : `${dir}/${name}`;
      const project = entries.find((e) => e.type === "blob" && PROJECT_FILES[e.name.toLowerCase()] !== void 0);
      const terraform = entries.find((e) => e.type === "blob" && /\.tf(\.json)?$/i.test(e.name));
      const marker = project ?? terraform;
      if (marker) roots.push({ root: dir, source: source(marker.name) });
      const cdk = data.repository?.[`c${i}`]?.text;
      if (typeof cdk === "string") {
        for (const appDir of cdkAppDirs(cdk, dir)) if (appDir !== dir) roots.push({ root: appDir, source: `${source("cdk.json")} (app)` });
      }
    });
  }
  return roots;
}

// src/github/evaluate.ts
var metrics = { checkRunWriteFailures: 0, supersededWrites: 0 };
var DEFAULT_RETRY_DELAYS_MS = [500, 2e3];
var sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function withRetries(deps, what, work) {
  const delays = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = delays[attempt];
      deps.log.error({ ...what, attempt: attempt + 1, err: describeError(error) }, delay === void 0 ? "check-run write failed" : "check-run write failed; retrying");
      if (delay === void 0) throw error;
      await sleep(delay);
    }
  }
}
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
async function completeFacts(api, owner, repo, fetched, policy) {
  if (policy.review.approverTeams.length > 0) {
    const approvers = [...new Set(fetched.facts.reviews.filter((r) => r.state === "APPROVED" && r.user.type === "User").map((r) => r.user.login))];
    fetched.facts.teams = await fetchTeams(api, owner, approvers, policy.review.approverTeams);
  }
  if (needsInfraRoots(fetched.facts, policy)) {
    const paths = fetched.facts.files.flatMap((f) => [f.path, ...f.previousPath ? [f.previousPath] : []]);
    fetched.facts.infraRoots = await fetchInfraRoots(api, owner, repo, fetched.baseSha, paths);
  }
}
async function contexts(deps, numbers, known = [], versions = []) {
  const policies = /* @__PURE__ */ new Map();
  const out = [];
  const readFile = memoizedReader(deps);
  for (const number of numbers) {
    const fetched = known.find((k) => k.facts.number === number) ?? await fetchPull(deps.api, deps.owner, deps.repo, number);
    versions.push(fetched.version);
    const baseRef = fetched.facts.baseRef;
    let policy = policies.get(baseRef);
    if (!policy) {
      policy = await loadRepoPolicy(deps.api, deps.owner, deps.repo, baseRef);
      policies.set(baseRef, policy);
    }
    await completeFacts(deps.api, deps.owner, deps.repo, fetched, policy);
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
async function evaluateCommit(deps, target, attempt = 1) {
  const outcomes = /* @__PURE__ */ new Map();
  const versions = [];
  let ctxs = [];
  let evaluationError;
  try {
    if (target.error !== void 0) throw target.error;
    if (target.pulls.length === 0) throw new Error("no open pull request has this commit as its head or merge group (fail closed)");
    ctxs = await contexts(deps, target.pulls, target.known, versions);
  } catch (error) {
    evaluationError = error;
  }
  const version = evaluationError === void 0 ? versions.reduce((a, b) => b > a ? b : a, "") : "";
  let existing = target.existing;
  if (existing === void 0) {
    try {
      existing = await listCheckRuns(deps.api, deps.owner, deps.repo, target.sha, deps.appId);
    } catch (error) {
      deps.log.error({ err: describeError(error), sha: target.sha }, "listing check runs failed");
      existing = /* @__PURE__ */ new Map();
    }
  }
  const marked = /* @__PURE__ */ new Set();
  for (const check of deps.checks) {
    const run = existing.get(check.name);
    if (!run || run.state !== "success" && run.state !== "neutral") continue;
    if (evaluationError === void 0 && (run.version ?? "") > version) continue;
    try {
      await markInProgress(deps.api, deps.owner, deps.repo, run.id, check.name);
      marked.add(check.name);
    } catch (error) {
      deps.log.error({ err: describeError(error), sha: target.sha, check: check.name }, "marking the check run in progress failed");
    }
  }
  if (evaluationError === void 0) {
    try {
      for (const check of deps.checks) outcomes.set(check.name, await runCheck(check, ctxs, target.groupLabel ?? "the pull requests with this head"));
    } catch (error) {
      evaluationError = error;
    }
  }
  if (evaluationError !== void 0) {
    for (const check of deps.checks) outcomes.set(check.name, failure(`${check.name} could not be evaluated`, describeError(evaluationError)));
  }
  try {
    existing = await listCheckRuns(deps.api, deps.owner, deps.repo, target.sha, deps.appId);
  } catch (error) {
    deps.log.error({ err: describeError(error), sha: target.sha }, "re-reading check runs failed; writing without the newer-verdict check");
  }
  const outcomeOf = (check) => outcomes.get(check.name) ?? failure(`${check.name} was not evaluated`, "no outcome recorded (fail closed)");
  const superseded = [];
  const toWrite = deps.checks.filter((check) => {
    const newer = existing?.get(check.name)?.version ?? "";
    if (evaluationError !== void 0 || newer <= version) return true;
    superseded.push(check.name);
    return false;
  });
  for (const name of superseded) {
    metrics.supersededWrites += 1;
    deps.log.info({ sha: target.sha, check: name, version, newer: existing?.get(name)?.version }, "check run already holds a verdict from newer facts; not overwritten");
  }
  if (attempt === 1 && superseded.some((name) => marked.has(name))) {
    deps.log.info({ sha: target.sha }, "a newer verdict was marked in progress by this evaluation; re-evaluating from fresh facts");
    const { known: _known, existing: _existing, ...fresh } = target;
    return evaluateCommit(deps, fresh, 2);
  }
  const plans = /* @__PURE__ */ new Map();
  for (const check of toWrite) {
    const outcome = outcomeOf(check);
    try {
      plans.set(check.name, await planAnnotations(deps.api, deps.owner, deps.repo, outcome, existing?.get(check.name)));
    } catch (error) {
      deps.log.error({ err: describeError(error), sha: target.sha, check: check.name }, "listing annotations failed; sending all");
      plans.set(check.name, { annotations: outcome.annotations, stale: 0 });
    }
  }
  const publishing = toWrite.reduce((n, c) => n + publishRequests(plans.get(c.name)?.annotations.length ?? 0), 0);
  const accounting = describeLedger(deps.ledger, publishing);
  const conclusions = {};
  let writeFailures = 0;
  for (const check of toWrite) {
    const outcome = outcomeOf(check);
    const plan = plans.get(check.name) ?? { annotations: outcome.annotations, stale: 0 };
    conclusions[check.name] = outcome.conclusion;
    const run = existing?.get(check.name);
    const stale = plan.stale ? `

${plan.stale} annotation${plan.stale === 1 ? "" : "s"} from an earlier evaluation of this commit no longer appl${plan.stale === 1 ? "ies" : "y"} (GitHub keeps a run's annotations; this summary is current).` : "";
    const written = evaluationError === void 0 ? version : run?.version ?? "";
    try {
      await withRetries(
        deps,
        { sha: target.sha, check: check.name },
        () => publishCheckRun(deps.api, {
          owner: deps.owner,
          repo: deps.repo,
          headSha: target.sha,
          name: check.name,
          outcome: { ...outcome, annotations: plan.annotations, summary: `${outcome.summary}${stale}

---
${accounting}` },
          ...run !== void 0 ? { existingId: run.id } : {},
          externalId: externalId(target.pulls, written)
        })
      );
    } catch {
      writeFailures += 1;
      metrics.checkRunWriteFailures += 1;
    }
  }
  const result = {
    sha: target.sha,
    pulls: target.pulls,
    conclusions,
    requests: deps.ledger.requests,
    remaining: { ...deps.ledger.remaining },
    version,
    superseded,
    writeFailures
  };
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
  const numbers = [];
  let after = null;
  for (let page = 0; page < 10; page++) {
    const data = await api.graphql(
      `query PullsWithHead($owner: String!, $name: String!, $sha: GitObjectID!, $after: String) {
        repository(owner: $owner, name: $name) { object(oid: $sha) { ... on Commit { associatedPullRequests(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { number state headRefOid } } } } }
      }`,
      { owner, name: repo, sha, after }
    );
    const conn = data.repository?.object?.associatedPullRequests;
    if (!conn) throw new Error(`commit ${sha.slice(0, 7)} not found in ${owner}/${repo} (fail closed)`);
    numbers.push(...conn.nodes.filter((p) => p.state === "OPEN" && p.headRefOid === sha).map((p) => p.number));
    if (!conn.pageInfo?.hasNextPage) return numbers;
    after = conn.pageInfo.endCursor;
  }
  throw new Error(`more than 1,000 pull requests contain ${sha.slice(0, 7)}: cannot find every one with this head (fail closed)`);
}
var QUEUE_PREFIX = "gh-readonly-queue/";
var NotInQueueError = class extends Error {
  name = "NotInQueueError";
};
function parseQueueBranch(branch) {
  const name = branch.replace(/^refs\/heads\//, "");
  if (!name.startsWith(QUEUE_PREFIX)) return void 0;
  const rest = name.slice(QUEUE_PREFIX.length);
  const slash = rest.lastIndexOf("/");
  if (slash <= 0) return void 0;
  const m = /^pr-(\d+)-[0-9a-f]{7,64}$/.exec(rest.slice(slash + 1));
  return m?.[1] ? { base: rest.slice(0, slash), number: Number(m[1]) } : void 0;
}
async function mergeQueueEntries(api, owner, repo, branch) {
  const entries = [];
  let after = null;
  for (let page = 0; page < 20; page++) {
    const data = await api.graphql(
      `query MergeGroup($owner: String!, $name: String!, $branch: String!, $after: String) {
        repository(owner: $owner, name: $name) { mergeQueue(branch: $branch) { entries(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { position headCommit { oid } pullRequest { number } } } } }
      }`,
      { owner, name: repo, branch, after }
    );
    const queue = data.repository?.mergeQueue;
    if (!queue) return void 0;
    entries.push(...queue.entries.nodes);
    if (!queue.entries.pageInfo?.hasNextPage) return entries;
    after = queue.entries.pageInfo.endCursor;
  }
  throw new Error(`the merge queue of ${branch} holds more than 2,000 entries: cannot read it all (fail closed)`);
}
async function mergeGroupPulls(api, owner, repo, group) {
  const named = parseQueueBranch(group.head_ref);
  const branch = group.base_ref.replace(/^refs\/heads\//, "");
  const entries = await mergeQueueEntries(api, owner, repo, branch) ?? [];
  const mine = entries.find((e) => e.headCommit?.oid === group.head_sha);
  if (!mine) throw new NotInQueueError(`the merge queue of ${branch} holds no entry for ${group.head_sha.slice(0, 7)} (${group.head_ref}): a queue branch name alone proves nothing (fail closed)`);
  const numbers = /* @__PURE__ */ new Set();
  for (const e of entries) if (e.position <= mine.position && e.pullRequest) numbers.add(e.pullRequest.number);
  if (named && mine.pullRequest && mine.pullRequest.number !== named.number) throw new Error(`${group.head_ref} names #${named.number}, but the queue entry for ${group.head_sha.slice(0, 7)} is #${mine.pullRequest.number} (fail closed)`);
  if (numbers.size === 0) throw new Error(`cannot tell which pull requests merge group ${group.head_sha.slice(0, 7)} (${group.head_ref}) holds (fail closed)`);
  return [...numbers].sort((a, b) => a - b);
}
async function openPullsInto(api, owner, repo, base, limit) {
  const data = await api.graphql(
    `query OpenPulls($owner: String!, $name: String!, $base: String!, $first: Int!) {
      repository(owner: $owner, name: $name) { pullRequests(states: OPEN, baseRefName: $base, first: $first, orderBy: { field: UPDATED_AT, direction: DESC }) { totalCount nodes { number headRefOid } } }
    }`,
    { owner, name: repo, base, first: limit }
  );
  const conn = data.repository?.pullRequests;
  if (!conn) throw new Error(`${owner}/${repo} not found`);
  return { pulls: conn.nodes.map((n) => ({ number: n.number, headSha: n.headRefOid })), more: Math.max(0, conn.totalCount - conn.nodes.length) };
}
export {
  NotInQueueError,
  completeFacts,
  describeError,
  evaluateCommit,
  evaluatePull,
  mergeGroupPulls,
  metrics,
  openPullsInto,
  openPullsWithHead,
  parseQueueBranch
};
