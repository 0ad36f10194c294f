import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/core/production.ts
function nameTokens(text) {
  return text.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}
var wantedCache = /* @__PURE__ */ new WeakMap();
function hasToken(text, tokens) {
  let wanted = wantedCache.get(tokens);
  if (!wanted) {
    wanted = tokens.map((t) => nameTokens(t)).filter((w) => w.length > 0).map((w) => ` ${w.join(" ")} `);
    wantedCache.set(tokens, wanted);
  }
  const joined = ` ${nameTokens(text).join(" ")} `;
  return wanted.some((w) => joined.includes(w));
}
function hasProductionToken(text, scope) {
  return hasToken(text, scope.nameTokens);
}
function hasNonProductionToken(text, scope) {
  return hasToken(text, scope.nonProductionTokens);
}
function tagSaysProduction(tags, scope) {
  let verdict;
  for (const [key, values] of Object.entries(scope.tags)) {
    const value = tags[key];
    if (value === void 0) continue;
    if (values.some((v) => v.toLowerCase() === value.toLowerCase())) return true;
    if (hasNonProductionToken(value, scope) && !hasProductionToken(value, scope)) verdict = false;
  }
  return verdict;
}
function isNonProductionAccount(account, scope) {
  if (account === void 0 || scope.accounts.includes(account)) return false;
  return scope.nonProductionAccounts.includes(account) || scope.accounts.length > 0;
}
function productionVerdict(stack, scope) {
  const yes = (reason) => ({ production: true, reason, failClosed: false });
  const no = (reason) => ({ production: false, reason, failClosed: false });
  if (stack.account && scope.accounts.includes(stack.account)) return yes(`account ${stack.account} is in production.accounts`);
  const tag = Object.entries(scope.tags).find(([key, values]) => {
    const value = stack.tags[key];
    return value !== void 0 && values.some((v) => v.toLowerCase() === value.toLowerCase());
  });
  if (tag) return yes(`tag ${tag[0]}=${stack.tags[tag[0]] ?? ""}`);
  const named = stack.names.find((n) => hasProductionToken(n, scope));
  if (named) return yes(`its name ${named} has a production token (production.nameTokens)`);
  if (stack.account && scope.nonProductionAccounts.includes(stack.account)) return no(`account ${stack.account} is in production.nonProductionAccounts`);
  if (stack.account && scope.accounts.length > 0) return no(`account ${stack.account} is not in production.accounts`);
  if (tagSaysProduction(stack.tags, scope) === false) return no("its environment tag names a non-production environment");
  const nonProd = stack.names.find((n) => hasNonProductionToken(n, scope));
  if (nonProd) return no(`its name ${nonProd} names a non-production environment`);
  if (stack.account === void 0 && scope.accounts.length > 0) {
    return {
      production: true,
      failClosed: true,
      reason: "it has no account (env-agnostic), so it may be deployed to a production account (fail closed); give it env: { account } or tag it with a non-production Environment"
    };
  }
  const where = stack.account ? `list ${stack.account} under production.nonProductionAccounts, or ` : "";
  return {
    production: true,
    failClosed: true,
    reason: `no production signal is configured, so every stack counts as production (fail closed); to change it, ${where}list your production accounts under production.accounts in the agent-guardrail config`
  };
}
function isProductionStack(stack, scope) {
  return productionVerdict(stack, scope).production;
}
function arnAccount(pattern) {
  if (pattern.length < 4 || pattern.slice(0, 4).toLowerCase() !== "arn:") return void 0;
  let start = 3;
  for (let field = 1; field < 4; field++) {
    start = pattern.indexOf(":", start + 1);
    if (start < 0) return void 0;
  }
  const end = pattern.indexOf(":", start + 1);
  if (end < 0) return void 0;
  const account = pattern.slice(start + 1, end);
  return /^\d{12}$/.test(account) ? account : void 0;
}
function literalText(pattern) {
  return pattern.split(/[^A-Za-z0-9*?]+/).filter((word) => !/[*?]/.test(word)).join(" ");
}
function isProductionResource(ref, context, scope) {
  if (ref.production !== void 0) return ref.production;
  const account = arnAccount(ref.pattern) ?? context.account;
  if (account && scope.accounts.includes(account)) return true;
  if (hasProductionToken(ref.pattern, scope)) return true;
  if (isNonProductionAccount(account, scope)) return false;
  const literal = literalText(ref.pattern);
  if (hasNonProductionToken(literal, scope)) return false;
  return true;
}

export {
  isNonProductionAccount,
  productionVerdict,
  isProductionStack,
  arnAccount,
  isProductionResource
};
