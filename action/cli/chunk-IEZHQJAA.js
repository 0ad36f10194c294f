import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  compareText
} from "./chunk-UWV76DWW.js";

// src/github/pull.ts
var PAGE = 100;
var MAX_FILE_PAGES = 30;
var MAX_COMMIT_PAGES = 10;
var MAX_REVIEW_PAGES = 20;
var MAX_TIMELINE_PAGES = 20;
var MAX_CLOSING_ISSUES = 10;
var PERSON = "name email user { login }";
var FILES = "files(first: 100, after: $files) { pageInfo { hasNextPage endCursor } nodes { path changeType } }";
var COMMITS = `commits(first: 100, after: $commits) { totalCount pageInfo { hasNextPage endCursor } nodes { commit { oid message committedDate author { ${PERSON} } committer { ${PERSON} } signature { isValid signer { login } } } } }`;
var REVIEWS = "reviews(first: 100, after: $reviews) { totalCount pageInfo { hasNextPage endCursor } nodes { databaseId body state submittedAt authorCanPushToRepository author { login __typename } commit { oid } } }";
var TIMELINE_ITEM = `__typename
  ... on BaseRefChangedEvent { createdAt }
  ... on ReviewDismissedEvent { createdAt }
  ... on AssignedEvent { createdAt actor { login } assignee { ... on User { login } ... on Bot { login } ... on Mannequin { login } } }
  ... on LabeledEvent { createdAt actor { login } label { name } }
  ... on IssueComment { createdAt author { login } body }`;
var TIMELINE = `timelineItems(first: 100, after: $timeline, itemTypes: [BASE_REF_CHANGED_EVENT, REVIEW_DISMISSED_EVENT, ASSIGNED_EVENT, LABELED_EVENT, ISSUE_COMMENT])  { totalCount pageInfo { hasNextPage endCursor } nodes { ${TIMELINE_ITEM} } }`;
var CLOSING_ISSUES = `closingIssuesReferences(first: ${MAX_CLOSING_ISSUES}) { totalCount nodes { number
  timelineItems(first: 100, itemTypes: [ASSIGNED_EVENT, LABELED_EVENT, ISSUE_COMMENT]) { totalCount pageInfo { hasNextPage endCursor } nodes { ${TIMELINE_ITEM} } } } }`;
var PULL_QUERY = `query PullFacts($owner: String!, $name: String!, $number: Int!, $files: String, $commits: String, $reviews: String, $timeline: String, $appId: Int, $withChecks: Boolean!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      number state title body headRefName headRefOid baseRefName baseRefOid changedFiles lastEditedAt
      author { login __typename }
      labels(first: 100) { pageInfo { hasNextPage endCursor } nodes { name } }
      baseRef { target { ... on Commit { committedDate } } }
      userContentEdits(first: 100) { totalCount nodes { diff editedAt } }
      ${FILES}
      ${COMMITS}
      ${REVIEWS}
      ${TIMELINE}
      ${CLOSING_ISSUES}
      head: commits(last: 1) { nodes { commit { oid
        associatedPullRequests(first: 100) { pageInfo { hasNextPage endCursor } nodes { number state headRefOid } }
        checkSuites(first: 20, filterBy: { appId: $appId }) @include(if: $withChecks) { nodes { checkRuns(first: 50, filterBy: { checkType: LATEST }) { nodes { databaseId name status conclusion annotations { totalCount } } } } }
      } } }
    }
  }
}`;
var pageQuery = (connection) => `query PullFactsPage($owner: String!, $name: String!, $number: Int!, $files: String, $commits: String, $reviews: String, $timeline: String) {
  repository(owner: $owner, name: $name) { pullRequest(number: $number) { ${connection} } }
}`;
var IncompleteDataError = class extends Error {
  name = "IncompleteDataError";
};
var ACTOR_TYPES = /* @__PURE__ */ new Set(["User", "Bot", "Organization"]);
function actor(a) {
  if (!a) return { login: "ghost", type: "Bot" };
  return { login: a.login, type: ACTOR_TYPES.has(a.__typename) ? a.__typename : "Bot" };
}
function person(p) {
  return { name: p?.name ?? "", email: p?.email ?? "", login: p?.user?.login ?? null };
}
var STATUS = {
  ADDED: "added",
  DELETED: "removed",
  MODIFIED: "modified",
  RENAMED: "renamed",
  COPIED: "copied",
  CHANGED: "changed"
};
async function query(api, text, variables) {
  const data = await api.graphql(text, variables);
  const pull = data.repository?.pullRequest;
  if (!pull) throw new Error(`pull request ${String(variables["owner"])}/${String(variables["name"])}#${String(variables["number"])} not found`);
  return pull;
}
async function fetchPull(api, owner, name, number, options = {}) {
  const vars = { owner, name, number };
  const first = await query(api, PULL_QUERY, { ...vars, appId: options.appId ?? null, withChecks: options.appId !== void 0 });
  const files = [];
  const commits = [...first.commits.nodes];
  const reviews = [...first.reviews?.nodes ?? []];
  files.push(...(first.files?.nodes ?? []).map((f) => ({ path: f.path, status: STATUS[f.changeType] ?? "changed" })));
  let filesPage = first.files?.pageInfo;
  for (let page = 1; filesPage?.hasNextPage && page < MAX_FILE_PAGES; page++) {
    const next = await query(api, pageQuery(FILES), { ...vars, files: filesPage.endCursor });
    files.push(...(next.files?.nodes ?? []).map((f) => ({ path: f.path, status: STATUS[f.changeType] ?? "changed" })));
    filesPage = next.files?.pageInfo;
  }
  let commitsPage = first.commits.pageInfo;
  for (let page = 1; commitsPage.hasNextPage && page < MAX_COMMIT_PAGES; page++) {
    const next = await query(api, pageQuery(COMMITS), { ...vars, commits: commitsPage.endCursor });
    commits.push(...next.commits.nodes);
    commitsPage = next.commits.pageInfo;
  }
  let reviewsPage = first.reviews?.pageInfo;
  for (let page = 1; reviewsPage?.hasNextPage && page < MAX_REVIEW_PAGES; page++) {
    const next = await query(api, pageQuery(REVIEWS), { ...vars, reviews: reviewsPage.endCursor });
    reviews.push(...next.reviews?.nodes ?? []);
    reviewsPage = next.reviews?.pageInfo;
  }
  if (reviewsPage?.hasNextPage) throw new IncompleteDataError(`more than ${MAX_REVIEW_PAGES * PAGE} reviews: cannot read them all (fail closed)`);
  const reviewCount = first.reviews?.totalCount ?? 0;
  if (reviews.length < reviewCount) throw new IncompleteDataError(`GitHub returned ${reviews.length} of ${reviewCount} reviews (a page did not come): cannot read them all (fail closed)`);
  if (!first.timelineItems) throw new IncompleteDataError("GitHub returned no timeline for the pull request: cannot tell who asked for it (fail closed)");
  const timeline = [...first.timelineItems.nodes];
  let timelinePage = first.timelineItems.pageInfo;
  for (let page = 1; timelinePage.hasNextPage && page < MAX_TIMELINE_PAGES; page++) {
    const next = await query(api, pageQuery(TIMELINE), { ...vars, timeline: timelinePage.endCursor });
    if (!next.timelineItems) throw new IncompleteDataError("a timeline page is missing (fail closed)");
    timeline.push(...next.timelineItems.nodes);
    timelinePage = next.timelineItems.pageInfo;
  }
  if (timelinePage.hasNextPage) throw new IncompleteDataError(`more than ${MAX_TIMELINE_PAGES * PAGE} timeline events: cannot read them all (fail closed)`);
  if (first.labels?.pageInfo?.hasNextPage) throw new IncompleteDataError("more than 100 labels: cannot read them all (fail closed)");
  const edits = first.userContentEdits;
  if (!edits) throw new IncompleteDataError("GitHub returned no edit history of the PR body (fail closed)");
  if (edits.totalCount > edits.nodes.length) throw new IncompleteDataError(`the PR body was edited ${edits.totalCount} times: more than ${edits.nodes.length} revisions cannot be read (fail closed)`);
  const closing = first.closingIssuesReferences;
  if (!closing) throw new IncompleteDataError("GitHub returned no linked issues for the pull request (fail closed)");
  if (closing.totalCount > closing.nodes.length) throw new IncompleteDataError(`the pull request closes ${closing.totalCount} issues: more than ${closing.nodes.length} cannot be read (fail closed)`);
  for (const issue of closing.nodes) {
    if (!issue.timelineItems || issue.timelineItems.pageInfo.hasNextPage) throw new IncompleteDataError(`the timeline of linked issue #${issue.number} is longer than ${PAGE} events: cannot read it all (fail closed)`);
  }
  let filesComplete = !filesPage?.hasNextPage && files.length === first.changedFiles;
  if (files.some((f) => f.status === "renamed")) filesComplete = await addPreviousPaths(api, owner, name, number, files) && filesComplete;
  const commitsComplete = !commitsPage.hasNextPage && commits.length === first.commits.totalCount;
  const decided = reviews.filter((r) => r.state !== "PENDING" && r.databaseId !== null && r.submittedAt !== null);
  const permissions = {};
  for (const r of decided) if (r.author) permissions[r.author.login] = r.authorCanPushToRepository ? "write" : "read";
  const head = first.head?.nodes[0]?.commit;
  if (!head) throw new IncompleteDataError("the head commit was not returned: cannot find the pull requests that share its check runs (fail closed)");
  if (head.associatedPullRequests?.pageInfo?.hasNextPage) throw new IncompleteDataError("more than 100 pull requests contain the head commit: cannot find every one that shares it (fail closed)");
  const sameHead = (head.associatedPullRequests?.nodes ?? []).filter((p) => p.number !== first.number && p.state === "OPEN" && p.headRefOid === first.headRefOid).map((p) => p.number);
  const checkRuns = /* @__PURE__ */ new Map();
  if (head.oid === first.headRefOid) {
    for (const suite of head.checkSuites?.nodes ?? []) {
      for (const run of suite.checkRuns?.nodes ?? []) {
        if (!checkRuns.has(run.name)) checkRuns.set(run.name, { id: run.databaseId, annotations: run.annotations?.totalCount ?? 0, ...run.conclusion || run.status ? { state: (run.conclusion ?? run.status ?? "").toLowerCase() } : {} });
      }
    }
  }
  const facts = {
    repo: `${owner}/${name}`,
    number: first.number,
    author: actor(first.author),
    headSha: first.headRefOid,
    headRef: first.headRefName,
    baseRef: first.baseRefName,
    title: first.title,
    body: first.body,
    labels: (first.labels?.nodes ?? []).map((l) => l.name),
    files: files.map((f) => ({ path: f.path, ...f.previousPath ? { previousPath: f.previousPath } : {} })),
    filesComplete,
    commits: commits.map((c) => ({ sha: c.commit.oid, message: c.commit.message, author: person(c.commit.author), committer: person(c.commit.committer) })),
    commitsComplete,
    reviews: decided.map((r) => ({
      id: r.databaseId,
      user: actor(r.author),
      state: r.state,
      commitId: r.commit?.oid ?? "",
      submittedAt: r.submittedAt
    })),
    permissions
  };
  const history = recordsOf(first, timeline, edits.nodes, closing.nodes, reviews, commits);
  if (history.baseChangedAt !== void 0) facts.baseChangedAt = history.baseChangedAt;
  if (history.bodyRevisions.length) facts.bodyRevisions = history.bodyRevisions;
  if (history.triggers.length) facts.triggers = history.triggers;
  const signatures = commitSignatures(commits);
  if (signatures) facts.commitSignatures = signatures;
  if (options.approverTeams?.length) {
    const approvers = [...new Set(facts.reviews.filter((r) => r.state === "APPROVED" && r.user.type === "User").map((r) => r.user.login))];
    facts.teams = await fetchTeams(api, owner, approvers, options.approverTeams);
  }
  return { facts, files, baseSha: first.baseRefOid, state: first.state, sameHead, checkRuns, version: history.version };
}
var loginOf = (a) => a?.login ? a.login : void 0;
function recordsOf(pull, timeline, edits, issues, reviews, commits) {
  const triggers = [];
  let baseChangedAt;
  const times = [pull.lastEditedAt ?? "", pull.baseRef?.target?.committedDate ?? "", ...commits.map((c) => c.commit.committedDate ?? "")];
  const read = (item, ofPull) => {
    const at = item.createdAt ?? "";
    times.push(at);
    switch (item.__typename) {
      case "BaseRefChangedEvent":
        if (ofPull && (baseChangedAt === void 0 || at > baseChangedAt)) baseChangedAt = at;
        break;
      case "AssignedEvent": {
        const [who, whom] = [loginOf(item.actor), loginOf(item.assignee)];
        if (who && whom) triggers.push({ login: who, kind: "assignment", text: whom, at });
        break;
      }
      case "LabeledEvent": {
        const who = loginOf(item.actor);
        if (who && item.label) triggers.push({ login: who, kind: "label", text: item.label.name, at });
        break;
      }
      case "IssueComment": {
        const who = loginOf(item.author);
        if (who) triggers.push({ login: who, kind: "comment", text: item.body ?? "", at });
        break;
      }
    }
  };
  for (const item of timeline) read(item, true);
  for (const issue of issues) for (const item of issue.timelineItems?.nodes ?? []) read(item, false);
  for (const r of reviews) {
    times.push(r.submittedAt ?? "");
    if (r.body && r.author && r.submittedAt) triggers.push({ login: r.author.login, kind: "comment", text: r.body, at: r.submittedAt });
  }
  const ordered = [...edits].sort((a, b) => compareText(a.editedAt, b.editedAt));
  for (const e of ordered) times.push(e.editedAt);
  const bodyRevisions = ordered.flatMap((e) => e.diff !== null && e.diff !== pull.body ? [e.diff] : []);
  const version = times.filter((t) => t !== "").reduce((a, b) => b > a ? b : a, "");
  return { ...baseChangedAt !== void 0 ? { baseChangedAt } : {}, bodyRevisions: [...new Set(bodyRevisions)], triggers, version };
}
function commitSignatures(commits) {
  const out = {};
  let any = false;
  for (const c of commits) {
    if (c.commit.signature === void 0) continue;
    any = true;
    out[c.commit.oid] = { verified: c.commit.signature?.isValid === true, signer: c.commit.signature?.signer?.login ?? null };
  }
  return any ? out : void 0;
}
async function addPreviousPaths(api, owner, repo, pullNumber, files) {
  const byPath = new Map(files.map((f) => [f.path, f]));
  let seen = 0;
  for (let page = 1; page <= MAX_FILE_PAGES; page++) {
    const res = await api.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { owner, repo, pull_number: pullNumber, per_page: PAGE, page });
    const rows = res.data;
    for (const row of rows) {
      seen += 1;
      const file = byPath.get(row.filename);
      if (file && row.previous_filename) file.previousPath = row.previous_filename;
    }
    if (rows.length < PAGE) break;
  }
  const missing = files.filter((f) => f.status === "renamed" && f.previousPath === void 0);
  return missing.length === 0 && seen >= files.length;
}
async function fetchTeams(api, owner, logins, teams) {
  const out = Object.fromEntries(logins.map((l) => [l, []]));
  if (logins.length === 0) return out;
  const orgs = new Set(teams.map((t) => (t.includes("/") ? t.split("/")[0] ?? owner : owner).toLowerCase()));
  if (orgs.size !== 1 || !orgs.has(owner.toLowerCase())) throw new Error(`approverTeams must be teams of ${owner} (got ${teams.join(", ")})`);
  const aliases = logins.map((login, i) => `u${i}: teams(first: 100, userLogins: [${JSON.stringify(login)}]) { totalCount nodes { slug } }`).join("\n");
  const data = await api.graphql(
    `query ApproverTeams($org: String!) { organization(login: $org) { ${aliases} } }`,
    { org: owner }
  );
  if (!data.organization) throw new Error(`organization ${owner} not found: cannot check approverTeams`);
  logins.forEach((login, i) => {
    const conn = data.organization?.[`u${i}`];
    if (!conn) throw new Error(`team memberships of ${login} missing from the response`);
    if (conn.totalCount > conn.nodes.length) throw new IncompleteDataError(`${login} is in more than ${conn.nodes.length} teams: memberships truncated (fail closed)`);
    out[login] = conn.nodes.map((n) => n.slug);
  });
  return out;
}

export {
  PULL_QUERY,
  IncompleteDataError,
  fetchPull,
  fetchTeams
};
