import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  childPointer
} from "./chunk-IYA5QU4J.js";

// src/core/dashboards/identifiers.ts
var QUOTED = String.raw`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|` + "`[^`]*`";
var COMPARED_VALUE = new RegExp(String.raw`((?:[A-Za-z_@][\w.@-]*|"[^"]*")?)\s*(?:=~|!~|==|!=|<>|=|:)\s*(${QUOTED})`, "g");
var SCOPE = /\{([^{}]*)\}/g;
var UNQUOTED_PAIR = /(^|[\s,({!-])(@?[A-Za-z_][\w.@-]*):(?!\/\/)([^\s,(){}'"`]+)/g;
var METRIC_NAME_KEYS = /* @__PURE__ */ new Set(["__name__", "metricname", "metric", "metric_name", "namespace"]);
var AGGREGATORS = /* @__PURE__ */ new Set(["sum", "avg", "min", "max", "count", "p50", "p75", "p90", "p95", "p99", "pct", "cardinality"]);
var keyOf = (key) => key.replace(/^"|"$/g, "").replace(/^@/, "").toLowerCase();
function identifiersOnly(query) {
  let out = query;
  if (/[=:<]/.test(out)) out = out.replace(COMPARED_VALUE, (whole, key) => METRIC_NAME_KEYS.has(keyOf(key)) ? whole : `${key} `);
  if (out.includes(":")) {
    out = out.replace(SCOPE, (_whole, inner) => `{${inner.replace(UNQUOTED_PAIR, (pair, lead, key) => METRIC_NAME_KEYS.has(keyOf(key)) ? pair : `${lead}${key}`)}}`);
    out = out.replace(UNQUOTED_PAIR, (pair, lead, key) => AGGREGATORS.has(key.toLowerCase()) || METRIC_NAME_KEYS.has(keyOf(key)) ? pair : `${lead}${key}`);
  }
  return out;
}
function toolLabelValues(query, toolKeys) {
  if (toolKeys.size === 0 || !/[=:]/.test(query)) return "";
  const values = [];
  for (const m of query.matchAll(COMPARED_VALUE)) if (toolKeys.has(keyOf(m[1] ?? ""))) values.push((m[2] ?? "").slice(1, -1));
  for (const m of query.matchAll(UNQUOTED_PAIR)) if (toolKeys.has(keyOf(m[2] ?? ""))) values.push(m[3] ?? "");
  return values.join("\n");
}

// src/core/dashboards/negation.ts
var QUOTED2 = String.raw`(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|` + "`[^`]*`)";
var NOT_CLAUSE = /\bnot\s+(?:in\s*\(|i?like|["'`])/i;
var Clues = class {
  notClauseIn;
  notClause = false;
  /** `not in (`, `not like`, `not ilike` or `not` and a quote; cached for an unchanged text. */
  hasNotClause(s) {
    if (this.notClauseIn !== s) {
      this.notClause = NOT_CLAUSE.test(s);
      this.notClauseIn = s;
    }
    return this.notClause;
  }
};
var NEGATIONS = [
  { re: new RegExp(String.raw`(?:!=|!~|<>)\s*${QUOTED2}`, "g"), by: " ", mayMatch: (s) => s.includes("!") || s.includes("<>") },
  { re: /\bnot\s+in\s*\([^)]*\)/gi, by: " ", mayMatch: (s, clues) => clues.hasNotClause(s) },
  { re: new RegExp(String.raw`\bnot\s+i?like\s*(?:${QUOTED2}|/(?:[^/\\]|\\.)*/)`, "gi"), by: " ", mayMatch: (s, clues) => clues.hasNotClause(s) },
  { re: new RegExp(String.raw`\bnot\s+${QUOTED2}`, "gi"), by: " ", mayMatch: (s, clues) => clues.hasNotClause(s) },
  { re: /\bNOT\s+[\w.@-]+:[^\s)]+/g, by: " ", mayMatch: (s) => s.includes("NOT") },
  { re: /(^|[\s(,{])-[\w.@]+:[^\s),}]+/g, by: "$1 ", mayMatch: (s) => s.includes("-") && s.includes(":") },
  { re: /(^|[\s(,{])![\w.@]+:[^\s),}]+/g, by: "$1 ", mayMatch: (s) => s.includes("!") && s.includes(":") }
];
function stripNegated(query) {
  let out = query;
  const clues = new Clues();
  for (const { re, by, mayMatch } of NEGATIONS) if (mayMatch(out, clues)) out = out.replace(re, by);
  return out;
}

// src/core/dashboards/tokenize.ts
var LOWER = 1;
var UPPER = 2;
var DIGIT = 3;
var CLASS = new Uint8Array(256);
var SLOT = new Uint8Array(256);
for (let c = 0; c < 26; c++) {
  CLASS[97 + c] = LOWER;
  CLASS[65 + c] = UPPER;
  SLOT[97 + c] = c;
  SLOT[65 + c] = c;
}
for (let c = 0; c < 10; c++) {
  CLASS[48 + c] = DIGIT;
  SLOT[48 + c] = 26 + c;
}
var SLOTS = 36;
var utf8 = new TextEncoder();
var KEEP_BYTES = 1 << 20;
var Scanner = class {
  bytes = new Uint8Array(4096);
  spans = new Int32Array(1024);
  /** Scans `text` and returns the number of words. */
  scan(text) {
    const first = utf8.encodeInto(text, this.bytes);
    let written = first.written;
    if (first.read < text.length) {
      this.bytes = new Uint8Array(3 * text.length);
      written = utf8.encodeInto(text, this.bytes).written;
    }
    const bytes = this.bytes;
    const len = written;
    let spans = this.spans;
    let count = 0;
    let i = 0;
    while (i < len) {
      const kind = CLASS[bytes[i]];
      if (kind === 0) {
        i++;
        continue;
      }
      let end = i + 1;
      if (kind === 2) {
        let run = i + 1;
        while (run < len && CLASS[bytes[run]] === 2) run++;
        const upper = run - i;
        const next = run < len ? bytes[run] : 0;
        if (upper >= 2 && next === 115 && !(run + 1 < len && CLASS[bytes[run + 1]] === 1)) end = run + 1;
        else if (CLASS[next] !== 1) end = run;
        else if (upper >= 2) end = run - 1;
        else {
          end = run + 1;
          while (end < len && CLASS[bytes[end]] === 1) end++;
        }
      } else while (end < len && CLASS[bytes[end]] === kind) end++;
      if (2 * count + 2 > spans.length) {
        const grown = new Int32Array(2 * spans.length);
        grown.set(spans);
        spans = this.spans = grown;
      }
      spans[2 * count] = i;
      spans[2 * count + 1] = end;
      count++;
      i = end;
    }
    return count;
  }
  /** Drops buffers a very long text made large. */
  release() {
    if (this.bytes.length > KEEP_BYTES) this.bytes = new Uint8Array(4096);
    if (4 * this.spans.length > KEEP_BYTES) this.spans = new Int32Array(1024);
  }
};
function tokenize(text) {
  const scanner = new Scanner();
  const count = scanner.scan(text);
  const { bytes, spans } = scanner;
  const out = [];
  for (let t = 0; t < count; t++) {
    let word = "";
    for (let i = spans[2 * t]; i < spans[2 * t + 1]; i++) word += String.fromCharCode(bytes[i] | 32);
    out.push(word);
  }
  return out;
}
var MAX_GRAM = 4;
function normalizeTerm(term) {
  return tokenize(term).join(" ");
}
function matchedTerms(found, terms) {
  return terms.filter((t) => t !== "" && found.has(t));
}
var TermMatcher = class {
  /** children[node * SLOTS + slot] = child node, 0 = none (the root is never a child). */
  children = new Int32Array(SLOTS * 64);
  nodes = 1;
  /** Normalized terms ending at a node. */
  hits = [];
  maxWords;
  scanner = new Scanner();
  constructor(terms) {
    let maxWords = 1;
    for (const term of terms) {
      const words = tokenize(term);
      if (words.length === 0) continue;
      const glued = words.join("");
      const normalized2 = words.join(" ");
      let node = 0;
      for (let i = 0; i < glued.length; i++) node = this.child(node, SLOT[glued.charCodeAt(i)]);
      const list = this.hits[node] ??= [];
      if (!list.includes(normalized2)) list.push(normalized2);
      maxWords = Math.max(maxWords, words.length);
    }
    this.maxWords = Math.min(MAX_GRAM, maxWords);
  }
  child(node, s) {
    const at2 = node * SLOTS + s;
    const existing = this.children[at2];
    if (existing !== 0) return existing;
    const created = this.nodes++;
    if ((created + 1) * SLOTS > this.children.length) {
      const grown = new Int32Array(this.children.length * 2);
      grown.set(this.children);
      this.children = grown;
    }
    this.children[at2] = created;
    return created;
  }
  /** Normalized terms found in any of the texts (words are not glued across texts). */
  match(texts, found = /* @__PURE__ */ new Set()) {
    for (const text of texts) this.matchText(text, found);
    return found;
  }
  /** Adds the normalized terms found in one text to `found`. */
  matchText(text, found) {
    if (text === "") return found;
    const count = this.scanner.scan(text);
    const { bytes, spans } = this.scanner;
    const { children, hits, maxWords } = this;
    for (let t = 0; t < count; t++) {
      let node = 0;
      words: for (let n = 0; n < maxWords && t + n < count; n++) {
        const end = spans[2 * (t + n) + 1];
        for (let i = spans[2 * (t + n)]; i < end; i++) {
          node = children[node * SLOTS + SLOT[bytes[i]]];
          if (node === 0) break words;
        }
        const h = hits[node];
        if (h !== void 0) for (const term of h) found.add(term);
      }
    }
    this.scanner.release();
    return found;
  }
};

// src/core/dashboards/classify.ts
var TOOL = 1;
var TOOL_PROSE = 2;
var ADOPTION = 4;
var INCIDENT = 8;
var TOOL_ERROR = 16;
var TARGET = 32;
var INFRASTRUCTURE = 64;
var EFFICIENCY = 128;
var ANY_TOOL = TOOL | TOOL_PROSE;
var compiled = /* @__PURE__ */ new WeakMap();
var GENERIC_TOOL = "an AI coding tool";
var normalized = (terms) => [...new Set(terms.map(normalizeTerm).filter(Boolean))];
function compile(v) {
  let c = compiled.get(v);
  if (!c) {
    const toolOf = /* @__PURE__ */ new Map();
    const toolTerms = (tools, key) => tools.flatMap(
      (t) => normalized(t[key]).map((term) => {
        if (!toolOf.has(term)) toolOf.set(term, t.name);
        return term;
      })
    );
    const codingWords = normalized(v.codingToolWords);
    for (const w of codingWords) if (!toolOf.has(w)) toolOf.set(w, GENERIC_TOOL);
    const adoption = normalized(v.adoption);
    const lists = [
      [[...toolTerms(v.codingTools, "terms"), ...codingWords], TOOL],
      [toolTerms(v.codingTools, "proseTerms"), TOOL_PROSE],
      [adoption, ADOPTION],
      [[...normalized(v.incidents), ...normalized(v.incidentTools.flatMap((t) => [...t.terms, ...t.proseTerms]))], INCIDENT],
      [normalized(v.toolErrors), TOOL_ERROR],
      [normalized(v.targets), TARGET],
      [normalized(v.infrastructure), INFRASTRUCTURE],
      [normalized(v.efficiency), EFFICIENCY]
    ];
    const kinds = /* @__PURE__ */ new Map();
    for (const [terms, kind] of lists) for (const t of terms) kinds.set(t, (kinds.get(t) ?? 0) | kind);
    c = { adoption, all: new TermMatcher(lists.flatMap(([terms]) => terms)), kinds, toolOf, toolKeys: new Set(v.toolLabels.map((k) => k.toLowerCase())) };
    compiled.set(v, c);
  }
  return c;
}
function kindsOf(found, v) {
  let kinds = 0;
  for (const t of found) kinds |= v.kinds.get(t) ?? 0;
  return kinds;
}
function toolsIn(found, v, mask) {
  const tools = /* @__PURE__ */ new Set();
  for (const t of found) if ((v.kinds.get(t) ?? 0) & mask) tools.add(v.toolOf.get(t) ?? t);
  if (tools.size > 1) tools.delete(GENERIC_TOOL);
  return [...tools];
}
function withoutPlurals(terms) {
  const found = new Set(terms);
  return terms.filter((t) => !found.has(`${t}s`));
}
function isGreen(color) {
  if (!color) return false;
  const c = color.trim().toLowerCase();
  if (c.includes("green")) return true;
  let rgb;
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(c);
  if (hex?.[1]) rgb = [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16));
  const fn = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(c);
  if (fn) rgb = [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  if (!rgb) return false;
  const [r, g, b] = rgb;
  return g > r + 30 && g > b + 30;
}
var NUMBER = /\d/;
function excerpt(text) {
  const flat = text.replace(/[#*_`>]/g, "").replace(/\s+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
function thresholdTarget(t, v) {
  if (t.label && kindsOf(v.all.matchText(t.label, /* @__PURE__ */ new Set()), v) & TARGET) return `"${t.label}" line${t.value !== null ? ` at ${t.value}` : ""}`;
  if (t.value !== null && !t.base && isGreen(t.color)) return `threshold ${t.value} turns it green`;
  return void 0;
}
function isUsageTarget(kinds) {
  return (kinds & TARGET) !== 0 && (kinds & ADOPTION) !== 0 && (kinds & EFFICIENCY) === 0;
}
var NO_TOOLS = [];
function classifyDashboard(dashboard, vocabulary, options = {}) {
  const v = compile(vocabulary);
  const dashboardTools = toolsIn(v.all.match([dashboard.title ?? "", dashboard.description ?? "", ...dashboard.tags]), v, ANY_TOOL);
  const adoptionPanels = [];
  const incidentPanels = [];
  const targets = [];
  const proseTargets = [];
  for (const panel of dashboard.panels) {
    const found = /* @__PURE__ */ new Set();
    v.all.matchText(panel.title, found);
    v.all.matchText(panel.text, found);
    const proseKinds = kindsOf(found, v);
    const panelTools = proseKinds & ANY_TOOL ? toolsIn(found, v, ANY_TOOL) : NO_TOOLS;
    for (const q of panel.queries) v.all.matchText(stripNegated(q), found);
    const kinds = kindsOf(found, v);
    const incident = (kinds & INCIDENT) !== 0;
    const toolErrors = (dashboardTools.length > 0 || (kinds & ANY_TOOL) !== 0) && (kinds & TOOL_ERROR) !== 0;
    const countsAsIncident = incident && !toolErrors;
    if (countsAsIncident) {
      incidentPanels.push(panel);
      if (options.untilIncident) return { adoptionPanels, incidentPanels, targets: [...targets, ...proseTargets] };
    }
    const measuresUse = (kinds & ADOPTION) !== 0 && panel.queries.length > 0 && (kinds & INFRASTRUCTURE) === 0 && (proseKinds & EFFICIENCY) === 0 && !countsAsIncident;
    const inView = measuresUse ? toolInView(panelTools, dashboardTools, (kinds & ANY_TOOL) !== 0 ? panel.queries : NO_TOOLS, v) : void 0;
    if (inView) {
      adoptionPanels.push({ panel, terms: withoutPlurals(matchedTerms(found, v.adoption)), ...inView });
      if ((kinds & EFFICIENCY) === 0) {
        for (const t of panel.thresholds) {
          const why = thresholdTarget(t, v);
          if (why) targets.push({ panel, why });
        }
      }
    }
    if ((inView || panel.queries.length === 0) && isUsageTarget(proseKinds) && (NUMBER.test(panel.title) || NUMBER.test(panel.text))) {
      proseTargets.push({ panel, why: `its text states a target: "${excerpt(`${panel.title}
${panel.text}`)}"` });
    }
  }
  const about = dashboard.description ?? "";
  if (dashboard.panels[0] && NUMBER.test(about) && isUsageTarget(kindsOf(v.all.matchText(about, /* @__PURE__ */ new Set()), v))) {
    proseTargets.push({ panel: dashboard.panels[0], why: `the dashboard description states a target: "${excerpt(about)}"` });
  }
  return { adoptionPanels, incidentPanels, targets: [...targets, ...proseTargets] };
}
function toolInView(panelTools, dashboardTools, queries, v) {
  if (panelTools.length) return { tools: [...panelTools], toolSource: "panel" };
  if (dashboardTools.length) return { tools: [...dashboardTools], toolSource: "dashboard" };
  const identifiers = /* @__PURE__ */ new Set();
  const labelled = /* @__PURE__ */ new Set();
  for (const q of queries) {
    const kept = stripNegated(q);
    v.all.matchText(identifiersOnly(kept), identifiers);
    v.all.matchText(toolLabelValues(kept, v.toolKeys), labelled);
  }
  const inQueries = [.../* @__PURE__ */ new Set([...toolsIn(identifiers, v, TOOL), ...toolsIn(labelled, v, ANY_TOOL)])];
  return inQueries.length ? { tools: inQueries, toolSource: "query" } : void 0;
}

// src/core/dashboards/adoption-dashboard-no-incidents.ts
function quoted(panels, max = 4) {
  const names = panels.map((p) => `"${p.title || p.path}"`);
  return names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", ");
}
var TOOL_SOURCE = {
  panel: "in the panel",
  dashboard: "in the dashboard title, description or tags",
  query: "in its queries (a metric or table name, or a tool label)"
};
function evaluate(input, policy) {
  if (!policy.dashboards.enabled) return [];
  const c = classifyDashboard(input.dashboard, policy.dashboards.vocabulary, { untilIncident: true });
  if (c.adoptionPanels.length === 0 || c.incidentPanels.length > 0) return [];
  const target = c.targets[0];
  const severity = target && policy.dashboards.targetIsError ? "error" : "warning";
  const adoption = c.adoptionPanels.map((a) => a.panel);
  const named = [...new Set(c.adoptionPanels.flatMap((a) => a.tools))];
  const tools = (named.length > 1 ? named.filter((t) => t !== "an AI coding tool") : named).join(", ");
  const terms = [...new Set(c.adoptionPanels.flatMap((a) => a.terms))].slice(0, 5).join(", ");
  const targetText = target ? ` and sets a usage target (${target.panel.title ? `"${target.panel.title}": ` : ""}${target.why})` : "";
  const message = `Measures adoption of ${tools} (${terms}) in ${quoted(adoption)}${targetText} but has no panel for incidents, outages, rollbacks or change failure rate: add one so adoption is read next to the risk it brings.`;
  const withNote = (panel, note) => {
    const e = input.evidenceFor(panel);
    return { ...e, note: e.note ? `${note} (${e.note})` : note };
  };
  const evidence = c.adoptionPanels.map((a) => {
    const targets = c.targets.filter((t) => t.panel === a.panel).map((t) => t.why);
    const why = `measures ${a.terms.slice(0, 4).join(", ")} of ${a.tools.join(", ")} (named ${TOOL_SOURCE[a.toolSource]})`;
    return withNote(a.panel, `adoption panel "${a.panel.title || "untitled"}": ${why}${targets.length ? `; usage target: ${targets.join("; ")}` : ""}`);
  });
  if (target && !adoption.includes(target.panel)) evidence.push(withNote(target.panel, `usage target: ${target.why}`));
  return [{ rule: "adoption-dashboard-no-incidents", severity, message, subject: input.subject, evidence, suppressed: input.suppression }];
}
var rule = {
  id: "adoption-dashboard-no-incidents",
  defaultSeverity: "warning",
  evaluate
};

// src/core/dashboards/model.ts
function normalizedDashboard(format, source, uid, panels, problems) {
  return {
    format,
    ...str(source["title"]) ? { title: str(source["title"]) } : {},
    ...str(uid) ? { uid: str(uid) } : {},
    ...str(source["description"]) ? { description: str(source["description"]) } : {},
    tags: Array.isArray(source["tags"]) ? source["tags"].map(str).filter(Boolean) : [],
    panels,
    problems
  };
}
function isRecord(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
function str(value) {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}
var NO_KEYS = /* @__PURE__ */ new Set();
function collectStrings(value, out = [], skipKeys = NO_KEYS) {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out, skipKeys);
  else if (isRecord(value)) {
    for (const k of Object.keys(value)) if (!skipKeys.has(k)) collectStrings(value[k], out, skipKeys);
  }
  return out;
}
function collectQueries(value, skipKeys, out = []) {
  const from = out.length;
  collectStrings(value, out, skipKeys);
  let kept = from;
  for (let i = from; i < out.length; i++) {
    const q = out[i];
    if (q.trim() !== "") out[kept++] = q;
  }
  out.length = kept;
  return out;
}

// src/core/dashboards/cloudwatch.ts
function expandMetricRow(row, previous) {
  const last = row[row.length - 1];
  const options = isRecord(last) ? last : void 0;
  const items = (options ? row.slice(0, -1) : row).map((v) => str(v));
  let expanded;
  const ellipsis = items.indexOf("...");
  if (ellipsis >= 0 && previous) {
    const after = items.slice(ellipsis + 1);
    const before = items.slice(0, ellipsis);
    const keep = Math.max(before.length, previous.length - after.length);
    expanded = [...before, ...previous.slice(before.length, keep), ...after];
  } else expanded = items;
  expanded = expanded.map((v, i) => v === "." ? previous?.[i] ?? v : v);
  return { items: expanded, ...options ? { options } : {} };
}
function metricRowQuery(items) {
  const [namespace = "", metric = "", ...dimensions] = items;
  const parts = [namespace, metric];
  for (let i = 0; i < dimensions.length; i += 2) {
    const value = dimensions[i + 1];
    parts.push(value === void 0 ? dimensions[i] : `${dimensions[i]}=${JSON.stringify(value)}`);
  }
  return parts.filter(Boolean).join(" ");
}
function metricQueries(metrics, pointer, problems) {
  const queries = [];
  const labels = [];
  let previous;
  metrics.forEach((row, i) => {
    if (!Array.isArray(row)) {
      problems.push({ pointer: childPointer(pointer, i), message: "metric entry is not an array" });
      return;
    }
    const { items, options } = expandMetricRow(row, previous);
    if (items.length) {
      queries.push(metricRowQuery(items));
      previous = items;
    }
    if (options) {
      if (typeof options["expression"] === "string") queries.push(options["expression"]);
      if (typeof options["label"] === "string") labels.push(options["label"]);
    }
  });
  return { queries, labels };
}
function annotationThresholds(annotations, out = []) {
  if (!isRecord(annotations)) return out;
  for (const key of ["horizontal", "vertical"]) {
    const list = annotations[key];
    if (!Array.isArray(list)) continue;
    for (const a of list) {
      if (!isRecord(a)) continue;
      out.push({
        value: typeof a["value"] === "number" ? a["value"] : null,
        ...typeof a["color"] === "string" ? { color: a["color"] } : {},
        ...typeof a["label"] === "string" ? { label: a["label"] } : {}
      });
    }
  }
  return out;
}
var CHART_QUERY_TYPES = /* @__PURE__ */ new Set(["cloudwatch-metrics", "cloudwatch-logs"]);
var at = (pointer, ...keys) => childPointer(pointer, "properties", ...keys);
function missing(problems, pointer, message) {
  problems.push({ pointer, message });
  return void 0;
}
var WIDGETS = {
  metric(p, pointer, problems) {
    const alarms = isRecord(p["annotations"]) && Array.isArray(p["annotations"]["alarms"]) ? p["annotations"]["alarms"].map(str) : [];
    if (!Array.isArray(p["metrics"])) {
      if (alarms.length) return { queries: alarms, text: [], thresholds: annotationThresholds(p["annotations"]) };
      return missing(problems, at(pointer, "metrics"), "metric widget has no metrics list (nor an alarm annotation)");
    }
    const m = metricQueries(p["metrics"], at(pointer, "metrics"), problems);
    return { queries: [...m.queries, ...alarms], text: m.labels, thresholds: annotationThresholds(p["annotations"]) };
  },
  chart(p, pointer, problems) {
    const data = p["data"];
    if (!isRecord(data) || !Array.isArray(data["queries"]) || data["queries"].length === 0) {
      return missing(problems, at(pointer, "data", "queries"), "chart widget has no data.queries list");
    }
    const queries = [];
    const text = [];
    let readable = true;
    data["queries"].forEach((q, i) => {
      const qp = at(pointer, "data", "queries", i);
      if (!isRecord(q) || typeof q["query"] !== "string") {
        readable = false;
        problems.push({ pointer: qp, message: "chart query has no query text" });
        return;
      }
      if (!CHART_QUERY_TYPES.has(str(q["type"]))) {
        readable = false;
        problems.push({ pointer: childPointer(qp, "type"), message: `chart query type ${JSON.stringify(q["type"] ?? null)} is not one agent-guardrail reads (${[...CHART_QUERY_TYPES].join(", ")})` });
        return;
      }
      queries.push(q["query"]);
      if (typeof q["label"] === "string") text.push(q["label"]);
    });
    if (!readable) return void 0;
    const plot = isRecord(p["plotOptions"]) ? p["plotOptions"] : {};
    return { queries, text, thresholds: annotationThresholds(plot["annotations"], annotationThresholds(p["annotations"])) };
  },
  log(p, pointer, problems) {
    if (typeof p["query"] !== "string") return missing(problems, at(pointer, "query"), "log widget has no query");
    return { queries: [p["query"]], text: [], thresholds: [] };
  },
  text(p, pointer, problems) {
    if (typeof p["markdown"] !== "string") return missing(problems, at(pointer, "markdown"), "text widget has no markdown");
    return { queries: [], text: [p["markdown"]], thresholds: [] };
  },
  alarm(p, pointer, problems) {
    if (!Array.isArray(p["alarms"])) return missing(problems, at(pointer, "alarms"), "alarm widget has no alarms list");
    return { queries: p["alarms"].map(str), text: [], thresholds: [] };
  },
  explorer(p, pointer, problems) {
    if (!Array.isArray(p["metrics"])) return missing(problems, at(pointer, "metrics"), "explorer widget has no metrics list");
    const queries = [];
    for (const m of p["metrics"]) if (isRecord(m)) queries.push([str(m["resourceType"]), str(m["metricName"])].filter(Boolean).join(" "));
    const labels = Array.isArray(p["labels"]) ? p["labels"].filter(isRecord).map((l) => `${str(l["key"])}=${JSON.stringify(str(l["value"]))}`) : [];
    return { queries: [...queries, ...labels].filter((q) => q.trim() !== ""), text: [], thresholds: [] };
  },
  custom(p, pointer, problems) {
    if (typeof p["endpoint"] !== "string") return missing(problems, at(pointer, "endpoint"), "custom widget has no endpoint");
    return { queries: collectQueries([p["endpoint"], p["params"]], /* @__PURE__ */ new Set()), text: [], thresholds: [] };
  }
};
function normalizeCloudWatch(body, base) {
  const problems = [];
  const panels = [];
  const widgets = body["widgets"];
  if (!Array.isArray(widgets)) problems.push({ pointer: childPointer(base, "widgets"), message: "widgets is not a list" });
  else {
    widgets.forEach((widget2, i) => {
      const pointer = childPointer(base, "widgets", i);
      if (!isRecord(widget2) || !isRecord(widget2["properties"])) {
        problems.push({ pointer, message: "widget has no properties object" });
        return;
      }
      const type = str(widget2["type"]);
      const read = Object.hasOwn(WIDGETS, type) ? WIDGETS[type] : void 0;
      if (!read) {
        problems.push({ pointer: childPointer(pointer, "type"), message: `widget type ${JSON.stringify(widget2["type"] ?? null)} is not one agent-guardrail reads (${Object.keys(WIDGETS).join(", ")})` });
        return;
      }
      const p = widget2["properties"];
      const content = read(p, pointer, problems);
      if (!content) return;
      panels.push({
        path: pointer,
        title: str(p["title"]),
        text: content.text.join("\n"),
        queries: content.queries.filter((q) => q.trim() !== ""),
        thresholds: content.thresholds
      });
    });
  }
  return { format: "cloudwatch", tags: [], panels, problems };
}

// src/core/dashboards/datadog.ts
var NON_QUERY_KEYS = /* @__PURE__ */ new Set(["data_source", "name", "response_format", "display_type", "style", "palette", "aggregator", "order_by", "comparator", "type"]);
function thresholdsOf(definition) {
  const out = [];
  if (Array.isArray(definition["markers"])) {
    for (const m of definition["markers"]) {
      if (!isRecord(m)) continue;
      const match = /-?\d+(?:\.\d+)?/.exec(str(m["value"]));
      const display = str(m["display_type"]);
      out.push({
        value: match ? Number(match[0]) : null,
        ...display ? { color: display.startsWith("ok") ? "green" : display } : {},
        ...typeof m["label"] === "string" ? { label: m["label"] } : {}
      });
    }
  }
  const requests = Array.isArray(definition["requests"]) ? definition["requests"] : [];
  for (const r of requests) {
    if (!isRecord(r) || !Array.isArray(r["conditional_formats"])) continue;
    for (const c of r["conditional_formats"]) {
      if (!isRecord(c)) continue;
      const palette = str(c["palette"]);
      out.push({ value: typeof c["value"] === "number" ? c["value"] : null, color: /_on_green$|^green/.test(palette) ? "green" : palette });
    }
  }
  return out;
}
function widget(value, pointer, panels, problems) {
  if (!isRecord(value) || !isRecord(value["definition"])) {
    problems.push({ pointer, message: "widget has no definition object" });
    return;
  }
  const d = value["definition"];
  if (str(d["type"]) === "group") {
    if (!Array.isArray(d["widgets"])) problems.push({ pointer: childPointer(pointer, "definition", "widgets"), message: "group widget has no widgets list" });
    else d["widgets"].forEach((w, i) => widget(w, childPointer(pointer, "definition", "widgets", i), panels, problems));
    return;
  }
  const queries = [];
  for (const key of ["requests", "query", "queries"]) collectQueries(d[key], NON_QUERY_KEYS, queries);
  panels.push({
    path: pointer,
    title: str(d["title"]),
    text: [str(d["content"]), str(d["text"])].filter(Boolean).join("\n"),
    queries,
    thresholds: thresholdsOf(d)
  });
}
function normalizeDatadog(dashboard, base) {
  const problems = [];
  const panels = [];
  const widgets = dashboard["widgets"];
  if (!Array.isArray(widgets)) problems.push({ pointer: childPointer(base, "widgets"), message: "widgets is not a list" });
  else widgets.forEach((w, i) => widget(w, childPointer(base, "widgets", i), panels, problems));
  return normalizedDashboard("datadog", dashboard, dashboard["id"], panels, problems);
}

// src/core/dashboards/grafana.ts
var NON_QUERY_KEYS2 = /* @__PURE__ */ new Set(["refId", "datasource", "hide", "uid", "type", "key", "group", "kind", "version", "interval", "format", "instant", "range", "editorMode", "intervalMs", "maxDataPoints"]);
function thresholdsOf2(fieldConfig) {
  const out = [];
  if (!isRecord(fieldConfig)) return out;
  const configs = [fieldConfig["defaults"]];
  const overrides = fieldConfig["overrides"];
  if (Array.isArray(overrides)) {
    for (const o of overrides) {
      if (isRecord(o) && Array.isArray(o["properties"])) {
        for (const p of o["properties"]) if (isRecord(p) && p["id"] === "thresholds") configs.push({ thresholds: p["value"] });
      }
    }
  }
  for (const c of configs) {
    if (!isRecord(c) || !isRecord(c["thresholds"])) continue;
    const steps = c["thresholds"]["steps"];
    if (!Array.isArray(steps)) continue;
    steps.forEach((s, i) => {
      if (!isRecord(s)) return;
      out.push({
        value: typeof s["value"] === "number" ? s["value"] : null,
        ...typeof s["color"] === "string" ? { color: s["color"] } : {},
        ...i === 0 ? { base: true } : {}
      });
    });
  }
  return out;
}
function legacyThresholds(panel) {
  const out = [];
  const list = panel["thresholds"];
  if (Array.isArray(list)) {
    for (const t of list) {
      if (!isRecord(t) || typeof t["value"] !== "number") continue;
      const color = t["colorMode"] === "ok" ? "green" : t["colorMode"] === "custom" ? str(t["fillColor"] ?? t["lineColor"]) : str(t["colorMode"]);
      out.push({ value: t["value"], color });
    }
  } else if (typeof list === "string" && list.trim() !== "") {
    const colors = Array.isArray(panel["colors"]) ? panel["colors"].map(str) : [];
    list.split(",").forEach((v, i) => {
      const value = Number(v);
      if (Number.isFinite(value)) out.push({ value, ...colors[i + 1] ? { color: colors[i + 1] } : {} });
    });
  }
  return out;
}
function panelText(panel, options) {
  const parts = [str(panel["description"])];
  if (isRecord(options)) parts.push(str(options["content"]));
  parts.push(str(panel["content"]));
  return parts.filter(Boolean).join("\n");
}
function seriesLabels(targets) {
  if (!Array.isArray(targets)) return [];
  const out = [];
  for (const t of targets) {
    if (!isRecord(t)) continue;
    for (const key of ["legendFormat", "alias", "displayName"]) {
      const label = str(t[key]);
      if (label) out.push({ value: null, label });
    }
  }
  return out;
}
function queriesOf(targets) {
  if (!Array.isArray(targets)) return [];
  return collectQueries(targets, NON_QUERY_KEYS2);
}
function classicPanel(panel, pointer, ctx) {
  if (!isRecord(panel)) {
    ctx.problems.push({ pointer, message: "panel is not an object" });
    return;
  }
  let source = panel;
  let title = panel["title"];
  let path = pointer;
  const library = panel["libraryPanel"];
  if (isRecord(library)) {
    const uid = str(library["uid"]);
    const element = Object.entries(ctx.elements).find(([key, e]) => key === uid || isRecord(e) && e["uid"] === uid);
    if (element && isRecord(element[1]) && isRecord(element[1]["model"])) {
      source = element[1]["model"];
      title = panel["title"] ?? source["title"] ?? element[1]["name"];
      path = childPointer(ctx.elementsPointer, element[0], "model");
    } else {
      const name = uid ?? str(library["name"]) ?? "without uid";
      ctx.problems.push({ pointer, message: `library panel ${name} is not in __elements: its queries cannot be read (export the dashboard with "Export for sharing externally")` });
    }
  }
  const nested = panel["panels"];
  if (str(panel["type"]) === "row") {
    if (Array.isArray(nested)) nested.forEach((p, i) => classicPanel(p, childPointer(pointer, "panels", i), ctx));
    return;
  }
  ctx.panels.push({
    path,
    title: str(title) || (isRecord(library) ? str(library["name"]) : ""),
    text: panelText(source, source["options"]),
    queries: queriesOf(source["targets"]),
    thresholds: [...thresholdsOf2(source["fieldConfig"]), ...legacyThresholds(source), ...seriesLabels(source["targets"])]
  });
}
function normalizeGrafanaClassic(dashboard, base) {
  const elements = isRecord(dashboard["__elements"]) ? dashboard["__elements"] : {};
  const ctx = { elements, elementsPointer: childPointer(base, "__elements"), problems: [], panels: [] };
  const panels = dashboard["panels"];
  const rows = dashboard["rows"];
  if (panels !== void 0 && !Array.isArray(panels)) ctx.problems.push({ pointer: childPointer(base, "panels"), message: "panels is not a list" });
  if (rows !== void 0 && !Array.isArray(rows)) ctx.problems.push({ pointer: childPointer(base, "rows"), message: "rows is not a list" });
  if (Array.isArray(panels)) panels.forEach((p, i) => classicPanel(p, childPointer(base, "panels", i), ctx));
  if (Array.isArray(rows)) {
    rows.forEach((row, r) => {
      const rowPointer = childPointer(base, "rows", r);
      if (!isRecord(row) || !Array.isArray(row["panels"])) {
        ctx.problems.push({ pointer: rowPointer, message: "row has no panels list" });
        return;
      }
      row["panels"].forEach((p, i) => classicPanel(p, childPointer(rowPointer, "panels", i), ctx));
    });
  }
  return normalizedDashboard("grafana", dashboard, dashboard["uid"], ctx.panels, ctx.problems);
}
function v2Queries(data) {
  if (!isRecord(data) || !isRecord(data["spec"]) || !Array.isArray(data["spec"]["queries"])) return [];
  const out = [];
  for (const q of data["spec"]["queries"]) {
    if (!isRecord(q) || !isRecord(q["spec"])) continue;
    const query = q["spec"]["query"];
    collectStrings(isRecord(query) && query["spec"] !== void 0 ? query["spec"] : query, out, NON_QUERY_KEYS2);
  }
  const transforms = data["spec"]["transformations"];
  if (Array.isArray(transforms)) collectStrings(transforms, out, NON_QUERY_KEYS2);
  return out.filter((q) => q.trim() !== "");
}
function normalizeGrafanaV2(resource, base) {
  const spec = resource["spec"];
  const specPointer = childPointer(base, "spec");
  const problems = [];
  const panels = [];
  const elements = spec["elements"];
  if (!isRecord(elements)) problems.push({ pointer: childPointer(specPointer, "elements"), message: "elements is not an object" });
  else {
    for (const [key, element] of Object.entries(elements)) {
      const pointer = childPointer(specPointer, "elements", key);
      if (!isRecord(element) || !isRecord(element["spec"])) {
        problems.push({ pointer, message: "element has no spec" });
        continue;
      }
      const s = element["spec"];
      const viz = isRecord(s["vizConfig"]) && isRecord(s["vizConfig"]["spec"]) ? s["vizConfig"]["spec"] : {};
      const library = isRecord(s["libraryPanel"]) ? s["libraryPanel"] : void 0;
      panels.push({
        path: pointer,
        title: str(s["title"]) || (library ? str(library["name"]) : ""),
        text: panelText(s, viz["options"]),
        queries: v2Queries(s["data"]),
        thresholds: thresholdsOf2(viz["fieldConfig"])
      });
    }
  }
  const metadata = isRecord(resource["metadata"]) ? resource["metadata"] : {};
  return normalizedDashboard("grafana-v2", spec, metadata["name"], panels, problems);
}

// src/core/dashboards/index.ts
var CLOUDWATCH_BODY_KEYS = /* @__PURE__ */ new Set(["widgets", "start", "end", "periodOverride", "variables"]);
function locate(value) {
  if (!isRecord(value)) return void 0;
  if (isRecord(value["dashboard"]) && !("widgets" in value)) {
    const inner = value["dashboard"];
    if (isGrafanaClassic(inner)) return { normalize: () => normalizeGrafanaClassic(inner, "/dashboard") };
    return void 0;
  }
  if (isGrafanaClassic(value)) return { normalize: () => normalizeGrafanaClassic(value, "") };
  if (isRecord(value["spec"]) && "elements" in value["spec"] && (str(value["kind"]) === "Dashboard" || str(value["apiVersion"]).startsWith("dashboard.grafana.app"))) {
    return { normalize: () => normalizeGrafanaV2(value, "") };
  }
  const widgets = value["widgets"];
  if (Array.isArray(widgets)) {
    if ("layout_type" in value) return { normalize: () => normalizeDatadog(value, "") };
    const cloudWatchShaped = widgets.some((w) => isRecord(w) && typeof w["type"] === "string" && isRecord(w["properties"]));
    if (cloudWatchShaped || Object.keys(value).every((k) => CLOUDWATCH_BODY_KEYS.has(k))) return { normalize: () => normalizeCloudWatch(value, "") };
  }
  return void 0;
}
function isGrafanaClassic(value) {
  const hasPanels = Array.isArray(value["panels"]) || Array.isArray(value["rows"]);
  const looksGrafana = "schemaVersion" in value || "uid" in value || "title" in value || "__inputs" in value || "__elements" in value;
  return hasPanels && looksGrafana && !("Resources" in value);
}
function isDashboard(value) {
  return locate(value) !== void 0;
}
function normalizeDashboard(value) {
  return locate(value)?.normalize();
}
var TAG = "agent-guardrail:ignore-incidents";
function tagSuppression(tags) {
  for (const tag of tags) {
    if (tag !== TAG && !tag.startsWith(`${TAG}=`) && !tag.startsWith(`${TAG}:`)) continue;
    const reason = tag.slice(TAG.length + 1).trim();
    if (reason.length < 10) return { suppression: null, error: `dashboard tag "${tag}" needs a reason of at least 10 characters (${TAG}=<reason>)` };
    return { suppression: { reason, by: "dashboard tag" } };
  }
  return { suppression: null };
}
function dashboardSubject(d, fallback) {
  if (!d.title && !d.uid) return `dashboard ${fallback}`;
  return `dashboard "${d.title ?? "untitled"}"${d.uid ? ` (uid ${d.uid})` : ""}`;
}
function evaluateNormalized(d, where, policy) {
  const errors = [];
  const error = (message, pointer) => {
    const line = pointer !== void 0 ? where.lineOf(pointer) : void 0;
    errors.push({ file: where.file, ...line !== void 0 ? { line } : {}, message });
  };
  for (const p of d.problems) error(`malformed ${d.format} dashboard at ${p.pointer || "/"}: ${p.message}`, p.pointer);
  if (d.panels.length === 0 && d.problems.length === 0) error(`${d.format} dashboard ${where.subject.replace(/^dashboard /, "")} has no panels: nothing to evaluate`, "");
  const tag = tagSuppression(d.tags);
  if (tag.error) error(tag.error);
  if (errors.length) return { findings: [], errors };
  const findings = rule.evaluate({ dashboard: d, subject: where.subject, evidenceFor: where.evidenceFor, suppression: tag.suppression }, policy);
  return { findings, errors };
}
function evaluateDashboardFile(input, policy) {
  const d = normalizeDashboard(input.value);
  const lineOf = (pointer) => input.lineOf?.(pointer);
  if (!d) return { findings: [], errors: [{ file: input.file, message: "not a recognized dashboard (Grafana, CloudWatch or Datadog JSON)" }] };
  return evaluateNormalized(
    d,
    {
      file: input.file,
      subject: dashboardSubject(d, input.file),
      lineOf,
      evidenceFor: (panel) => {
        const line = lineOf(panel.path);
        return { file: input.file, ...line !== void 0 ? { line } : {}, pointer: panel.path };
      }
    },
    policy
  );
}

export {
  isRecord,
  normalizeCloudWatch,
  isDashboard,
  evaluateNormalized,
  evaluateDashboardFile
};
