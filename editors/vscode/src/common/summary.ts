/**
 * The profile summary returned by the server's profile commands (docs/settings.md), checked
 * field by field, and the text the status bar and the quick pick of top sites show for it.
 * Nothing here imports `vscode`.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface Site {
  file: string;
  /** 1-based, in the current source; null when the source changed since the profile and nothing identifies the line. */
  line: number | null;
  function: string;
  count: number;
  waitReasons: Record<string, number>;
}

export interface ProfileSummary {
  name: string;
  formats: string[];
  total: number;
  sites: Site[];
  /** Sites in workspace files whose lines the current source no longer holds. */
  unplaced: number;
  warnings: string[];
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isInt(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function parseSite(value: unknown): Site | undefined {
  if (
    !isObject(value) ||
    typeof value.file !== "string" ||
    !(isInt(value.line) || value.line === null) ||
    !isInt(value.count)
  ) {
    return undefined;
  }
  const waitReasons: Record<string, number> = {};
  if (isObject(value.waitReasons)) {
    for (const [reason, n] of Object.entries(value.waitReasons)) {
      if (isInt(n)) {
        waitReasons[reason] = n;
      }
    }
  }
  return {
    file: value.file,
    line: value.line,
    function: typeof value.function === "string" ? value.function : "",
    count: value.count,
    waitReasons,
  };
}

/**
 * A summary from the server's reply, or undefined for `null` (no profile loaded).
 * Throws when the reply is not a summary at all, naming what is wrong.
 */
export function parseSummary(value: unknown): ProfileSummary | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (!isObject(value) || typeof value.name !== "string" || !isInt(value.total)) {
    throw new Error("the server's profile summary has no name or total");
  }
  const sites = Array.isArray(value.sites) ? value.sites.map(parseSite).filter((s): s is Site => s !== undefined) : [];
  return {
    name: value.name,
    formats: strings(value.formats),
    total: value.total,
    sites,
    unplaced: isInt(value.unplaced) ? value.unplaced : 0,
    warnings: strings(value.warnings),
  };
}

/** 48213 -> "48,213", whatever the locale. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * A profile's name short enough for the status bar: a URL becomes host and path (the query,
 * such as `?debug=2`, says nothing to a person), and anything long is cut in the middle.
 */
export function shortName(name: string, max = 40): string {
  let short = name;
  if (/^https?:\/\//.test(name)) {
    try {
      const url = new URL(name);
      short = url.host + url.pathname;
    } catch {
      // not a URL after all: keep the name
    }
  }
  if (short.length <= max) {
    return short;
  }
  const keep = max - 1;
  return `${short.slice(0, Math.ceil(keep / 2))}…${short.slice(short.length - Math.floor(keep / 2))}`;
}

/** "source changed since the profile: 3 sites not shown", or undefined when all are shown. */
export function unplacedText(summary: ProfileSummary): string | undefined {
  if (summary.unplaced === 0) {
    return undefined;
  }
  return `source changed since the profile: ${plural(summary.unplaced, "site", "sites")} not shown`;
}

/** The status bar text: the profile's name, its goroutine total, and sites not shown. */
export function statusText(summary: ProfileSummary): string {
  const text = `$(pulse) ${shortName(summary.name)}: ${plural(summary.total, "goroutine", "goroutines")}`;
  return summary.unplaced > 0 ? `${text} $(warning) ${formatCount(summary.unplaced)} not shown` : text;
}

export function statusTooltip(summary: ProfileSummary): string {
  const unplaced = unplacedText(summary);
  const lines = [
    `gostuck profile ${summary.name} (${summary.formats.join(", ") || "unknown format"})`,
    `${plural(summary.total, "goroutine", "goroutines")} at ${plural(summary.sites.length, "site", "sites")}`,
    ...(unplaced !== undefined ? [unplaced] : []),
    ...summary.warnings,
    "Click to show the top sites",
  ];
  return lines.join("\n");
}

/** Wait reasons, most common first: "chan send ×48,000, select ×213". */
export function describeWaitReasons(reasons: Record<string, number>): string {
  return Object.entries(reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ×${formatCount(n)}`)
    .join(", ");
}

export interface SiteItem {
  label: string;
  description: string;
  detail: string;
  site: Site;
}

/** Quick pick items for the top sites, in the server's order. */
export function siteItems(summary: ProfileSummary): SiteItem[] {
  return summary.sites.map((site) => ({
    label: `${formatCount(site.count)}  ${site.function || "(unknown function)"}`,
    description:
      site.line === null
        ? `${path.basename(site.file)}: source changed since the profile`
        : `${path.basename(site.file)}:${site.line}`,
    detail: describeWaitReasons(site.waitReasons) || site.file,
    site,
  }));
}

/**
 * The workspace file a site names: the path itself when it exists, else the path relative to a
 * workspace folder, else the longest suffix of it found under a workspace folder.
 */
export function resolveSiteFile(
  file: string,
  workspaceFolders: string[],
  exists: (p: string) => boolean = fs.existsSync,
): string | undefined {
  if (path.isAbsolute(file) && exists(file)) {
    return file;
  }
  const parts = file.split(/[\\/]/).filter((p) => p !== "");
  for (let start = 0; start < parts.length; start++) {
    const rel = parts.slice(start).join("/");
    for (const folder of workspaceFolders) {
      const candidate = path.join(folder, rel);
      if (exists(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
