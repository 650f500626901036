// Console times in the reader's time zone, with how long ago (or until), refreshed every 30 s.
// Without JavaScript the server's text stays: the time in UTC and how long ago it was when rendered.
(() => {
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const parts = { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" };
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
