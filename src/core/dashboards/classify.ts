/**
 * Decides what a dashboard's panels measure: AI-tool adoption, incidents, and whether a usage
 * target is set. Vocabulary comes from policies/dashboards.yaml (Policy.dashboards.vocabulary).
 */
import type { DashboardVocabulary } from "../policy.js";
import type { NormalizedDashboard, Panel, PanelThreshold } from "./model.js";
import { stripNegated } from "./negation.js";
import { matchedTerms, normalizeTerm, TermMatcher } from "./tokenize.js";

// What a vocabulary term stands for; a term may be in several lists.
const AI = 1;
const ADOPTION = 2;
const INCIDENT = 4;
const TOOL_ERROR = 8;
const TARGET = 16;

interface CompiledVocabulary {
  /** Adoption terms in vocabulary order (reported in that order). */
  adoption: string[];
  all: TermMatcher;
  /** Normalized term → the lists it is in (bits above). */
  kinds: Map<string, number>;
}

const compiled = new WeakMap<DashboardVocabulary, CompiledVocabulary>();

function compile(v: DashboardVocabulary): CompiledVocabulary {
  let c = compiled.get(v);
  if (!c) {
    const n = (terms: string[]): string[] => [...new Set(terms.map(normalizeTerm).filter(Boolean))];
    const adoption = n(v.adoption);
    const lists: [string[], number][] = [
      [n(v.aiContext), AI],
      [adoption, ADOPTION],
      [n(v.incidents), INCIDENT],
      [n(v.toolErrors), TOOL_ERROR],
      [n(v.targets), TARGET],
    ];
    const kinds = new Map<string, number>();
    for (const [terms, kind] of lists) for (const t of terms) kinds.set(t, (kinds.get(t) ?? 0) | kind);
    c = { adoption, all: new TermMatcher(lists.flatMap(([terms]) => terms)), kinds };
    compiled.set(v, c);
  }
  return c;
}

/** The lists that the terms found are in: one lookup per term found rather than per term listed. */
function kindsOf(found: ReadonlySet<string>, v: CompiledVocabulary): number {
  let kinds = 0;
  for (const t of found) kinds |= v.kinds.get(t) ?? 0;
  return kinds;
}

/** Whether a text names a target ("goal", "quota", ...). */
function namesTarget(text: string, v: CompiledVocabulary): boolean {
  return (kindsOf(v.all.matchText(text, new Set()), v) & TARGET) !== 0;
}

export interface AdoptionPanel {
  panel: Panel;
  /** The adoption terms that matched, for the message. */
  terms: string[];
}

export interface UsageTarget {
  panel: Panel;
  why: string;
}

export interface Classification {
  adoptionPanels: AdoptionPanel[];
  incidentPanels: Panel[];
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

function thresholdTarget(t: PanelThreshold, v: CompiledVocabulary): string | undefined {
  if (t.label && namesTarget(t.label, v)) return `"${t.label}" line${t.value !== null ? ` at ${t.value}` : ""}`;
  // Grafana's default base step is green with value null; only a step that *turns* the panel green sets a bar to reach.
  if (t.value !== null && !t.base && isGreen(t.color)) return `threshold ${t.value} turns it green`;
  return undefined;
}

export function classifyDashboard(dashboard: NormalizedDashboard, vocabulary: DashboardVocabulary): Classification {
  const v = compile(vocabulary);
  const dashboardContext = v.all.match([dashboard.title ?? "", dashboard.description ?? "", ...dashboard.tags]);
  const dashboardIsAi = (kindsOf(dashboardContext, v) & AI) !== 0;
  const adoptionPanels: AdoptionPanel[] = [];
  const incidentPanels: Panel[] = [];
  const targets: UsageTarget[] = [];
  // Stated in prose: reported after thresholds, which point at the exact panel.
  const proseTargets: UsageTarget[] = [];
  for (const panel of dashboard.panels) {
    const positive = new Set<string>();
    v.all.matchText(panel.title, positive);
    v.all.matchText(panel.text, positive);
    for (const q of panel.queries) v.all.matchText(stripNegated(q), positive);
    const kinds = kindsOf(positive, v);
    const incident = (kinds & INCIDENT) !== 0;
    const aiPanel = (kinds & AI) !== 0;
    // The AI tool's own API errors, throttling and rate limits are not incidents its changes
    // caused; "429s" on a dashboard about something else stay whatever else the panel says.
    const toolErrors = (aiPanel || dashboardIsAi) && (kinds & TOOL_ERROR) !== 0;
    if (incident && !toolErrors) incidentPanels.push(panel);
    const adoption = kinds & ADOPTION ? matchedTerms(positive, v.adoption) : [];
    // Only a panel that queries data measures adoption; prose about the tool is not a KPI.
    const isAdoption = adoption.length > 0 && panel.queries.length > 0 && (dashboardIsAi || aiPanel) && !(incident && !toolErrors);
    if (isAdoption) {
      adoptionPanels.push({ panel, terms: adoption });
      for (const t of panel.thresholds) {
        const why = thresholdTarget(t, v);
        if (why) targets.push({ panel, why });
      }
    }
    // Prose targets ("80% weekly usage target") count on adoption panels and text-only panels,
    // not on an incident panel's own SLO.
    if (isAdoption || panel.queries.length === 0) {
      const prose = `${panel.title}\n${panel.text}`;
      if (NUMBER.test(prose) && namesTarget(prose, v)) proseTargets.push({ panel, why: `its text states a target: "${excerpt(prose)}"` });
    }
  }
  const about = dashboard.description ?? "";
  if (NUMBER.test(about) && namesTarget(about, v) && dashboard.panels[0]) {
    proseTargets.push({ panel: dashboard.panels[0], why: `the dashboard description states a target: "${excerpt(about)}"` });
  }
  return { adoptionPanels, incidentPanels, targets: [...targets, ...proseTargets] };
}
