import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  readAssemblyManifest
} from "./chunk-LZC4GABI.js";
import {
  collectInputs,
  readParsedFile
} from "./chunk-XTOAPGA6.js";
import {
  evaluateIam,
  evaluateTemplateSet,
  guardedEvaluation,
  isAuthorizationDetails,
  readAuthorizationDetails
} from "./chunk-5WQ6HDOQ.js";
import {
  loadCatalogue
} from "./chunk-FB2442O4.js";
import {
  productionVerdict
} from "./chunk-AECFORZA.js";
import {
  isRecord
} from "./chunk-ERERLVZB.js";
import {
  DEFAULT_MAX_FILE_BYTES
} from "./chunk-5HVCDFU6.js";
import "./chunk-VOIQVE24.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-OLPIVFOI.js";
import "./chunk-ORPBBT7N.js";
import {
  childPointer,
  parsePointer
} from "./chunk-IYA5QU4J.js";
import "./chunk-WY7H33ES.js";
import "./chunk-RS5OFJDG.js";
import "./chunk-2V7FNPSS.js";
import "./chunk-IE2V5DSZ.js";
import {
  RULE_IDS,
  compareFindings
} from "./chunk-CZPWBJK5.js";
import "./chunk-ZKYDBKFZ.js";
import "./chunk-QI6GDGWH.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";

// src/cli/scan-run.ts
import { readdir } from "node:fs/promises";
import path2 from "node:path";

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
  let path3 = pointer;
  const library = panel["libraryPanel"];
  if (isRecord(library)) {
    const uid = str(library["uid"]);
    const element = Object.entries(ctx.elements).find(([key, e]) => key === uid || isRecord(e) && e["uid"] === uid);
    if (element && isRecord(element[1]) && isRecord(element[1]["model"])) {
      source = element[1]["model"];
      title = panel["title"] ?? source["title"] ?? element[1]["name"];
      path3 = childPointer(ctx.elementsPointer, element[0], "model");
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
    path: path3,
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

// src/core/dashboards/cloudwatch-resource.ts
var BARE_PLACEHOLDER = /([:[,]\s*)\*(?=\s*[,\]}])/g;
function parseBody(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    const quoted2 = text.replace(BARE_PLACEHOLDER, '$1"*"');
    if (quoted2 === text) throw e;
    try {
      return JSON.parse(quoted2);
    } catch {
      throw e;
    }
  }
}
function evaluateCloudWatchDashboardBody(input, policy) {
  const file = input.evidence.file ?? input.subject;
  const at2 = (message) => ({ file, ...input.evidence.line !== void 0 ? { line: input.evidence.line } : {}, message });
  let body;
  try {
    body = parseBody(input.body);
  } catch (e) {
    return { findings: [], errors: [at2(`DashboardBody of ${input.subject} is not valid JSON: ${e.message}`)] };
  }
  if (!isRecord(body) || !Array.isArray(body["widgets"])) {
    return { findings: [], errors: [at2(`DashboardBody of ${input.subject} is not a CloudWatch dashboard body (expected {"widgets": [...]})`)] };
  }
  const d = normalizeCloudWatch(body, "");
  if (input.dashboardName) d.title = input.dashboardName;
  const subject = input.dashboardName ? `dashboard "${input.dashboardName}" (${input.subject})` : input.subject;
  return evaluateNormalized(
    d,
    {
      file,
      subject,
      lineOf: () => input.evidence.line,
      evidenceFor: (panel) => ({ ...input.evidence, note: `widget ${panel.path} in the dashboard body` })
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
function intrinsicKey(value) {
  if (!isRecord(value)) return void 0;
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
  const path3 = [];
  const walk = (node) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path3.push(i);
        walk(node[i]);
        path3.pop();
      }
      return;
    }
    const key = soleKey(node);
    if (key?.startsWith("Fn::") && !KNOWN_INTRINSICS.has(key)) out.push({ key, pointer: childPointer(pointer, ...path3) });
    for (const k in node) {
      if (!Object.prototype.hasOwnProperty.call(node, k)) continue;
      path3.push(k);
      walk(node[k]);
      path3.pop();
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
  "AWS::IAM::Group": "GroupName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::Logs::LogGroup": "LogGroupName",
  "AWS::Kinesis::Stream": "Name",
  "AWS::RDS::DBInstance": "DBInstanceIdentifier",
  "AWS::RDS::DBCluster": "DBClusterIdentifier"
};
function namePattern(resource, ctx, depth = 0) {
  const prop = NAME_PROPERTIES[resource.Type];
  const raw = prop ? resource.Properties?.[prop] : void 0;
  return raw === void 0 ? void 0 : resolveText(raw, ctx, depth + 1).text;
}
function literalName(resource, ctx) {
  const text = namePattern(resource, ctx);
  return text === void 0 || text.includes("*") ? void 0 : text;
}
function fromResource(logicalId, attribute, ctx, depth) {
  const resource = ctx.resources[logicalId];
  const origin = `${resource?.Type ?? "resource"} ${logicalId} of ${ctx.stackLabel}`;
  if (!resource) return { text: "*" };
  const name = namePattern(resource, ctx, depth);
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
  if (!key || !isRecord(value)) return { text: "*" };
  const arg = value[key];
  switch (key) {
    case "Ref": {
      if (typeof arg !== "string") return { text: "*" };
      const p = pseudo(arg, ctx);
      if (p !== void 0) return { text: p };
      if (ctx.resources[arg]) return fromResource(arg, void 0, ctx, depth);
      return { text: "*" };
    }
    case "Fn::GetAtt": {
      const [id, attr] = Array.isArray(arg) ? arg : typeof arg === "string" ? arg.split(/\.(.*)/s) : [];
      return typeof id === "string" ? fromResource(id, typeof attr === "string" ? attr : "*", ctx, depth) : { text: "*" };
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
        else if (isRecord(vars) && name in vars) parts.push(resolveText(vars[name], ctx, depth + 1));
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
      const found = keys.reduce((node, k) => isRecord(node) ? node[k] : void 0, ctx.mappings);
      return found === void 0 || isRecord(found) ? { text: "*" } : resolveText(found, ctx, depth + 1);
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

// src/core/cfn/prod-resource-unprotected.ts
var RETAINING = /* @__PURE__ */ new Set(["Retain", "RetainExceptOnCreate"]);
var UNKNOWN_TYPE = { snapshot: false, source: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html" };
function policyGap(value, fallback, row, type) {
  if (value !== void 0 && typeof value !== "string") return "is not a literal value (an intrinsic cannot be shown to protect)";
  const policy = value ?? fallback;
  if (RETAINING.has(policy)) return void 0;
  if (policy === "Snapshot") return row.snapshot ? void 0 : `is Snapshot, which CloudFormation does not support for ${type}`;
  return `is ${policy}${value === void 0 ? " (the default)" : ""}`;
}
function deletionProtectionOn(resource, row) {
  const dp = row.deletionProtection;
  if (!dp) return false;
  const value = resource.Properties?.[dp.property];
  if (value === void 0) return dp.default;
  return dp.enabled.some((v) => v === value);
}
function advice(gaps, row, cdk) {
  const dp = row.deletionProtection?.property;
  if (cdk) {
    const removal = `removalPolicy: RemovalPolicy.${row.snapshot ? "SNAPSHOT (or RETAIN)" : "RETAIN"}`;
    if (!gaps.delete) return `Set ${removal} so the replaced resource is kept too (deletion protection does not stop a replacement).`;
    return `Set ${removal}${dp ? `, or turn on deletion protection (${dp}) against deletes` : ""}.`;
  }
  const attrs = gaps.delete ? "DeletionPolicy and UpdateReplacePolicy" : "UpdateReplacePolicy";
  return `Set ${attrs} to ${row.snapshot ? "Retain or Snapshot" : "Retain"}${gaps.delete && dp ? ` (or ${dp} against deletes)` : ""}.`;
}
var rule2 = {
  id: "prod-resource-unprotected",
  defaultSeverity: "error",
  evaluate(input, read, policy) {
    if (!read.production) return [];
    const findings = [];
    const at2 = (pointer) => {
      const line = input.lineOf?.(pointer);
      return { file: input.file, pointer, ...line !== void 0 ? { line } : {} };
    };
    const stateful = new Set(policy.destructive.statefulResourceTypes);
    const cdkStack = input.stagePath !== void 0;
    if (input.nestedIn === void 0 && input.terminationProtection !== true) {
      const known = input.terminationProtection === false;
      findings.push({
        rule: rule2.id,
        severity: known ? "error" : "warning",
        message: known ? `Production stack ${read.stackLabel} has no termination protection: one DeleteStack destroys it. ${cdkStack ? "Set terminationProtection: true on the stack." : "Turn on termination protection for the stack (aws cloudformation update-termination-protection)."}` : `Production stack ${read.stackLabel}: termination protection cannot be read from a template file; make sure the deployed stack has it.`,
        subject: read.stackLabel,
        evidence: [{ ...at2(""), note: known ? "terminationProtection is off in the cloud assembly" : "template file without stack settings" }],
        suppressed: null
      });
    }
    for (const [id, resource] of Object.entries(read.resources)) {
      if (!stateful.has(resource.Type)) continue;
      const row = policy.protection[resource.Type] ?? UNKNOWN_TYPE;
      if (row.partOf && resource.Properties?.[row.partOf.property] !== void 0) continue;
      const protectedFromDelete = deletionProtectionOn(resource, row);
      const deleteGap = protectedFromDelete ? void 0 : policyGap(resource.DeletionPolicy, row.defaultDeletionPolicy ?? "Delete", row, resource.Type);
      const replaceGap = policyGap(resource.UpdateReplacePolicy, "Delete", row, resource.Type);
      if (!deleteGap && !replaceGap) continue;
      const gaps = [
        ...deleteGap ? [`a stack delete destroys it (DeletionPolicy ${deleteGap})`] : [],
        ...replaceGap ? [`a replacement destroys it (UpdateReplacePolicy ${replaceGap}${protectedFromDelete ? "; deletion protection does not stop a replacement" : ""})`] : []
      ];
      const cdk = typeof resource.Metadata?.["aws:cdk:path"] === "string" || cdkStack;
      findings.push({
        rule: rule2.id,
        severity: "error",
        message: `Stateful production resource ${id} (${resource.Type}) is unprotected: ${gaps.join("; ")}. ${advice({ delete: deleteGap !== void 0 }, row, cdk)}`,
        subject: `${read.stackLabel}/${id}`,
        evidence: [{ ...at2(`/Resources/${id}`), note: `protection per CloudFormation: ${row.source}` }],
        suppressed: null
      });
    }
    return findings;
  }
};

// src/core/cfn/template.ts
import path from "node:path";
function isCloudFormationTemplate(value) {
  if (!isRecord(value)) return false;
  if ("AWSTemplateFormatVersion" in value) return true;
  const resources = value["Resources"];
  return isRecord(resources) && Object.values(resources).some(isTypedResource);
}
var isTypedResource = (r) => isRecord(r) && typeof r["Type"] === "string";
function untypedResourceErrors(input) {
  const { file, value, lineOf } = input;
  if (!isRecord(value) || !("Resources" in value)) return [];
  const error = (pointer, message) => {
    const line = lineOf?.(pointer);
    return { file, ...line !== void 0 ? { line } : {}, message };
  };
  const resources = value["Resources"];
  if (!isRecord(resources)) return [error("/Resources", "Resources is not a mapping of logical ids to resources: no resource of the template is evaluated (fail closed)")];
  return Object.entries(resources).filter(([, r]) => !isTypedResource(r)).map(([id]) => error(childPointer("/Resources", id), `resource ${id} has no Type (CloudFormation rejects the template): it is not evaluated (fail closed)`));
}
function templateLabel(input) {
  return input.stackName ?? path.basename(input.file).replace(/(\.template)?\.(json|ya?ml)$/i, "");
}
function templateProductionVerdict(input, policy) {
  const names = [input.stackName, input.stagePath, templateLabel(input)].filter((n) => Boolean(n));
  return productionVerdict({ names, tags: input.stackTags ?? {}, ...input.account ? { account: input.account } : {} }, policy.production);
}
function isTemplateProduction(input, policy) {
  return templateProductionVerdict(input, policy).production;
}
function nestedStackFiles(value) {
  const out = [];
  for (const [id, r] of Object.entries(resourcesOf(value))) {
    if (r.Type !== "AWS::CloudFormation::Stack") continue;
    const assetPath = r.Metadata?.["aws:asset:path"];
    const hash = /\b([0-9a-f]{64})\.json\b/.exec(JSON.stringify(r.Properties?.["TemplateURL"] ?? ""))?.[1];
    out.push({ resourceId: id, ...typeof assetPath === "string" ? { assetPath } : {}, ...hash ? { assetHash: hash } : {} });
  }
  return out;
}
function nestedStackInput(parent, resourceId, file, value, lineOf) {
  const parentLabel = templateLabel(parent);
  return {
    file,
    value,
    ...lineOf ? { lineOf } : {},
    stackName: `${parentLabel}.${resourceId}`,
    ...parent.stackTags ? { stackTags: parent.stackTags } : {},
    ...parent.account !== void 0 ? { account: parent.account } : {},
    ...parent.region !== void 0 ? { region: parent.region } : {},
    ...parent.terminationProtection !== void 0 ? { terminationProtection: parent.terminationProtection } : {},
    ...parent.stagePath !== void 0 ? { stagePath: parent.stagePath } : {},
    nestedIn: parentLabel
  };
}
function resourcesOf(value) {
  const resources = isRecord(value) && isRecord(value["Resources"]) ? value["Resources"] : {};
  const out = {};
  for (const [id, r] of Object.entries(resources)) if (isTypedResource(r)) out[id] = r;
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
    mappings: isRecord(input.value) && isRecord(input.value["Mappings"]) ? input.value["Mappings"] : {},
    ...input.account ? { account: input.account } : {},
    ...input.region ? { region: input.region } : {},
    ...input.stackName ? { stackName: input.stackName } : {},
    production,
    stackLabel: `stack ${stackLabel}`,
    exports
  };
}
var arnOf = (id, attribute = "Arn") => ({ "Fn::GetAtt": [id, attribute] });
var RESOURCE_POLICIES = {
  "AWS::S3::BucketPolicy": { read: (id, p) => ({ document: p["PolicyDocument"], pointer: `/Resources/${id}/Properties/PolicyDocument` }) },
  "AWS::SQS::QueuePolicy": { read: (id, p) => ({ document: p["PolicyDocument"], pointer: `/Resources/${id}/Properties/PolicyDocument` }) },
  "AWS::SNS::TopicPolicy": { read: (id, p) => ({ document: p["PolicyDocument"], pointer: `/Resources/${id}/Properties/PolicyDocument`, self: asList(p["Topics"])[0] }) },
  "AWS::SecretsManager::ResourcePolicy": { read: (id, p) => ({ document: p["ResourcePolicy"], pointer: `/Resources/${id}/Properties/ResourcePolicy`, self: p["SecretId"] }) },
  "AWS::KMS::Key": { read: (id, p) => p["KeyPolicy"] === void 0 ? void 0 : { document: p["KeyPolicy"], pointer: `/Resources/${id}/Properties/KeyPolicy`, self: arnOf(id) } },
  "AWS::ECR::Repository": {
    read: (id, p) => p["RepositoryPolicyText"] === void 0 ? void 0 : { document: p["RepositoryPolicyText"], pointer: `/Resources/${id}/Properties/RepositoryPolicyText`, self: arnOf(id) }
  },
  "AWS::DynamoDB::Table": {
    read: (id, p) => {
      const policy = isRecord(p["ResourcePolicy"]) ? p["ResourcePolicy"]["PolicyDocument"] : void 0;
      return policy === void 0 ? void 0 : { document: policy, pointer: `/Resources/${id}/Properties/ResourcePolicy/PolicyDocument`, self: arnOf(id) };
    }
  },
  "AWS::Backup::BackupVault": {
    read: (id, p) => p["AccessPolicy"] === void 0 ? void 0 : { document: p["AccessPolicy"], pointer: `/Resources/${id}/Properties/AccessPolicy`, self: arnOf(id, "BackupVaultArn") }
  },
  "AWS::Lambda::Permission": {
    // One statement in properties: Principal (an ARN or a service), Action, FunctionName.
    read: (id, p) => ({
      document: { Statement: { Effect: "Allow", Principal: { AWS: p["Principal"] }, Action: p["Action"], Resource: p["FunctionName"] } },
      pointer: `/Resources/${id}/Properties`,
      inProperties: true
    })
  }
};
var POLICY_TYPES = /* @__PURE__ */ new Set(["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy"]);
var KIND_LABELS = { role: "Role", user: "User" };
var asList = (v) => v === void 0 ? [] : Array.isArray(v) ? v : [v];
function deployedValues(value, pointer, depth = 0) {
  const branches = intrinsicKey(value) === "Fn::If" && isRecord(value) ? value["Fn::If"] : void 0;
  if (Array.isArray(branches) && branches.length === 3 && depth < 30) {
    return [1, 2].flatMap((i) => deployedValues(branches[i], childPointer(pointer, "Fn::If", i), depth + 1));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => deployedValues(v, childPointer(pointer, i), depth + 1));
  if (isRecord(value) && intrinsicKey(value) === "Ref" && value["Ref"] === "AWS::NoValue") return [];
  return value === void 0 ? [] : [{ value, pointer }];
}
function readTemplate(input, policy, exports = /* @__PURE__ */ new Map()) {
  const ctx = createContext(input, policy, exports);
  const { file, lineOf } = input;
  const label = templateLabel(input);
  const errors = [...untypedResourceErrors(input), ...unknownIntrinsicErrors(file, input.value, lineOf)];
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
    if (r.Type === "AWS::IAM::ManagedPolicy") {
      managedDocs.set(id, source(literalName(r, ctx) ?? id, r.Properties?.["PolicyDocument"], `/Resources/${id}/Properties/PolicyDocument`));
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
      (p, i) => isRecord(p) ? [source(resolveText(p["PolicyName"], ctx).text || `${id} policy ${i}`, p["PolicyDocument"], `${base}/Policies/${i}/PolicyDocument`)] : []
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
        asList(props["Tags"]).flatMap((t) => isRecord(t) && typeof t["Key"] === "string" ? [[t["Key"], resolveText(t["Value"], ctx).text]] : [])
      ),
      policies: inline,
      evidence: evidenceAt(`/Resources/${id}`)
    };
    if (kind === "role" && props["AssumeRolePolicyDocument"] !== void 0) {
      principal.trustPolicy = source(`${id} trust policy`, props["AssumeRolePolicyDocument"], `${base}/AssumeRolePolicyDocument`);
    }
    for (const { value, pointer } of deployedValues(props["ManagedPolicyArns"], `${base}/ManagedPolicyArns`)) attachManaged(principal, value, pointer);
    if (props["PermissionsBoundary"] !== void 0) {
      const refId = refTarget(props["PermissionsBoundary"]);
      principal.boundary = refId && managedDocs.get(refId) || "unresolved";
    }
    principals.set(id, principal);
  }
  for (const principal of principals.values()) {
    if (principal.trustPolicy) principal.trustPolicy.document = resolveTrustPrincipals(principal.trustPolicy.document);
  }
  function resolveTrustPrincipals(document) {
    if (!isRecord(document)) return document;
    const statement = document["Statement"];
    const resolveStatement = (st) => {
      if (!isRecord(st) || !isRecord(st["Principal"])) return st;
      const principal = Object.fromEntries(
        Object.entries(st["Principal"]).map(([type, value]) => [type, Array.isArray(value) ? value.map(principalText) : principalText(value)])
      );
      return { ...st, Principal: principal };
    };
    return { ...document, Statement: Array.isArray(statement) ? statement.map(resolveStatement) : resolveStatement(statement) };
  }
  function principalText(value) {
    if (typeof value === "string" || intrinsicKey(value) === void 0) return value;
    const refId = refTarget(value);
    const local = refId ? principals.get(refId) : void 0;
    if (local) return local.arn ?? value;
    const text = resolveText(value, ctx).text;
    return text === "" ? value : text;
  }
  function refTarget(value) {
    const key = intrinsicKey(value);
    const arg = key && isRecord(value) ? value[key] : void 0;
    if (key === "Ref") return typeof arg === "string" ? arg : void 0;
    if (key !== "Fn::GetAtt") return void 0;
    const id = Array.isArray(arg) ? arg[0] : typeof arg === "string" ? arg.split(".")[0] : void 0;
    return typeof id === "string" ? id : void 0;
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
    const known = refId ? principals.get(refId) : void 0;
    if (known) return known;
    const name = resolveText(ref, ctx).text;
    const local = byLiteralName.get(`${kind}:${name}`);
    const byName = local ? principals.get(local) : void 0;
    if (byName) return byName;
    if (!name || name.includes("*")) return unresolvedPrincipal(kind, describeName(ref), pointer);
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
  function describeName(ref) {
    const key = intrinsicKey(ref);
    const arg = isRecord(ref) && key ? ref[key] : void 0;
    if (key === "Ref" && typeof arg === "string") return `named by parameter ${arg}`;
    if (key === "Fn::ImportValue") return `named by Fn::ImportValue ${resolveText(arg, ctx).text}`;
    const text = resolveText(ref, ctx).text;
    return text ? `named ${text}` : "with no name";
  }
  function unresolvedPrincipal(kind, description, pointer) {
    const key = `unresolved:${kind}:${description}`;
    let principal = principals.get(key);
    if (!principal) {
      principal = {
        kind,
        subject: `${label}/${kind} ${description}`,
        name: `${kind} ${description}`,
        label: `${KIND_LABELS[kind]} ${description}`,
        ...ctx.account ? { account: ctx.account } : {},
        production: ctx.production,
        tags: {},
        policies: [],
        evidence: { ...evidenceAt(pointer), note: `${kind} ${description} cannot be resolved from the template` },
        assumeAgent: `its name cannot be resolved from the template, so it may be an agent's (fail closed)`
      };
      principals.set(key, principal);
    }
    return principal;
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
      const names = deployedValues(props[nameKey], `${base}/${nameKey}`);
      for (const { value, pointer } of names.length ? names : [{ value: props[nameKey], pointer: `${base}/${nameKey}` }]) attach(kind, value, pointer, inline);
      continue;
    }
    if (!doc) continue;
    for (const [kind, key] of attachments) {
      for (const { value, pointer } of deployedValues(props[key], `${base}/${key}`)) attach(kind, value, pointer, doc);
    }
  }
  function attach(kind, ref, pointer, doc) {
    if (kind === "group") {
      const groupId = groupOf(ref);
      if (groupId === void 0) addPolicy(unresolvedPrincipal("user", `a member of group ${describeName(ref)}`, pointer), doc);
      else groupPolicies.set(groupId, [...groupPolicies.get(groupId) ?? [], doc]);
      return;
    }
    addPolicy(target(kind, ref, pointer), doc);
  }
  function addPolicy(principal, doc) {
    if (!principal.policies.includes(doc)) principal.policies.push(doc);
  }
  function groupOf(ref) {
    const refId = refTarget(ref);
    if (refId && ctx.resources[refId]?.Type === "AWS::IAM::Group") return refId;
    return byLiteralName.get(`group:${resolveText(ref, ctx).text}`);
  }
  function joinGroup(user, ref, pointer) {
    const groupId = groupOf(ref);
    if (groupId !== void 0) {
      for (const doc of groupPolicies.get(groupId) ?? []) addPolicy(user, doc);
      return;
    }
    const unresolved = { arn: `policies of group ${describeName(ref)}`, evidence: { ...evidenceAt(pointer), note: "group not defined in this template: its policies are not verified (fail closed)" } };
    user.unresolvedPolicies = [...user.unresolvedPolicies ?? [], unresolved];
  }
  for (const [id, r] of Object.entries(ctx.resources)) {
    if (r.Type === "AWS::IAM::User") {
      const user = principals.get(id);
      for (const { value, pointer } of deployedValues(r.Properties?.["Groups"], `/Resources/${id}/Properties/Groups`)) if (user) joinGroup(user, value, pointer);
    }
    if (r.Type === "AWS::IAM::UserToGroupAddition") {
      const base = `/Resources/${id}/Properties`;
      for (const { value, pointer } of deployedValues(r.Properties?.["Users"], `${base}/Users`)) joinGroup(target("user", value, pointer), r.Properties?.["GroupName"], `${base}/GroupName`);
    }
  }
  for (const [id, r] of Object.entries(ctx.resources)) {
    const kind = RESOURCE_POLICIES[r.Type];
    if (!kind) continue;
    const props = r.Properties ?? {};
    const read = kind.read(id, props);
    if (!read) continue;
    const byPrincipal = /* @__PURE__ */ new Map();
    asList(isRecord(read.document) ? read.document["Statement"] : void 0).forEach((statement, index) => {
      if (!isRecord(statement) || statement["Effect"] !== "Allow") return;
      const listed = Array.isArray(isRecord(read.document) ? read.document["Statement"] : void 0);
      const pointer = read.inProperties ? read.pointer : listed ? `${read.pointer}/Statement/${index}` : `${read.pointer}/Statement`;
      for (const principal of namedPrincipals(statement["Principal"], `${pointer}/Principal`)) {
        let entry = byPrincipal.get(principal);
        if (!entry) byPrincipal.set(principal, entry = { statements: [], origins: [] });
        const { Principal: _principal, Sid: _sid, ...rest } = statement;
        const resource = rest["Resource"] === void 0 || read.self !== void 0 && rest["Resource"] === "*" ? read.self ?? "*" : rest["Resource"];
        entry.statements.push(rest["NotResource"] !== void 0 ? rest : { ...rest, Resource: resource });
        entry.origins.push({ pointer, index });
      }
    });
    for (const [principal, entry] of byPrincipal) {
      principal.policies.push({
        ...source(`${r.Type} ${id}`, { Version: "2012-10-17", Statement: entry.statements }, read.pointer),
        statementOrigins: entry.origins
      });
    }
  }
  function namedPrincipals(principal, pointer) {
    if (!isRecord(principal)) return [];
    const out = [];
    for (const value of asList(principal["AWS"])) {
      const getAtt = intrinsicKey(value) === "Fn::GetAtt" && isRecord(value) ? value["Fn::GetAtt"] : void 0;
      const attId = Array.isArray(getAtt) && typeof getAtt[0] === "string" ? getAtt[0] : typeof getAtt === "string" ? getAtt.split(".")[0] : void 0;
      const local = attId ? principals.get(attId) : void 0;
      if (local) {
        out.push(local);
        continue;
      }
      const arn = /^arn:[^:]+:iam::(\d{12}|\*):(role|user)\/(?:.*\/)?([^/]+)$/.exec(resolveText(value, ctx).text);
      if (!arn?.[2] || !arn[3] || arn[3].includes("*")) continue;
      out.push(target(arn[2], arn[3], pointer));
    }
    return out;
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
  const outputs = isRecord(input.value) && isRecord(input.value["Outputs"]) ? input.value["Outputs"] : {};
  const ctx = createContext(input, policy, into);
  for (const output of Object.values(outputs)) {
    if (!isRecord(output) || !isRecord(output["Export"])) continue;
    const name = resolveText(output["Export"]["Name"], ctx).text;
    if (!name || name.includes("*")) continue;
    into.set(name, resolveResourceRef(output["Value"], ctx));
  }
}

// src/core/cfn/evaluate.ts
var SUPPRESSION_METADATA_KEY = "agent-guardrail";
var MIN_REASON_LENGTH = 10;
function readSuppressions(metadata, by, pointer, input, errors) {
  const block = isRecord(metadata) ? metadata[SUPPRESSION_METADATA_KEY] : void 0;
  if (block === void 0) return [];
  const entries = isRecord(block) && Array.isArray(block["suppressions"]) ? block["suppressions"] : void 0;
  const line = input.lineOf?.(pointer);
  const fail = (message) => errors.push({ file: input.file, ...line !== void 0 ? { line } : {}, message: `${message} at ${pointer}; it suppresses nothing` });
  if (!entries) {
    fail(`metadata "${SUPPRESSION_METADATA_KEY}" needs a "suppressions" list`);
    return [];
  }
  const out = [];
  for (const entry of entries) {
    const ruleId = isRecord(entry) ? entry["rule"] : void 0;
    const reason = isRecord(entry) && typeof entry["reason"] === "string" ? entry["reason"].trim() : "";
    if (typeof ruleId !== "string" || !RULE_IDS.includes(ruleId)) fail(`suppression for unknown rule ${JSON.stringify(ruleId)}`);
    else if (reason.length < MIN_REASON_LENGTH) fail(`suppression of ${ruleId} needs a reason of at least ${MIN_REASON_LENGTH} characters`);
    else out.push({ rule: ruleId, reason, by });
  }
  return out;
}
function resourcesOfFinding(finding, read, file) {
  const ids = /* @__PURE__ */ new Set();
  const prefix = `${read.stackLabel}/`;
  if (finding.subject.startsWith(prefix)) ids.add(finding.subject.slice(prefix.length));
  for (const e of finding.evidence) {
    if (e.file !== file || !e.pointer?.startsWith("/Resources/")) continue;
    const id = parsePointer(e.pointer)[1];
    if (id) ids.add(id);
  }
  return ids;
}
function applyMetadataSuppressions(findings, input, read, errors) {
  const stackWide = readSuppressions(isRecord(input.value) ? input.value["Metadata"] : void 0, `${read.stackLabel} template metadata`, "/Metadata", input, errors);
  const byResource = /* @__PURE__ */ new Map();
  for (const [id, r] of Object.entries(read.resources)) {
    const list = readSuppressions(r.Metadata, `${read.stackLabel}/${id} metadata`, `/Resources/${id}/Metadata`, input, errors);
    if (list.length) byResource.set(id, list);
  }
  if (!stackWide.length && !byResource.size) return findings;
  return findings.map((f) => {
    if (f.suppressed) return f;
    const resources = resourcesOfFinding(f, read, input.file);
    const candidates = [...resources].flatMap((id) => byResource.get(id) ?? []).concat(resources.size === 0 ? stackWide : []);
    const match = candidates.find((s) => s.rule === f.rule);
    return match ? { ...f, suppressed: { reason: match.reason, by: match.by } } : f;
  });
}
function dashboardFindings(input, read, policy) {
  const findings = [];
  const errors = [];
  for (const [id, r] of Object.entries(read.resources)) {
    if (r.Type !== "AWS::CloudWatch::Dashboard" || r.Properties?.["DashboardBody"] === void 0) continue;
    const pointer = `/Resources/${id}/Properties/DashboardBody`;
    const line = input.lineOf?.(pointer);
    const name = r.Properties["DashboardName"] !== void 0 ? resolveText(r.Properties["DashboardName"], read.context).text : void 0;
    const result = evaluateCloudWatchDashboardBody(
      {
        body: resolveText(r.Properties["DashboardBody"], read.context).text,
        subject: `${read.stackLabel}/${id}`,
        evidence: { file: input.file, pointer, ...line !== void 0 ? { line } : {} },
        ...name && !name.includes("*") ? { dashboardName: name } : {}
      },
      policy
    );
    findings.push(...result.findings);
    errors.push(...result.errors);
  }
  return { findings, errors };
}
function withProductionReason(findings, input, read, policy) {
  const verdict = templateProductionVerdict(input, policy);
  if (!verdict.production || !verdict.failClosed) return findings;
  const note = ` Stack ${read.stackLabel} counts as production because ${verdict.reason}.`;
  const sentence = (m) => /[.!?]$/.test(m.trimEnd()) ? m.trimEnd() : `${m.trimEnd()}.`;
  return findings.map((f) => PRODUCTION_RULES.has(f.rule) ? { ...f, message: `${sentence(f.message)}${note}` } : f);
}
var PRODUCTION_RULES = /* @__PURE__ */ new Set(["agent-destructive-prod", "agent-privilege-escalation", "prod-resource-unprotected"]);
function evaluateTemplates(inputs, policy, catalogue) {
  const exports = /* @__PURE__ */ new Map();
  for (const input of inputs) collectExports(input, policy, exports);
  const findings = [];
  const errors = [];
  for (const input of inputs) {
    const read = readTemplate(input, policy, exports);
    errors.push(...read.errors);
    const iam = evaluateIam(read.iam, policy, catalogue);
    errors.push(...iam.errors);
    const dashboards = dashboardFindings(input, read, policy);
    errors.push(...dashboards.errors);
    const own = withProductionReason([...iam.findings, ...rule2.evaluate(input, read, policy), ...dashboards.findings], input, read, policy);
    findings.push(...applyMetadataSuppressions(own, input, read, errors));
  }
  return { findings: findings.sort(compareFindings), errors };
}

// src/core/iam/policy-file.ts
function isPolicyDocument(value) {
  if (!isRecord(value) || !("Statement" in value)) return false;
  if ("Resources" in value || "AWSTemplateFormatVersion" in value) return false;
  const statements = Array.isArray(value["Statement"]) ? value["Statement"] : [value["Statement"]];
  if ("Version" in value) return true;
  return statements.length > 0 && statements.every((s) => isRecord(s) && ("Effect" in s || "Action" in s || "NotAction" in s));
}
function readPolicyDocumentFile(value, file, lineOf) {
  const line = lineOf?.("");
  const principal = {
    kind: "role",
    subject: file,
    name: file,
    production: true,
    tags: {},
    policies: [
      {
        name: file,
        document: value,
        evidence: { file, pointer: "", ...line !== void 0 ? { line } : {} },
        ...lineOf ? { lineOf } : {}
      }
    ],
    evidence: { file, ...line !== void 0 ? { line } : {} },
    assumeAgent: "a bare policy document is evaluated as if attached to an agent role in a production account",
    label: `Policy ${file}, if attached to an agent role,`
  };
  return { input: { principals: [principal], production: true }, errors: [] };
}

// src/core/inputs.ts
function detectKind(value) {
  if (isCloudFormationTemplate(value)) return "cloudformation-template";
  if (isAuthorizationDetails(value)) return "authorization-details";
  if (isPolicyDocument(value)) return "policy-document";
  if (isDashboard(value)) return "dashboard";
  return void 0;
}
function evaluateInput(input, kind, policy, catalogue) {
  switch (kind) {
    case "authorization-details": {
      const read = readAuthorizationDetails(input.value, input.file, input.lineOf);
      const evaluated = evaluateIam(read.input, policy, catalogue);
      return { findings: evaluated.findings, errors: [...read.errors, ...evaluated.errors] };
    }
    case "policy-document": {
      const read = readPolicyDocumentFile(input.value, input.file, input.lineOf);
      const evaluated = evaluateIam(read.input, policy, catalogue);
      return { findings: evaluated.findings, errors: [...read.errors, ...evaluated.errors] };
    }
    case "dashboard":
      return evaluateDashboardFile(input, policy);
  }
}

// src/cli/scan-run.ts
async function assetFiles(dir) {
  const out = /* @__PURE__ */ new Map();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith(".assets.json")).sort()) {
    const parsed = await readParsedFile(path2.join(dir, name), DEFAULT_MAX_FILE_BYTES, true);
    const files = "value" in parsed && isRecord(parsed.value) && isRecord(parsed.value["files"]) ? parsed.value["files"] : {};
    for (const [hash, entry] of Object.entries(files)) {
      const source = isRecord(entry) && isRecord(entry["source"]) ? entry["source"]["path"] : void 0;
      if (typeof source === "string") out.set(hash, source);
    }
  }
  return out;
}
function lazy(make) {
  let value;
  return () => (value ??= { v: make() }).v;
}
async function readNestedStacks(parent, dir, maxBytes, errors, assets = lazy(() => assetFiles(dir))) {
  const out = [];
  for (const nested of nestedStackFiles(parent.value)) {
    const assetPath = nested.assetPath ?? (nested.assetHash ? (await assets()).get(nested.assetHash) : void 0);
    if (assetPath === void 0) {
      errors.push({ file: parent.file, message: `nested stack ${nested.resourceId}: its template is not in the cloud assembly, so it cannot be evaluated` });
      continue;
    }
    const file = path2.join(dir, assetPath);
    const parsed = await readParsedFile(file, maxBytes, true);
    if (!("value" in parsed)) {
      errors.push({ ...parsed, message: `nested stack ${nested.resourceId} of ${parent.file}: ${parsed.message}` });
      continue;
    }
    const input = nestedStackInput(parent, nested.resourceId, file, parsed.value, parsed.lineOf);
    out.push(input, ...await readNestedStacks(input, dir, maxBytes, errors, assets));
  }
  return out;
}
async function readAssembly(dir, maxBytes, seen = /* @__PURE__ */ new Set()) {
  const manifestFile = path2.join(dir, "manifest.json");
  const resolved = path2.resolve(dir);
  if (seen.has(resolved)) return { templates: [], errors: [] };
  seen.add(resolved);
  const manifest = await readParsedFile(manifestFile, maxBytes, true);
  if (!("value" in manifest)) return { templates: [], errors: [manifest] };
  const { stacks, nestedAssemblies, errors } = readAssemblyManifest(manifest.value, dir);
  const templates = [];
  for (const stack of stacks) {
    const parsed = await readParsedFile(stack.templateFile, maxBytes, true);
    if (!("value" in parsed)) {
      errors.push(parsed);
      continue;
    }
    const input = {
      file: stack.templateFile,
      value: parsed.value,
      lineOf: parsed.lineOf,
      stackName: stack.stackName,
      stackTags: stack.tags,
      ...stack.account !== void 0 ? { account: stack.account } : {},
      ...stack.region !== void 0 ? { region: stack.region } : {},
      ...stack.terminationProtection !== void 0 ? { terminationProtection: stack.terminationProtection } : {},
      ...stack.stagePath !== void 0 ? { stagePath: stack.stagePath } : {}
    };
    templates.push(input, ...await readNestedStacks(input, dir, maxBytes, errors));
  }
  for (const nested of nestedAssemblies) {
    const inner = await readAssembly(nested, maxBytes, seen);
    templates.push(...inner.templates);
    errors.push(...inner.errors);
  }
  return { templates, errors };
}
async function runScan(paths, policy, maxBytes = DEFAULT_MAX_FILE_BYTES) {
  const collected = await collectInputs(paths.length ? paths : ["."], maxBytes);
  const report = { findings: [], errors: [...collected.errors], inputs: 0 };
  const catalogue = loadCatalogue();
  const looseTemplates = [];
  let skipped = 0;
  for (const file of collected.files) {
    const kind = detectKind(file.value);
    if (!kind) {
      if (file.explicit) {
        report.errors.push({
          file: file.file,
          message: "not a recognized input: expected a CloudFormation template, an IAM policy document, get-account-authorization-details output, or a dashboard"
        });
      } else skipped++;
      continue;
    }
    report.inputs++;
    if (kind === "cloudformation-template") {
      looseTemplates.push({ file: file.file, value: file.value, lineOf: file.lineOf });
      continue;
    }
    const evaluated = guardedEvaluation(file.file, () => evaluateInput(file, kind, policy, catalogue));
    report.findings.push(...evaluated.findings);
    report.errors.push(...evaluated.errors);
  }
  const templateSets = looseTemplates.length ? [looseTemplates] : [];
  for (const dir of collected.assemblies) {
    const assembly = await readAssembly(dir, maxBytes);
    report.errors.push(...assembly.errors);
    if (assembly.templates.length === 0 && assembly.errors.length === 0) {
      report.errors.push({ file: path2.join(dir, "manifest.json"), message: "cloud assembly lists no stacks" });
    }
    report.inputs += assembly.templates.length;
    if (assembly.templates.length) templateSets.push(assembly.templates);
  }
  for (const set of templateSets) {
    const evaluated = evaluateTemplateSet(set, (templates) => evaluateTemplates(templates, policy, catalogue));
    report.findings.push(...evaluated.findings);
    report.errors.push(...evaluated.errors);
  }
  if (skipped) report.notes = [`${skipped} file${skipped === 1 ? "" : "s"} found while walking directories ${skipped === 1 ? "is" : "are"} not a recognized input and ${skipped === 1 ? "was" : "were"} skipped`];
  if (report.inputs === 0 && report.errors.length === 0) {
    report.errors.push({ file: paths.join(" ") || ".", message: "no inputs found to scan (templates, cdk.out, policies, authorization details, dashboards)" });
  }
  return report;
}
export {
  runScan
};
