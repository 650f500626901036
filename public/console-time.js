// Console times in the member's time zone, with how long ago (or until), refreshed every 30 s.
// Until the member chooses a zone (account page) the browser's is used: it is remembered in a cookie
// so the server reads forms in it too. Without JavaScript the server's text stays (UTC until chosen).
(() => {
  const root = document.documentElement;
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  let zone = root.dataset.tz || "UTC";
  const wallParts = (at, z) => {
    const f = new Intl.DateTimeFormat("en-US", {
      timeZone: z,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    const p = {};
    for (const part of f.formatToParts(at)) p[part.type] = Number(part.value);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  };
  const offset = (at, z) => wallParts(at, z) - Math.floor(at.getTime() / 1000) * 1000;
  // The same reading as src/lib/time-zone.ts: a skipped hour moves forward, a repeated one is its first time.
  const toUtc = (local, z) => {
    const asUtc = Date.parse(`${local}:00Z`);
    if (Number.isNaN(asUtc)) return null;
    const before = offset(new Date(asUtc - 864e5), z);
    const after = offset(new Date(asUtc + 864e5), z);
    for (const o of before >= after ? [before, after] : [after, before]) {
      const c = new Date(asUtc - o);
      if (wallParts(c, z) === asUtc) return c;
    }
    return new Date(asUtc - before);
  };
  const toLocal = (at, z) => new Date(wallParts(at, z)).toISOString().slice(0, 16);
  const utcText = (at) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

  if (root.dataset.tzSource && root.dataset.tzSource !== "member" && browserZone && browserZone !== zone) {
    // biome-ignore lint/suspicious/noDocumentCookie: one plain value; the Cookie Store API needs HTTPS, the console may run on plain HTTP
    document.cookie = `console_tz=${encodeURIComponent(browserZone)}; path=/admin; max-age=31536000; samesite=lax`;
    zone = browserZone;
    root.dataset.tz = zone;
    for (const el of document.querySelectorAll('input[name="timeZone"][data-follows-browser]')) el.value = zone;
    for (const el of document.querySelectorAll("[data-zone-name]")) el.textContent = zone;
    for (const el of document.querySelectorAll("input[type=datetime-local][data-utc]")) el.value = toLocal(new Date(el.dataset.utc), zone);
  }
  const beside = (input) => {
    const out = document.querySelector(`[data-utc-of="${input.id}"]`);
    if (!out) return;
    const at = input.value ? toUtc(input.value, zone) : null;
    out.textContent = at ? utcText(at) : "";
  };
  for (const input of document.querySelectorAll("input[type=datetime-local]")) {
    beside(input);
    input.addEventListener("input", () => beside(input));
  }

  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const parts = { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short", timeZone: zone };
  const thisYear = new Intl.DateTimeFormat(undefined, parts);
  const otherYear = new Intl.DateTimeFormat(undefined, { ...parts, year: "numeric" });
  const local = { format: (at) => (at.getFullYear() === new Date().getFullYear() ? thisYear : otherYear).format(at) };
  const units = [
    ["day", 86400000],
    ["hour", 3600000],
    ["minute", 60000],
  ];
  const relative = (ms) => {
    for (const [unit, size] of units) if (Math.abs(ms) >= size) return rtf.format(Math.round(ms / size), unit);
    return ms >= 0 ? "in under a minute" : "just now";
  };
  const paint = () => {
    for (const el of document.querySelectorAll("time[data-when]")) {
      const at = new Date(el.getAttribute("datetime"));
      if (Number.isNaN(at.getTime())) continue;
      el.textContent = `${local.format(at)} (${relative(at.getTime() - Date.now())})`;
    }
  };
  paint();
  setInterval(paint, 30000);
})();
