import type { Env } from "../../env.ts";
import { baseUrl } from "../../lib/urls.ts";
import { ANONYMOUS, loadComponentTree } from "../../projection/index.ts";
import type { DataDeps } from "../components/shared.ts";
import { getSettings } from "../settings/get.ts";

export interface ShareSnippet {
  id: string;
  label: string;
  hint: string;
  code: string;
}

export interface ShareModel {
  base: string;
  pageName: string;
  snippets: ShareSnippet[];
  /** Public components only: a snippet never names what the public may not see. */
  components: { id: string; name: string; badge: string; page: string; atom: string }[];
}

/** The console's "Share & embed": copy-paste snippets with the page's real absolute URLs. */
export async function loadShareModel(deps: DataDeps & { env: Env }, requestOrigin: string): Promise<ShareModel> {
  const base = baseUrl(deps.env, requestOrigin);
  const [settings, tree] = await Promise.all([getSettings(deps), loadComponentTree(deps.db, ANONYMOUS)]);
  const name = settings.name.replace(/"/g, "&quot;");
  const snippets: ShareSnippet[] = [
    {
      id: "badge",
      label: "Status badge",
      hint: "An image for a README or a footer; it links to the status page.",
      code: `<a href="${base}/"><img src="${base}/badge.svg" alt="${name} status" height="20"></a>`,
    },
    {
      id: "badge-md",
      label: "Status badge (Markdown)",
      hint: "The same badge for GitHub and other Markdown.",
      code: `[![${settings.name} status](${base}/badge.svg)](${base}/)`,
    },
    {
      id: "widget",
      label: "Status widget",
      hint: "A small frame for your app or website; theme=light, dark or auto (the visitor's setting); compact=1 is one line. It fits 220 px.",
      code: `<iframe src="${base}/embed?theme=light" title="${name} status" width="320" height="160" style="border:0"></iframe>`,
    },
    {
      id: "widget-compact",
      label: "Compact widget",
      hint: "One line: the overall status and a link.",
      code: `<iframe src="${base}/embed?theme=auto&compact=1" title="${name} status" width="260" height="80" style="border:0"></iframe>`,
    },
    { id: "subscribe", label: "Subscribe link", hint: "Where people sign up for email updates.", code: `${base}/subscribe` },
    { id: "atom", label: "Atom feed", hint: "For feed readers and Slack's RSS app.", code: `${base}/history.atom` },
    { id: "rss", label: "RSS feed", hint: "The same feed as RSS 2.0.", code: `${base}/history.rss` },
    {
      id: "statuspage",
      label: "Statuspage-compatible JSON",
      hint: "Tools that read Atlassian Statuspage's public API read this unchanged.",
      code: `${base}/api/v2/summary.json`,
    },
  ];
  const components = tree.all.map((c) => ({
    id: c.id,
    name: c.name,
    badge: `${base}/badge.svg?component=${c.id}`,
    page: `${base}/components/${c.id}`,
    atom: `${base}/history.atom?component=${c.id}`,
  }));
  return { base, pageName: settings.name, snippets, components };
}
