import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  childPointer
} from "./chunk-X6BODPTN.js";
import {
  isProductionStack
} from "./chunk-GSIIM2B5.js";

// src/core/dashboards/negation.ts
var QUOTED = String.raw`(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|` + "`[^`]*`)";
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
  { re: new RegExp(String.raw`(?:!=|!~|<>)\s*${QUOTED}`, "g"), by: " ", mayMatch: (s) => s.includes("!") || s.includes("<>") },
  { re: /\bnot\s+in\s*\([^)]*\)/gi, by: " ", mayMatch: (s, clues) => clues.hasNotClause(s) },
  { re: new RegExp(String.raw`\bnot\s+i?like\s*(?:${QUOTED}|/(?:[^/\\]|\\.)*/)`, "gi"), by: " ", mayMatch: (s, clues) => clues.hasNotClause(s) },
  { re: new RegExp(String.raw`\bnot\s+${QUOTED}`, "gi"), by: " ", mayMatch: (s, clues) => clues.hasNotClause(s) },
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
      const normalized = words.join(" ");
      let node = 0;
      for (let i = 0; i < glued.length; i++) node = this.child(node, SLOT[glued.charCodeAt(i)]);
      const list = this.hits[node] ??= [];
      if (!list.includes(normalized)) list.push(normalized);
      maxWords = Math.max(maxWords, words.length);
    }
    this.maxWords = Math.min(MAX_GRAM, maxWords);
  }
  child(node, s) {
    const at = node * SLOTS + s;
    const existing = this.children[at];
    if (existing !== 0) return existing;
    const created = this.nodes++;
    if ((created + 1) * SLOTS > this.children.length) {
      const grown = new Int32Array(this.children.length * 2);
      grown.set(this.children);
      this.children = grown;
    }
    this.children[at] = created;
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
var AI = 1;
var ADOPTION = 2;
var INCIDENT = 4;
var TOOL_ERROR = 8;
var TARGET = 16;
var compiled = /* @__PURE__ */ new WeakMap();
function compile(v) {
  let c = compiled.get(v);
  if (!c) {
    const n = (terms) => [...new Set(terms.map(normalizeTerm).filter(Boolean))];
    const adoption = n(v.adoption);
    const lists = [
      [n(v.aiContext), AI],
      [adoption, ADOPTION],
      [n(v.incidents), INCIDENT],
      [n(v.toolErrors), TOOL_ERROR],
      [n(v.targets), TARGET]
    ];
    const kinds = /* @__PURE__ */ new Map();
    for (const [terms, kind] of lists) for (const t of terms) kinds.set(t, (kinds.get(t) ?? 0) | kind);
    c = { adoption, all: new TermMatcher(lists.flatMap(([terms]) => terms)), kinds };
    compiled.set(v, c);
  }
  return c;
}
function kindsOf(found, v) {
  let kinds = 0;
  for (const t of found) kinds |= v.kinds.get(t) ?? 0;
  return kinds;
}
function namesTarget(text, v) {
  return (kindsOf(v.all.matchText(text, /* @__PURE__ */ new Set()), v) & TARGET) !== 0;
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
  if (t.label && namesTarget(t.label, v)) return `"${t.label}" line${t.value !== null ? ` at ${t.value}` : ""}`;
  if (t.value !== null && !t.base && isGreen(t.color)) return `threshold ${t.value} turns it green`;
  return void 0;
}
function classifyDashboard(dashboard, vocabulary) {
  const v = compile(vocabulary);
  const dashboardContext = v.all.match([dashboard.title ?? "", dashboard.description ?? "", ...dashboard.tags]);
  const dashboardIsAi = (kindsOf(dashboardContext, v) & AI) !== 0;
  const adoptionPanels = [];
  const incidentPanels = [];
  const targets = [];
  const proseTargets = [];
  for (const panel of dashboard.panels) {
    const positive = /* @__PURE__ */ new Set();
    v.all.matchText(panel.title, positive);
    v.all.matchText(panel.text, positive);
    for (const q of panel.queries) v.all.matchText(stripNegated(q), positive);
    const kinds = kindsOf(positive, v);
    const incident = (kinds & INCIDENT) !== 0;
    const aiPanel = (kinds & AI) !== 0;
    const toolErrors = (aiPanel || dashboardIsAi) && (kinds & TOOL_ERROR) !== 0;
    if (incident && !toolErrors) incidentPanels.push(panel);
    const adoption = kinds & ADOPTION ? matchedTerms(positive, v.adoption) : [];
    const isAdoption = adoption.length > 0 && panel.queries.length > 0 && (dashboardIsAi || aiPanel) && !(incident && !toolErrors);
    if (isAdoption) {
      adoptionPanels.push({ panel, terms: adoption });
      for (const t of panel.thresholds) {
        const why = thresholdTarget(t, v);
        if (why) targets.push({ panel, why });
      }
    }
    if (isAdoption || panel.queries.length === 0) {
      const prose = `${panel.title}
${panel.text}`;
      if (NUMBER.test(prose) && namesTarget(prose, v)) proseTargets.push({ panel, why: `its text states a target: "${excerpt(prose)}"` });
    }
  }
  const about = dashboard.description ?? "";
  if (NUMBER.test(about) && namesTarget(about, v) && dashboard.panels[0]) {
    proseTargets.push({ panel: dashboard.panels[0], why: `the dashboard description states a target: "${excerpt(about)}"` });
  }
  return { adoptionPanels, incidentPanels, targets: [...targets, ...proseTargets] };
}

// src/core/dashboards/adoption-dashboard-no-incidents.ts
function quoted(panels, max = 4) {
  const names = panels.map((p) => `"${p.title || p.path}"`);
  return names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", ");
}
var rule = {
  id: "adoption-dashboard-no-incidents",
  defaultSeverity: "warning",
  evaluate(input, policy) {
    if (!policy.dashboards.enabled) return [];
    const c = classifyDashboard(input.dashboard, policy.dashboards.vocabulary);
    if (c.adoptionPanels.length === 0 || c.incidentPanels.length > 0) return [];
    const target = c.targets[0];
    const severity = target && policy.dashboards.targetIsError ? "error" : "warning";
    const adoption = c.adoptionPanels.map((a) => a.panel);
    const terms = [...new Set(c.adoptionPanels.flatMap((a) => a.terms))].slice(0, 5).join(", ");
    const targetText = target ? ` and sets a usage target (${target.panel.title ? `"${target.panel.title}": ` : ""}${target.why})` : "";
    const message = `Measures AI-tool adoption (${terms}) in ${quoted(adoption)}${targetText} but has no panel for incidents, outages, rollbacks or change failure rate: add one so adoption is read next to the risk it brings.`;
    const withNote = (panel, note) => {
      const e = input.evidenceFor(panel);
      return { ...e, note: e.note ? `${note} (${e.note})` : note };
    };
    const evidence = adoption.map((p) => withNote(p, `adoption panel "${p.title || "untitled"}"`));
    if (target && !adoption.includes(target.panel)) evidence.push(withNote(target.panel, `usage target: ${target.why}`));
    return [{ rule: "adoption-dashboard-no-incidents", severity, message, subject: input.subject, evidence, suppressed: input.suppression }];
  }
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
      queries.push(items.join(" "));
      previous = items;
    }
    if (options) {
      if (typeof options["expression"] === "string") queries.push(options["expression"]);
      if (typeof options["label"] === "string") labels.push(options["label"]);
    }
  });
  return { queries, labels };
}
function annotationThresholds(annotations) {
  const out = [];
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
      const p = widget2["properties"];
      const queries = [];
      const text = [];
      if (Array.isArray(p["metrics"])) {
        const m = metricQueries(p["metrics"], childPointer(pointer, "properties", "metrics"), problems);
        queries.push(...m.queries);
        text.push(...m.labels);
      }
      if (typeof p["query"] === "string") queries.push(p["query"]);
      if (typeof p["sql"] === "string") queries.push(p["sql"]);
      if (Array.isArray(p["alarms"])) queries.push(...p["alarms"].map(str));
      if (typeof p["markdown"] === "string") text.push(p["markdown"]);
      panels.push({
        path: pointer,
        title: str(p["title"]),
        text: text.join("\n"),
        queries: queries.filter((q) => q.trim() !== ""),
        thresholds: annotationThresholds(p["annotations"])
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
  let path2 = pointer;
  const library = panel["libraryPanel"];
  if (isRecord(library)) {
    const uid = str(library["uid"]);
    const element = Object.entries(ctx.elements).find(([key, e]) => key === uid || isRecord(e) && e["uid"] === uid);
    if (element && isRecord(element[1]) && isRecord(element[1]["model"])) {
      source = element[1]["model"];
      title = panel["title"] ?? source["title"] ?? element[1]["name"];
      path2 = childPointer(ctx.elementsPointer, element[0], "model");
    }
  }
  const nested = panel["panels"];
  if (str(panel["type"]) === "row") {
    if (Array.isArray(nested)) nested.forEach((p, i) => classicPanel(p, childPointer(pointer, "panels", i), ctx));
    return;
  }
  ctx.panels.push({
    path: path2,
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

// src/core/cfn/intrinsics.ts
var KNOWN_INTRINSICS = /* @__PURE__ */ new Set([
  "Ref",
  "Condition",
  "Fn::GetAtt",
  "Fn::Join",
  "Fn::Sub",
  "Fn::Select",
  "Fn::Split",
  "Fn::If",
  "Fn::Equals",
  "Fn::And",
  "Fn::Or",
  "Fn::Not",
  "Fn::FindInMap",
  "Fn::Base64",
  "Fn::Cidr",
  "Fn::ImportValue",
  "Fn::GetAZs",
  "Fn::Transform",
  "Fn::Length",
  "Fn::ToJsonString",
  "Fn::ForEach",
  // Rule-specific functions, valid in a template's Rules section (CDK writes Fn::Contains there).
  "Fn::Contains",
  "Fn::EachMemberEquals",
  "Fn::EachMemberIn",
  "Fn::RefAll",
  "Fn::ValueOf",
  "Fn::ValueOfAll"
]);
var isRecord2 = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function intrinsicKey(value) {
  if (!isRecord2(value)) return void 0;
  const keys = Object.keys(value);
  if (keys.length !== 1) return void 0;
  const key = keys[0];
  return key === "Ref" || key === "Condition" || key.startsWith("Fn::") ? key : void 0;
}
function soleKey(node) {
  let key;
  for (const k in node) {
    if (!Object.prototype.hasOwnProperty.call(node, k)) continue;
    if (key !== void 0) return void 0;
    key = k;
  }
  return key;
}
function findUnknownIntrinsics(value, pointer = "") {
  const out = [];
  const path2 = [];
  const walk = (node) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path2.push(i);
        walk(node[i]);
        path2.pop();
      }
      return;
    }
    const key = soleKey(node);
    if (key?.startsWith("Fn::") && !KNOWN_INTRINSICS.has(key)) out.push({ key, pointer: childPointer(pointer, ...path2) });
    for (const k in node) {
      if (!Object.prototype.hasOwnProperty.call(node, k)) continue;
      path2.push(k);
      walk(node[k]);
      path2.pop();
    }
  };
  walk(value);
  return out;
}
var ARN_FORMATS = {
  "AWS::DynamoDB::Table": (n, c) => `arn:aws:dynamodb:${c.region ?? "*"}:${c.account ?? "*"}:table/${n}`,
  "AWS::S3::Bucket": (n) => `arn:aws:s3:::${n}`,
  "AWS::SQS::Queue": (n, c) => `arn:aws:sqs:${c.region ?? "*"}:${c.account ?? "*"}:${n}`,
  "AWS::SNS::Topic": (n, c) => `arn:aws:sns:${c.region ?? "*"}:${c.account ?? "*"}:${n}`,
  "AWS::Lambda::Function": (n, c) => `arn:aws:lambda:${c.region ?? "*"}:${c.account ?? "*"}:function:${n}`,
  "AWS::IAM::Role": (n, c) => `arn:aws:iam::${c.account ?? "*"}:role/${n}`,
  "AWS::IAM::User": (n, c) => `arn:aws:iam::${c.account ?? "*"}:user/${n}`,
  "AWS::Logs::LogGroup": (n, c) => `arn:aws:logs:${c.region ?? "*"}:${c.account ?? "*"}:log-group:${n}`,
  "AWS::Kinesis::Stream": (n, c) => `arn:aws:kinesis:${c.region ?? "*"}:${c.account ?? "*"}:stream/${n}`,
  "AWS::RDS::DBInstance": (n, c) => `arn:aws:rds:${c.region ?? "*"}:${c.account ?? "*"}:db:${n}`,
  "AWS::RDS::DBCluster": (n, c) => `arn:aws:rds:${c.region ?? "*"}:${c.account ?? "*"}:cluster:${n}`
};
var NAME_PROPERTIES = {
  "AWS::DynamoDB::Table": "TableName",
  "AWS::S3::Bucket": "BucketName",
  "AWS::SQS::Queue": "QueueName",
  "AWS::SNS::Topic": "TopicName",
  "AWS::Lambda::Function": "FunctionName",
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::User": "UserName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::Logs::LogGroup": "LogGroupName",
  "AWS::Kinesis::Stream": "Name",
  "AWS::RDS::DBInstance": "DBInstanceIdentifier",
  "AWS::RDS::DBCluster": "DBClusterIdentifier"
};
function namePattern(resource, ctx) {
  const prop = NAME_PROPERTIES[resource.Type];
  const raw = prop ? resource.Properties?.[prop] : void 0;
  return raw === void 0 ? void 0 : resolveText(raw, ctx).text;
}
function literalName(resource, ctx) {
  const text = namePattern(resource, ctx);
  return text === void 0 || text.includes("*") ? void 0 : text;
}
function fromResource(logicalId, attribute, ctx) {
  const resource = ctx.resources[logicalId];
  const origin = `${resource?.Type ?? "resource"} ${logicalId} of ${ctx.stackLabel}`;
  if (!resource) return { text: "*" };
  const name = namePattern(resource, ctx);
  let text = "*";
  if (name !== void 0) {
    if (attribute === void 0) text = resource.Type === "AWS::SQS::Queue" ? "*" : name;
    else if (attribute === "Arn") text = ARN_FORMATS[resource.Type]?.(name, ctx) ?? "*";
  }
  return { text, production: ctx.production, origin };
}
function pseudo(name, ctx) {
  switch (name) {
    case "AWS::AccountId":
      return ctx.account ?? "*";
    case "AWS::Partition":
      return "aws";
    case "AWS::Region":
      return ctx.region ?? "*";
    case "AWS::URLSuffix":
      return "amazonaws.com";
    case "AWS::StackName":
      return ctx.stackName ?? "*";
    case "AWS::NoValue":
      return "";
    case "AWS::StackId":
    case "AWS::NotificationARNs":
      return "*";
    default:
      return void 0;
  }
}
function combine(parts, joiner) {
  const known = parts.filter((p) => p.production !== void 0);
  return {
    text: parts.map((p) => p.text).join(joiner),
    // Production if any referenced resource is; fail closed.
    ...known.length ? { production: known.some((p) => p.production), origin: known.map((p) => p.origin).filter(Boolean).join(", ") } : {}
  };
}
function resolveText(value, ctx, depth = 0) {
  if (depth > 30) return { text: "*" };
  if (typeof value === "string") return { text: value };
  if (typeof value === "number" || typeof value === "boolean") return { text: String(value) };
  const key = intrinsicKey(value);
  if (!key || !isRecord2(value)) return { text: "*" };
  const arg = value[key];
  switch (key) {
    case "Ref": {
      if (typeof arg !== "string") return { text: "*" };
      const p = pseudo(arg, ctx);
      if (p !== void 0) return { text: p };
      if (ctx.resources[arg]) return fromResource(arg, void 0, ctx);
      return { text: "*" };
    }
    case "Fn::GetAtt": {
      const [id, attr] = Array.isArray(arg) ? arg : typeof arg === "string" ? arg.split(/\.(.*)/s) : [];
      return typeof id === "string" ? fromResource(id, typeof attr === "string" ? attr : "*", ctx) : { text: "*" };
    }
    case "Fn::Join": {
      if (!Array.isArray(arg) || typeof arg[0] !== "string" || !Array.isArray(arg[1])) return { text: "*" };
      return combine(arg[1].map((p) => resolveText(p, ctx, depth + 1)), arg[0]);
    }
    case "Fn::Sub": {
      const [template, vars] = Array.isArray(arg) ? arg : [arg, {}];
      if (typeof template !== "string") return { text: "*" };
      const parts = [];
      let last = 0;
      for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
        parts.push({ text: template.slice(last, m.index) });
        const name = m[1] ?? "";
        if (name.startsWith("!")) parts.push({ text: "${" + name.slice(1) + "}" });
        else if (isRecord2(vars) && name in vars) parts.push(resolveText(vars[name], ctx, depth + 1));
        else if (name.includes(".")) {
          const [id, attr] = name.split(/\.(.*)/s);
          parts.push(resolveText({ "Fn::GetAtt": [id, attr] }, ctx, depth + 1));
        } else parts.push(resolveText({ Ref: name }, ctx, depth + 1));
        last = (m.index ?? 0) + m[0].length;
      }
      parts.push({ text: template.slice(last) });
      return combine(parts, "");
    }
    case "Fn::ImportValue": {
      const name = resolveText(arg, ctx, depth + 1).text;
      const ref = ctx.exports.get(name);
      return ref ? { text: ref.pattern, ...ref.production !== void 0 ? { production: ref.production } : {}, ...ref.origin ? { origin: ref.origin } : {} } : { text: "*" };
    }
    case "Fn::Select": {
      if (!Array.isArray(arg)) return { text: "*" };
      const index = Number(resolveText(arg[0], ctx, depth + 1).text);
      const list = arg[1];
      return Array.isArray(list) && Number.isInteger(index) && index >= 0 && index < list.length ? resolveText(list[index], ctx, depth + 1) : { text: "*" };
    }
    case "Fn::FindInMap": {
      if (!Array.isArray(arg)) return { text: "*" };
      const keys = arg.slice(0, 3).map((k) => resolveText(k, ctx, depth + 1).text);
      const found = keys.reduce((node, k) => isRecord2(node) ? node[k] : void 0, ctx.mappings);
      return found === void 0 || isRecord2(found) ? { text: "*" } : resolveText(found, ctx, depth + 1);
    }
    case "Fn::If": {
      if (!Array.isArray(arg)) return { text: "*" };
      const a = resolveText(arg[1], ctx, depth + 1);
      const b = resolveText(arg[2], ctx, depth + 1);
      const known = [a, b].filter((x) => x.production !== void 0);
      return {
        text: a.text === b.text ? a.text : "*",
        ...known.length ? { production: known.some((x) => x.production), origin: known.map((x) => x.origin).join(", ") } : {}
      };
    }
    default:
      return { text: "*" };
  }
}
function resolveResourceRef(raw, ctx) {
  const r = resolveText(raw, ctx);
  return { pattern: r.text === "" ? "*" : r.text, ...r.production !== void 0 ? { production: r.production } : {}, ...r.origin ? { origin: r.origin } : {} };
}
function unknownIntrinsicErrors(file, value, lineOf) {
  return findUnknownIntrinsics(value).map(({ key, pointer }) => {
    const line = lineOf?.(pointer);
    return {
      file,
      ...line !== void 0 ? { line } : {},
      message: `unknown intrinsic function ${key} at ${pointer}: its value is read as "*" (fail closed)`
    };
  });
}

// src/core/cfn/template.ts
import path from "node:path";
var isRecord3 = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function isCloudFormationTemplate(value) {
  if (!isRecord3(value)) return false;
  const resources = value["Resources"];
  const declared = "AWSTemplateFormatVersion" in value;
  if (!isRecord3(resources)) return declared && resources === void 0;
  const entries = Object.values(resources);
  if (entries.length === 0) return declared;
  return entries.every((r) => isRecord3(r) && typeof r["Type"] === "string");
}
function templateLabel(input) {
  return input.stackName ?? path.basename(input.file).replace(/(\.template)?\.(json|ya?ml)$/i, "");
}
function isTemplateProduction(input, policy) {
  const names = [input.stackName, input.stagePath, templateLabel(input)].filter((n) => Boolean(n));
  return isProductionStack({ names, tags: input.stackTags ?? {}, ...input.account ? { account: input.account } : {} }, policy.production);
}
function resourcesOf(value) {
  const resources = isRecord3(value) && isRecord3(value["Resources"]) ? value["Resources"] : {};
  const out = {};
  for (const [id, r] of Object.entries(resources)) if (isRecord3(r) && typeof r["Type"] === "string") out[id] = r;
  return out;
}
var contexts = /* @__PURE__ */ new WeakMap();
function createContext(input, policy, exports = /* @__PURE__ */ new Map()) {
  const known = contexts.get(input);
  if (known && known.policy === policy && known.exports === exports) return known.context;
  const context = buildContext(input, policy, exports);
  contexts.set(input, { policy, exports, context });
  return context;
}
function buildContext(input, policy, exports) {
  const production = isTemplateProduction(input, policy);
  const stackLabel = templateLabel(input);
  return {
    resources: resourcesOf(input.value),
    mappings: isRecord3(input.value) && isRecord3(input.value["Mappings"]) ? input.value["Mappings"] : {},
    ...input.account ? { account: input.account } : {},
    ...input.region ? { region: input.region } : {},
    ...input.stackName ? { stackName: input.stackName } : {},
    production,
    stackLabel: `stack ${stackLabel}`,
    exports
  };
}
var POLICY_TYPES = /* @__PURE__ */ new Set(["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy"]);
var asList = (v) => v === void 0 ? [] : Array.isArray(v) ? v : [v];
function readTemplate(input, policy, exports = /* @__PURE__ */ new Map()) {
  const ctx = createContext(input, policy, exports);
  const { file, lineOf } = input;
  const label = templateLabel(input);
  const errors = unknownIntrinsicErrors(file, input.value, lineOf);
  const evidenceAt = (pointer) => {
    const line = lineOf?.(pointer);
    return { file, pointer, ...line !== void 0 ? { line } : {} };
  };
  const source = (name, document, pointer) => ({
    name,
    document,
    evidence: evidenceAt(pointer),
    ...lineOf ? { lineOf } : {},
    resolveResource: (raw) => resolveResourceRef(raw, ctx)
  });
  const principals = /* @__PURE__ */ new Map();
  const groupPolicies = /* @__PURE__ */ new Map();
  const managedDocs = /* @__PURE__ */ new Map();
  const byLiteralName = /* @__PURE__ */ new Map();
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type === "AWS::IAM::ManagedPolicy" && r.Properties?.["PolicyDocument"] !== void 0) {
      managedDocs.set(id, source(literalName(r, ctx) ?? id, r.Properties["PolicyDocument"], `/Resources/${id}/Properties/PolicyDocument`));
    }
  }
  const kindOf = { "AWS::IAM::Role": "role", "AWS::IAM::User": "user", "AWS::IAM::Group": "group" };
  for (const [id, r] of Object.entries(ctx.resources)) {
    const kind = kindOf[r.Type];
    if (!kind) continue;
    const props = r.Properties ?? {};
    const base = `/Resources/${id}/Properties`;
    const literal = literalName(r, ctx);
    const cdkPath = typeof r.Metadata?.["aws:cdk:path"] === "string" ? r.Metadata["aws:cdk:path"] : void 0;
    if (literal) byLiteralName.set(`${kind}:${literal}`, id);
    const inline = asList(props["Policies"]).flatMap(
      (p, i) => isRecord3(p) ? [source(resolveText(p["PolicyName"], ctx).text || `${id} policy ${i}`, p["PolicyDocument"], `${base}/Policies/${i}/PolicyDocument`)] : []
    );
    if (kind === "group") {
      groupPolicies.set(id, inline);
      continue;
    }
    const principal = {
      kind,
      subject: `${label}/${id}`,
      name: literal ?? cdkPath ?? id,
      ...literal && ctx.account ? { arn: `arn:aws:iam::${ctx.account}:${kind}/${literal}` } : {},
      ...ctx.account ? { account: ctx.account } : {},
      production: ctx.production,
      tags: Object.fromEntries(
        asList(props["Tags"]).flatMap((t) => isRecord3(t) && typeof t["Key"] === "string" ? [[t["Key"], resolveText(t["Value"], ctx).text]] : [])
      ),
      policies: inline,
      evidence: evidenceAt(`/Resources/${id}`)
    };
    if (kind === "role" && props["AssumeRolePolicyDocument"] !== void 0) {
      principal.trustPolicy = source(`${id} trust policy`, props["AssumeRolePolicyDocument"], `${base}/AssumeRolePolicyDocument`);
    }
    asList(props["ManagedPolicyArns"]).forEach((arn, i) => attachManaged(principal, arn, `${base}/ManagedPolicyArns/${i}`));
    if (props["PermissionsBoundary"] !== void 0) {
      const refId = refTarget(props["PermissionsBoundary"]);
      principal.boundary = refId && managedDocs.get(refId) || "unresolved";
    }
    principals.set(id, principal);
  }
  function refTarget(value) {
    if (intrinsicKey(value) === "Ref" && isRecord3(value) && typeof value["Ref"] === "string") return value["Ref"];
    return void 0;
  }
  function attachManaged(principal, arn, pointer) {
    const refId = refTarget(arn);
    const doc = refId ? managedDocs.get(refId) : void 0;
    if (doc) {
      principal.policies.push(doc);
      return;
    }
    const text = resolveText(arn, ctx).text;
    principal.unresolvedPolicies = [...principal.unresolvedPolicies ?? [], { arn: text, evidence: evidenceAt(pointer) }];
  }
  function target(kind, ref, pointer) {
    const refId = refTarget(ref);
    if (refId && principals.has(refId)) return principals.get(refId);
    const name = resolveText(ref, ctx).text;
    const local = byLiteralName.get(`${kind}:${name}`);
    if (local && principals.has(local)) return principals.get(local);
    if (!name || name.includes("*") || kind === "group") return void 0;
    const key = `external:${kind}:${name}`;
    let external = principals.get(key);
    if (!external) {
      external = {
        kind,
        subject: `${label}/${name}`,
        name,
        ...ctx.account ? { account: ctx.account, arn: `arn:aws:iam::${ctx.account}:${kind}/${name}` } : {},
        production: ctx.production,
        tags: {},
        policies: [],
        evidence: { ...evidenceAt(pointer), note: `${kind} defined outside this template` }
      };
      principals.set(key, external);
    }
    return external;
  }
  const attachments = [
    ["role", "Roles"],
    ["user", "Users"],
    ["group", "Groups"]
  ];
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (!POLICY_TYPES.has(r.Type)) continue;
    const props = r.Properties ?? {};
    const base = `/Resources/${id}/Properties`;
    let doc;
    if (r.Type === "AWS::IAM::Policy") doc = source(resolveText(props["PolicyName"], ctx).text || id, props["PolicyDocument"], `${base}/PolicyDocument`);
    else if (r.Type === "AWS::IAM::ManagedPolicy") doc = managedDocs.get(id);
    else if (r.Type === "AWS::IAM::RolePolicy" || r.Type === "AWS::IAM::UserPolicy" || r.Type === "AWS::IAM::GroupPolicy") {
      const kind = r.Type === "AWS::IAM::RolePolicy" ? "role" : r.Type === "AWS::IAM::UserPolicy" ? "user" : "group";
      const nameKey = kind === "role" ? "RoleName" : kind === "user" ? "UserName" : "GroupName";
      const inline = source(resolveText(props["PolicyName"], ctx).text || id, props["PolicyDocument"], `${base}/PolicyDocument`);
      attach(kind, props[nameKey], `${base}/${nameKey}`, inline);
      continue;
    }
    if (!doc) continue;
    for (const [kind, key] of attachments) {
      asList(props[key]).forEach((ref, i) => attach(kind, ref, `${base}/${key}/${i}`, doc));
    }
  }
  function attach(kind, ref, pointer, doc) {
    if (kind === "group") {
      const refId = refTarget(ref) ?? byLiteralName.get(`group:${resolveText(ref, ctx).text}`);
      if (refId) groupPolicies.set(refId, [...groupPolicies.get(refId) ?? [], doc]);
      return;
    }
    const principal = target(kind, ref, pointer);
    if (principal && !principal.policies.includes(doc)) principal.policies.push(doc);
  }
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type === "AWS::IAM::User") {
      const user = principals.get(id);
      for (const g of asList(r.Properties?.["Groups"])) {
        const gid = refTarget(g) ?? byLiteralName.get(`group:${resolveText(g, ctx).text}`);
        if (user && gid) user.policies.push(...groupPolicies.get(gid) ?? []);
      }
    }
    if (r.Type === "AWS::IAM::UserToGroupAddition") {
      const gid = refTarget(r.Properties?.["GroupName"]);
      for (const u of asList(r.Properties?.["Users"])) {
        const user = principals.get(refTarget(u) ?? "");
        if (user && gid) user.policies.push(...groupPolicies.get(gid) ?? []);
      }
    }
  }
  return {
    iam: { principals: [...principals.values()], production: ctx.production, ...ctx.account ? { account: ctx.account } : {} },
    errors,
    resources: ctx.resources,
    production: ctx.production,
    stackLabel: label,
    context: ctx
  };
}
function collectExports(input, policy, into) {
  const outputs = isRecord3(input.value) && isRecord3(input.value["Outputs"]) ? input.value["Outputs"] : {};
  const ctx = createContext(input, policy, into);
  for (const output of Object.values(outputs)) {
    if (!isRecord3(output) || !isRecord3(output["Export"])) continue;
    const name = resolveText(output["Export"]["Name"], ctx).text;
    if (!name || name.includes("*")) continue;
    into.set(name, resolveResourceRef(output["Value"], ctx));
  }
}

export {
  isRecord,
  normalizeCloudWatch,
  isDashboard,
  evaluateNormalized,
  evaluateDashboardFile,
  resolveText,
  isCloudFormationTemplate,
  readTemplate,
  collectExports
};
