/**
 * Decides what a dashboard's panels measure: AI-coding-tool adoption, incidents, and whether a
 * usage target is set. Vocabulary comes from policies/dashboards.yaml (Policy.dashboards.vocabulary).
 *
 * A panel is an adoption panel when it measures use (an adoption term in its title, text or
 * queries) AND an AI coding tool is in view: named in the panel's title or text, in the
 * dashboard's title, description or tags, or in a metric or table name of its queries. Label and
 * dimension values never name the tool (they name services: `job="copilot"`), and a panel that
 * measures a resource (CPU, memory, disk) is infrastructure, whatever service it belongs to.
 */
import type { DashboardVocabulary, NamedTool } from "../policy.js";
import { identifiersOnly, toolLabelValues } from "./identifiers.js";
import type { NormalizedDashboard, Panel, PanelThreshold } from "./model.js";
import { stripNegated } from "./negation.js";
import { shownText } from "./markup.js";
import { matchedTerms, normalizeTerm, TermMatcher, tokenize } from "./tokenize.js";

// What a vocabulary term stands for; a term may be in several lists.
const TOOL = 1; // names an AI coding tool anywhere, metric names included
const TOOL_PROSE = 2; // names one only in titles, descriptions, tags and markdown
const ADOPTION = 4;
const INCIDENT = 8;
const TOOL_ERROR = 16;
const TARGET = 32;
const INFRASTRUCTURE = 64;
const EFFICIENCY = 128;
const NAMESAKE = 256; // another product that shares a tool's name
const NOT_INCIDENT = 512; // holds an incident word and names something else ("xact rollback")
const ANY_TOOL = TOOL | TOOL_PROSE;

interface CompiledVocabulary {
  /** Adoption terms in vocabulary order (reported in that order). */
  adoption: string[];
  all: Pick<TermMatcher, "match" | "matchText">;
  /** Normalized term → the lists it is in (bits above). */
  kinds: Map<string, number>;
  /** Normalized tool term → the tool's name ("claude code" → "Claude Code"). */
  toolOf: Map<string, string>;
  /** Lower-case label and tag keys whose values name a tool. */
  toolKeys: Set<string>;
  /** Namesake term → the tool whose name it shares ("microsoft copilot" → "GitHub Copilot"). */
  namesakeOf: Map<string, string>;
  /** Tool → the terms its namesakes share with it: they do not name it where a namesake is named. */
  sharedOf: Map<string, Set<string>>;
  /** Not-incident phrase → the incident terms it holds ("xact rollback" → rollback, rollbacks). */
  covers: Map<string, string[]>;
  /**
   * The word that names what an efficiency or reliability measure measures ("cache" of "cache hit",
   * "success" of "success rate"), unless an adoption term holds it too ("cost" of "cost per"): a
   * column header abbreviates the measure ("Cache %").
   */
  efficiencyWords: Set<string>;
}

const compiled = new WeakMap<DashboardVocabulary, CompiledVocabulary>();

/** What `codingToolWords` name: a coding tool without a brand. */
const GENERIC_TOOL = "an AI coding tool";

const normalized = (terms: readonly string[]): string[] => [...new Set(terms.map(normalizeTerm).filter(Boolean))];

function compile(v: DashboardVocabulary): CompiledVocabulary {
  let c = compiled.get(v);
  if (!c) {
    const toolOf = new Map<string, string>();
    const toolTerms = (tools: readonly NamedTool[], key: "terms" | "proseTerms"): string[] =>
      tools.flatMap((t) =>
        normalized(t[key]).map((term) => {
          if (!toolOf.has(term)) toolOf.set(term, t.name);
          return term;
        }),
      );
    // Tools first: a term that is also a generic coding word names the tool.
    const terms = toolTerms(v.codingTools, "terms");
    const proseTerms = toolTerms(v.codingTools, "proseTerms");
    const codingWords = normalized(v.codingToolWords);
    for (const w of codingWords) if (!toolOf.has(w)) toolOf.set(w, GENERIC_TOOL);
    const adoption = normalized(v.adoption);
    const namesakeOf = new Map<string, string>();
    const sharedOf = new Map<string, Set<string>>();
    for (const t of v.codingTools) {
      for (const n of normalized(t.namesakes ?? [])) namesakeOf.set(n, t.name);
      if (t.sharedTerms?.length) sharedOf.set(t.name, new Set(normalized(t.sharedTerms)));
    }
    const incidents = normalized(v.incidents);
    const notIncidents = normalized(v.notIncidents ?? []);
    // A phrase holds an incident term when it holds its words, singular or plural: "xact rollback" the database's "Rollbacks".
    const covers = new Map<string, string[]>();
    for (const phrase of notIncidents) {
      const words = new Set(phrase.split(" ").flatMap((w) => [w, w.endsWith("s") ? w.slice(0, -1) : `${w}s`]));
      covers.set(phrase, incidents.filter((t) => t.split(" ").every((w) => words.has(w))));
    }
    const lists: [string[], number][] = [
      [[...terms, ...codingWords], TOOL],
      [proseTerms, TOOL_PROSE],
      [adoption, ADOPTION],
      [[...incidents, ...normalized(v.incidentTools.flatMap((t) => [...t.terms, ...t.proseTerms]))], INCIDENT],
      [notIncidents, NOT_INCIDENT],
      [normalized(v.toolErrors), TOOL_ERROR],
      [normalized(v.targets), TARGET],
      [normalized(v.infrastructure), INFRASTRUCTURE],
      [normalized(v.efficiency), EFFICIENCY],
      [[...namesakeOf.keys()], NAMESAKE],
    ];
    const kinds = new Map<string, number>();
    for (const [terms, kind] of lists) for (const t of terms) kinds.set(t, (kinds.get(t) ?? 0) | kind);
    const adoptionWords = new Set(adoption.flatMap((t) => t.split(" ")));
    const efficiencyWords = new Set(normalized(v.efficiency).flatMap((t) => t.split(" ").slice(0, 1)).filter((w) => !adoptionWords.has(w)));
    const matcher = new TermMatcher(lists.flatMap(([terms]) => terms));
    c = { adoption, all: withoutNotNames(matcher, v.codingTools.flatMap((t) => t.notNames ?? [])), kinds, toolOf, toolKeys: new Set(v.toolLabels.map((k) => k.toLowerCase())), namesakeOf, sharedOf, covers, efficiencyWords };
    compiled.set(v, c);
  }
  return c;
}

/**
 * A matcher that reads no word of a phrase in which a tool's name means something else (`notNames`:
 * "moving your cursor over" a chart is the mouse's). The phrase is blanked in the text where it
 * stands, so the same name elsewhere in the text, or in another one, still names the tool (unlike a
 * namesake, which makes a shared name the other product's wherever it is named).
 */
function withoutNotNames(matcher: TermMatcher, phrases: readonly string[]): Pick<TermMatcher, "match" | "matchText"> {
  const words = phrases.map((p) => p.trim().split(/\s+/).filter(Boolean)).filter((w) => w.length > 0);
  if (words.length === 0) return matcher;
  const escaped = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`\\b(?:${words.map((w) => w.map(escaped).join("[\\s_-]+")).join("|")})\\b`, "gi");
  const mask = (text: string): string => text.replace(pattern, " ");
  return {
    match: (texts, found) => matcher.match(texts.map(mask), found),
    matchText: (text, found) => matcher.matchText(mask(text), found),
  };
}

/**
 * The lists that the terms found are in: one lookup per term found rather than per term listed.
 * Incident terms a not-incident phrase found there holds ("rollback" of "xact rollback") record none.
 */
function kindsOf(found: ReadonlySet<string>, v: CompiledVocabulary): number {
  let kinds = 0;
  for (const t of found) kinds |= v.kinds.get(t) ?? 0;
  if ((kinds & NOT_INCIDENT) === 0 || (kinds & INCIDENT) === 0) return kinds;
  const covered = new Set<string>();
  for (const t of found) for (const c of v.covers.get(t) ?? []) covered.add(c);
  for (const t of found) if ((v.kinds.get(t) ?? 0) & INCIDENT && !covered.has(t)) return kinds;
  return kinds & ~INCIDENT;
}

const NO_SHADOW: ReadonlySet<string> = new Set();

/** The tools whose namesakes the terms found name, added to `also`. */
function shadowedBy(found: ReadonlySet<string>, v: CompiledVocabulary, also: ReadonlySet<string> = NO_SHADOW): ReadonlySet<string> {
  let shadowed: Set<string> | undefined;
  for (const t of found) {
    const tool = v.namesakeOf.get(t);
    if (tool !== undefined && !also.has(tool)) (shadowed ??= new Set(also)).add(tool);
  }
  return shadowed ?? also;
}

/**
 * The tools named by the terms found (`mask`: which tool terms count here), in the order found. A
 * term a tool shares with a namesake named in the same place (`shadowed`) names no tool.
 */
function toolsIn(found: ReadonlySet<string>, v: CompiledVocabulary, mask: number, shadowed: ReadonlySet<string> = NO_SHADOW): string[] {
  const tools = new Set<string>();
  for (const t of found) {
    if (!((v.kinds.get(t) ?? 0) & mask)) continue;
    const tool = v.toolOf.get(t) ?? t;
    if (shadowed.has(tool) && v.sharedOf.get(tool)?.has(t)) continue;
    tools.add(tool);
  }
  // "an AI coding tool" says nothing more once a tool is named.
  if (tools.size > 1) tools.delete(GENERIC_TOOL);
  return [...tools];
}

/** "tokens, token" reads as "tokens": a term is dropped when its plural was found too. */
function withoutPlurals(terms: readonly string[]): string[] {
  const found = new Set(terms);
  return terms.filter((t) => !found.has(`${t}s`));
}

/**
 * The AI coding tools and the adoption terms that texts name: what makes a file the readers do not
 * know look like an adoption dashboard. The tools' telemetry names count anywhere; the words that
 * are ordinary elsewhere (Cursor, Devin, Tabby: `proseTerms`) only when the texts are `prose`, what
 * the dashboard shows its reader (titles, descriptions, tags), as a reader counts them.
 */
export function adoptionWordsIn(texts: readonly string[], vocabulary: DashboardVocabulary, prose = false, namesakesIn: readonly string[] = []): { tools: string[]; terms: string[] } {
  const v = compile(vocabulary);
  const found = v.all.match(texts);
  // A namesake named anywhere in `namesakesIn` (a file judged as one whole: a link action, a metric) shadows the shared name too.
  const elsewhere = namesakesIn.length > 0 ? shadowedBy(v.all.match(namesakesIn), v) : NO_SHADOW;
  return { tools: toolsIn(found, v, prose ? ANY_TOOL : TOOL, shadowedBy(found, v, elsewhere)), terms: withoutPlurals(matchedTerms(found, v.adoption)) };
}

/** Where the tool of an adoption panel is named: shown in the evidence. */
export type ToolSource = "panel" | "dashboard" | "query";

export interface AdoptionPanel {
  panel: Panel;
  /** The adoption terms that matched, for the message and evidence. */
  terms: string[];
  /** The AI coding tools in view and where they were named. */
  tools: string[];
  toolSource: ToolSource;
}

export interface UsageTarget {
  panel: Panel;
  why: string;
}

export interface Classification {
  adoptionPanels: AdoptionPanel[];
  incidentPanels: Panel[];
  /** Panels named for incidents that show no data (no query): they record none. */
  emptyIncidentPanels: Panel[];
  targets: UsageTarget[];
}

/** Grafana names ("green", "semi-dark-green"), Datadog palettes mapped to "green", and green-dominant hex/rgb. */
export function isGreen(color: string | undefined): boolean {
  if (!color) return false;
  const c = color.trim().toLowerCase();
  if (c.includes("green")) return true;
  let rgb: number[] | undefined;
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(c);
  if (hex?.[1]) rgb = [0, 2, 4].map((i) => parseInt(hex[1]!.slice(i, i + 2), 16));
  const fn = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(c);
  if (fn) rgb = [Number(fn[1]), Number(fn[2]), Number(fn[3])];
  if (!rgb) return false;
  const [r, g, b] = rgb as [number, number, number];
  return g > r + 30 && g > b + 30;
}

const NUMBER = /\d/;

function excerpt(text: string): string {
  const flat = text.replace(/[#*_`>]/g, "").replace(/\s+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/**
 * Whether a column is named for an efficiency or reliability measure: an efficiency term ("Cache
 * hit", "p95 latency"), or, naming no adoption measure, its leading word ("Cache %", "Errors").
 */
function namesEfficiency(field: string, v: CompiledVocabulary): boolean {
  const kinds = kindsOf(v.all.matchText(field, new Set<string>()), v);
  if (kinds & EFFICIENCY) return true;
  return (kinds & ADOPTION) === 0 && tokenize(field).some((w) => v.efficiencyWords.has(w));
}

function thresholdTarget(t: PanelThreshold, v: CompiledVocabulary): string | undefined {
  // A threshold scoped to columns (a field override) sets a target on them only: one on cache
  // hits or errors is no bar on use, however much use the panel's other columns count.
  if (t.fields && t.fields.every((f) => namesEfficiency(f, v))) return undefined;
  if (t.label && kindsOf(v.all.matchText(t.label, new Set()), v) & TARGET) return `"${t.label}" line${t.value !== null ? ` at ${t.value}` : ""}`;
  // Grafana's default base step is green with value null; only a step that *turns* the panel green sets a bar to reach.
  // Green below a line is a cap (spend under budget), not a bar to reach.
  // A step turns nothing green where the values below it are green already; nor does one from 0
  // with no colour the author chose below it (Perses's `{value: 0, color: green}`, no default
  // colour): every count of use is green, none is left to reach it. Below a step from 0 in a colour
  // the author chose (red below 0 on a growth), or below one above 0 (Perses's theme colour), it is a bar.
  const turnsGreen = t.under === undefined || (t.under.color !== undefined ? !isGreen(t.under.color) : t.value !== null && t.value > 0);
  if (t.value !== null && !t.base && !t.below && isGreen(t.color) && turnsGreen) return `threshold ${t.value} turns it green`;
  // Colouring what falls short of a line asks for more: the same bar to reach, drawn the other way.
  if (t.value !== null && t.below && t.color && !isGreen(t.color)) return `values below ${t.value} are drawn ${t.color}`;
  return undefined;
}

/**
 * Terms that record incidents. The AI tool's own API errors, throttling and rate limits are not
 * incidents its changes caused; "429s" on a dashboard about something else stay whatever else
 * the panel says.
 */
function recordsIncidents(kinds: number, dashboardTools: readonly string[]): boolean {
  const toolErrors = (dashboardTools.length > 0 || (kinds & ANY_TOOL) !== 0) && (kinds & TOOL_ERROR) !== 0;
  return (kinds & INCIDENT) !== 0 && !toolErrors;
}

/** Terms of a sentence that sets a target on use: a target word and an adoption term, no efficiency or reliability measure. */
function isUsageTarget(kinds: number): boolean {
  return (kinds & TARGET) !== 0 && (kinds & ADOPTION) !== 0 && (kinds & EFFICIENCY) === 0;
}

const NO_TOOLS: readonly string[] = [];

/**
 * `untilIncident`: stop at the first incident panel. The rule needs no more (a dashboard that
 * records incidents passes whatever else it shows), and on the dashboards that do, most panels
 * are then never tokenized. The classification is partial then: one incident panel, and only the
 * adoption panels before it.
 */
export function classifyDashboard(dashboard: NormalizedDashboard, vocabulary: DashboardVocabulary, options: { untilIncident?: boolean } = {}): Classification {
  const v = compile(vocabulary);
  const aboutDashboard = v.all.match([dashboard.title ?? "", shownText(dashboard.description ?? ""), ...dashboard.tags]);
  // "Microsoft Copilot Usage": a namesake named for the whole dashboard shadows the shared name in every panel.
  const dashboardShadow = shadowedBy(aboutDashboard, v);
  const dashboardTools = toolsIn(aboutDashboard, v, ANY_TOOL, titleShadow(dashboard, aboutDashboard, dashboardShadow, v));
  const adoptionPanels: AdoptionPanel[] = [];
  const incidentPanels: Panel[] = [];
  const emptyIncidentPanels: Panel[] = [];
  const targets: UsageTarget[] = [];
  // Stated in prose: reported after thresholds, which point at the exact panel.
  const proseTargets: UsageTarget[] = [];
  for (const panel of dashboard.panels) {
    // What a reader sees of its text and description: HTML's tags and styles are drawn, not read.
    const text = shownText(panel.text);
    const description = panel.description ? shownText(panel.description) : "";
    const found = new Set<string>();
    const titled = v.all.matchText(panel.title, new Set<string>());
    for (const t of titled) found.add(t);
    v.all.matchText(text, found);
    // What the panel shows: its title, text and queries; its description says what its author thinks of it.
    const shown = new Set(found);
    if (description) v.all.matchText(description, found);
    const proseKinds = kindsOf(found, v);
    const proseFound = proseKinds & ANY_TOOL ? new Set(found) : undefined;
    const queried = new Set<string>();
    for (const q of panel.queries) v.all.matchText(stripNegated(q), queried);
    for (const t of queried) {
      found.add(t);
      shown.add(t);
    }
    const kinds = kindsOf(found, v);
    // What the panel is named and what it queries say what it measures; its description may say anything.
    const titleKinds = kindsOf(titled, v);
    const measuredKinds = titleKinds | kindsOf(queried, v);
    const measuresResource = (measuredKinds & INFRASTRUCTURE) !== 0;
    // A namesake in the panel's own words or metrics (microsoft_copilot.*) shadows its "Copilot Chat" title.
    const shadow = kinds & NAMESAKE ? shadowedBy(found, v, dashboardShadow) : dashboardShadow;
    const panelTools = proseFound ? toolsIn(proseFound, v, ANY_TOOL, shadow) : NO_TOOLS;
    // Text its author wrote records nothing ("incidents are tracked in PagerDuty" shows none), nor
    // does a chart with no query: an empty panel titled "Incidents" shows none either.
    const aboutIncidents = recordsIncidents(kindsOf(shown, v), dashboardTools) && panel.prose !== true;
    const countsAsIncident = aboutIncidents && (panel.queries.length > 0 || panel.readsOwnData === true);
    if (aboutIncidents && !countsAsIncident) emptyIncidentPanels.push(panel);
    if (countsAsIncident) {
      incidentPanels.push(panel);
      if (options.untilIncident) return { adoptionPanels, incidentPanels, emptyIncidentPanels, targets: [...targets, ...proseTargets] };
    }
    // Only a panel that queries data measures adoption; prose about the tool is not a KPI, nor is a
    // list of single events (a log viewer's `session={{.session_id}}`). A panel titled after an
    // efficiency or reliability measure ("Cache hit rate", "p95 latency") reports how well the
    // tool works, not how much it is used.
    const measuresUse = (kinds & ADOPTION) !== 0 && panel.queries.length > 0 && panel.listsEvents !== true && !measuresResource && (titleKinds & EFFICIENCY) === 0 && !countsAsIncident;
    const inView = measuresUse ? toolInView(panelTools, dashboardTools, (kinds & ANY_TOOL) !== 0 ? panel.queries : NO_TOOLS, v, shadow) : undefined;
    if (inView) {
      adoptionPanels.push({ panel, terms: withoutPlurals(matchedTerms(found, v.adoption)), ...inView });
      // A threshold on an efficiency or reliability measure (cache hit rate, latency) does not reward use.
      if ((measuredKinds & EFFICIENCY) === 0) {
        for (const t of panel.thresholds) {
          const why = thresholdTarget(t, v);
          if (why) targets.push({ panel, why });
        }
      }
    }
    // Prose targets count on adoption panels and text-only panels, not on an incident panel's own
    // SLO. A number, a target word and an adoption term, and no efficiency measure: "80% weekly
    // Copilot usage target" is one, "SLO target 99.9%" is not.
    const prose = [panel.title, description, text].filter(Boolean).join("\n");
    if ((inView || panel.queries.length === 0) && isUsageTarget(proseKinds) && NUMBER.test(prose)) {
      proseTargets.push({ panel, why: `its text states a target: "${excerpt(prose)}"` });
    }
  }
  // Events drawn over the panels (annotations) record incidents as a panel does, and measure nothing.
  for (const overlay of dashboard.overlays ?? []) {
    // One that queries nothing draws nothing, unless it reads its own data (Grafana's own annotations).
    if (overlay.queries.length === 0 && overlay.readsOwnData !== true) continue;
    const found = v.all.matchText(overlay.title, new Set<string>());
    for (const q of overlay.queries) v.all.matchText(stripNegated(q), found);
    if (!recordsIncidents(kindsOf(found, v), dashboardTools)) continue;
    incidentPanels.push(overlay);
    if (options.untilIncident) return { adoptionPanels, incidentPanels, emptyIncidentPanels, targets: [...targets, ...proseTargets] };
  }
  const about = shownText(dashboard.description ?? "");
  if (dashboard.panels[0] && NUMBER.test(about) && isUsageTarget(kindsOf(v.all.matchText(about, new Set()), v))) {
    proseTargets.push({ panel: dashboard.panels[0], why: `the dashboard description states a target: "${excerpt(about)}"` });
  }
  return { adoptionPanels, incidentPanels, emptyIncidentPanels, targets: [...targets, ...proseTargets] };
}

/**
 * What shadows the dashboard's own title, description and tags: a shared name there ("Codex
 * Dashboard") names the namesake a panel's title or metrics name (libp2p: Codex, the storage
 * network). Only the title's name: a panel that names the tool itself still counts, unless it
 * names a namesake too. Read only when the title holds a shared name not already shadowed.
 */
function titleShadow(dashboard: NormalizedDashboard, about: ReadonlySet<string>, shadow: ReadonlySet<string>, v: CompiledVocabulary): ReadonlySet<string> {
  const shared = [...about].some((t) => {
    const tool = v.toolOf.get(t);
    return tool !== undefined && !shadow.has(tool) && v.sharedOf.get(tool)?.has(t) === true;
  });
  if (!shared) return shadow;
  const inPanels = new Set<string>();
  for (const p of dashboard.panels) {
    v.all.matchText(p.title, inPanels);
    for (const q of p.queries) v.all.matchText(identifiersOnly(stripNegated(q)), inPanels);
  }
  return shadowedBy(inPanels, v, shadow);
}

/**
 * Label values as whole names, one per regex alternative (`tool=~"^(copilot|cursor)$"`, `".*cursor.*"`):
 * a value names a tool only when it is the tool's name ("claude-code", "Cursor"), not a host or pool
 * named with one of its words (a CI agent "cursor-runner", "cody-build-01").
 */
function wholeValues(values: string): string[] {
  return values
    .split(/[\n|]/)
    .map((alternative) => normalizeTerm(alternative.replace(/\.\*|[\^$()]/g, " ")))
    .filter(Boolean);
}

/**
 * The AI coding tools in view of a panel that measures use, and where they are named; undefined
 * when none. `queries` is empty when no tool term occurs in them at all (nothing to look for).
 */
function toolInView(panelTools: readonly string[], dashboardTools: readonly string[], queries: readonly string[], v: CompiledVocabulary, shadow: ReadonlySet<string>): { tools: string[]; toolSource: ToolSource } | undefined {
  if (panelTools.length) return { tools: [...panelTools], toolSource: "panel" };
  if (dashboardTools.length) return { tools: [...dashboardTools], toolSource: "dashboard" };
  // Metric and table names: other label values name services, and prose-only names are ordinary
  // words there. The value of a tool label (tool="cursor") names the tool as plainly as a title.
  const identifiers = new Set<string>();
  const labelled = new Set<string>();
  for (const q of queries) {
    const kept = stripNegated(q);
    v.all.matchText(identifiersOnly(kept), identifiers);
    for (const value of wholeValues(toolLabelValues(kept, v.toolKeys))) if ((v.kinds.get(value) ?? 0) & ANY_TOOL) labelled.add(value);
  }
  const inQueries = [...new Set([...toolsIn(identifiers, v, TOOL, shadow), ...toolsIn(labelled, v, ANY_TOOL, shadow)])];
  return inQueries.length ? { tools: inQueries, toolSource: "query" } : undefined;
}
