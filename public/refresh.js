// Clarion's public page enhancement: no framework, no build. The page works without it.
// 1. Times show in the visitor's own time zone (the page's time stays in the title).
// 2. Every 30 s while the tab is visible, the page asks for itself again (a conditional request: 304
//    when nothing changed) and swaps the #live sections that changed, keeping the rest (open groups, focus).
(() => {
  const root = document.documentElement;
  const pageZone = root.dataset.tz || "UTC";
  // The page's language (English pages write day-month-year) and its words, from the server's catalogue.
  const locale = !root.lang || root.lang === "en" ? "en-GB" : root.lang;
  // Same UTC offset as the page's zone now: nothing to rewrite, and no Intl (its first use costs a phone ~0.1 s).
  const sameOffset = root.dataset.tzOffset !== undefined && Number(root.dataset.tzOffset) === -new Date().getTimezoneOffset();
  const visitorZone = sameOffset ? pageZone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  const POLL_MS = 30_000;
  const full = { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
  const short = { hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
  // One formatter per option set, made on first use (making one costs far more than formatting).
  const formats = new Map();
  const format = (lang, options, at) => {
    const key = lang + JSON.stringify(options);
    if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(lang, { ...options, timeZone: visitorZone }));
    return formats.get(key).format(at);
  };
  const dayKey = (d) => format("en-CA", {}, d);

  function localize(scope) {
    if (!visitorZone || visitorZone === pageZone) return;
    for (const el of scope.querySelectorAll("time[datetime]")) {
      const value = el.getAttribute("datetime");
      // A calendar day ("2026-03-02", the component page's days) is a day in the page's zone, not an instant.
      if (!value.includes("T")) continue;
      const at = new Date(value);
      if (Number.isNaN(at.getTime()) || el.dataset.local) continue;
      let options = full;
      if (el.hasAttribute("data-short")) options = dayKey(at) === dayKey(new Date()) ? short : { day: "numeric", month: "short", ...short };
      el.title = `${el.textContent.trim()} (${root.dataset.tzNote || "the page's time zone"})`;
      el.textContent = format(locale, options, at);
      el.dataset.local = "1";
    }
  }

  const live = document.getElementById("live");
  // What the server sent for each section, before localize() touched it: the baseline to compare with.
  // Read from the HTTP cache at the first poll, not serialized from the DOM at load (a long task on a phone).
  let served = null;
  let servedAll = "";
  let lastTag = null;
  localize(document);
  if (!live || !window.fetch || !window.DOMParser) return;

  const request = (cache) => fetch(location.href, { cache, credentials: "same-origin", headers: { accept: "text/html" } });
  const liveOf = async (res) => new DOMParser().parseFromString(await res.text(), "text/html").getElementById("live");

  async function baseline() {
    const res = await request("force-cache");
    const fresh = res.ok ? await liveOf(res) : null;
    served = fresh ? snapshot(fresh) : new Map();
    servedAll = fresh ? fresh.innerHTML : "";
  }

  function snapshot(container) {
    const map = new Map();
    for (const child of container.children) if (child.id) map.set(child.id, child.outerHTML);
    return map;
  }

  function apply(fresh) {
    const next = [];
    for (const child of [...fresh.children]) {
      const current = child.id ? document.getElementById(child.id) : null;
      if (current && current.parentElement === live && served.get(child.id) === child.outerHTML) next.push(current);
      else {
        const node = document.importNode(child, true);
        localize(node);
        next.push(node);
      }
    }
    served = snapshot(fresh);
    servedAll = fresh.innerHTML;
    live.replaceChildren(...next);
    const note = document.querySelector("[data-live-note]");
    if (note) note.textContent = `· ${note.dataset.refreshed || "refreshed by itself"}`;
  }

  let timer = 0;
  async function poll() {
    clearTimeout(timer);
    try {
      if (!served) await baseline();
      const res = await request("no-cache");
      const tag = res.headers.get("etag");
      if (res.ok && !(tag && tag === lastTag)) {
        const fresh = await liveOf(res);
        if (fresh && fresh.innerHTML !== servedAll) apply(fresh);
        lastTag = tag;
      }
    } catch {
      // Offline or the server is busy: keep what is shown and try again later.
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (!document.hidden) timer = setTimeout(poll, POLL_MS);
  }

  document.addEventListener("visibilitychange", () => (document.hidden ? clearTimeout(timer) : poll()));
  schedule();
})();
