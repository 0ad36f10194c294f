import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);

// src/core/production.ts
function nameTokens(text) {
  return text.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}
function hasToken(text, tokens) {
  const words = nameTokens(text);
  const joined = ` ${words.join(" ")} `;
  return tokens.some((t) => {
    const wanted = nameTokens(t);
    return wanted.length > 0 && joined.includes(` ${wanted.join(" ")} `);
  });
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
function isProductionStack(stack, scope) {
  if (stack.account && scope.accounts.includes(stack.account)) return true;
  const byTag = tagSaysProduction(stack.tags, scope);
  if (byTag === true) return true;
  if (stack.names.some((n) => hasProductionToken(n, scope))) return true;
  if (stack.account && scope.nonProductionAccounts.includes(stack.account)) return false;
  if (byTag === false) return false;
  if (stack.names.some((n) => hasNonProductionToken(n, scope))) return false;
  return true;
}
function arnAccount(pattern) {
  const parts = pattern.split(":");
  if (parts[0]?.toLowerCase() !== "arn" || parts.length < 6) return void 0;
  const account = parts[4] ?? "";
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
  if (account && scope.nonProductionAccounts.includes(account)) return false;
  const literal = literalText(ref.pattern);
  if (hasNonProductionToken(literal, scope)) return false;
  return true;
}

export {
  isProductionStack,
  arnAccount,
  isProductionResource
};
