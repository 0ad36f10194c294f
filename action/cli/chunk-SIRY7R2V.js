import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/github/pull.ts
var PAGE = 100;
var MAX_FILE_PAGES = 30;
var MAX_COMMIT_PAGES = 10;
var MAX_REVIEW_PAGES = 20;
var PERSON = "name email user { login }";
var FILES = "files(first: 100, after: $files) { pageInfo { hasNextPage endCursor } nodes { path changeType } }";
var COMMITS = `commits(first: 100, after: $commits) { totalCount pageInfo { hasNextPage endCursor } nodes { commit { oid message author { ${PERSON} } committer { ${PERSON} } } } }`;
var REVIEWS = "reviews(first: 100, after: $reviews) { totalCount pageInfo { hasNextPage endCursor } nodes { databaseId state submittedAt authorCanPushToRepository author { login __typename } commit { oid } } }";
var PULL_QUERY = `query PullFacts($owner: String!, $name: String!, $number: Int!, $files: String, $commits: String, $reviews: String, $appId: Int, $withChecks: Boolean!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      number state title body headRefName headRefOid baseRefName baseRefOid changedFiles
      author { login __typename }
      labels(first: 100) { nodes { name } }
      ${FILES}
      ${COMMITS}
      ${REVIEWS}
      head: commits(last: 1) { nodes { commit { oid
        associatedPullRequests(first: 20) { nodes { number state headRefOid } }
        checkSuites(first: 20, filterBy: { appId: $appId }) @include(if: $withChecks) { nodes { checkRuns(first: 50, filterBy: { checkType: LATEST }) { nodes { databaseId name annotations { totalCount } } } } }
      } } }
    }
  }
}`;
var pageQuery = (connection) => `query PullFactsPage($owner: String!, $name: String!, $number: Int!, $files: String, $commits: String, $reviews: String) {
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
  let filesComplete = !filesPage?.hasNextPage && files.length === first.changedFiles;
  if (files.some((f) => f.status === "renamed")) filesComplete = await addPreviousPaths(api, owner, name, number, files) && filesComplete;
  const commitsComplete = !commitsPage.hasNextPage && commits.length === first.commits.totalCount;
  const decided = reviews.filter((r) => r.state !== "PENDING" && r.databaseId !== null && r.submittedAt !== null);
  const permissions = {};
  for (const r of decided) if (r.author) permissions[r.author.login] = r.authorCanPushToRepository ? "write" : "read";
  const head = first.head?.nodes[0]?.commit;
  const sameHead = (head?.associatedPullRequests?.nodes ?? []).filter((p) => p.number !== first.number && p.state === "OPEN" && p.headRefOid === first.headRefOid).map((p) => p.number);
  const checkRuns = /* @__PURE__ */ new Map();
  if (head?.oid === first.headRefOid) {
    for (const suite of head.checkSuites?.nodes ?? []) for (const run of suite.checkRuns?.nodes ?? []) if (!checkRuns.has(run.name)) checkRuns.set(run.name, { id: run.databaseId, annotations: run.annotations?.totalCount ?? 0 });
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
  if (options.approverTeams?.length) {
    const approvers = [...new Set(facts.reviews.filter((r) => r.state === "APPROVED" && r.user.type === "User").map((r) => r.user.login))];
    facts.teams = await fetchTeams(api, owner, approvers, options.approverTeams);
  }
  return { facts, files, baseSha: first.baseRefOid, state: first.state, sameHead, checkRuns };
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
