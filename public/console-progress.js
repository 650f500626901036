// Follows a background job on a console page: every 2 s, while the tab is visible, the page is asked
// for again and the element marked data-follow is swapped for the fresh one; a finished job's element
// has no data-follow, so following stops there. Without JavaScript the page's "Check again" link does it.
(() => {
  const PERIOD_MS = 2000;
  const tick = async () => {
    const current = document.querySelector("[data-follow]");
    if (!current) return;
    if (document.visibilityState === "visible") {
      try {
        const res = await fetch(location.href, { headers: { accept: "text/html" }, cache: "no-store" });
        if (res.ok) {
          const fresh = new DOMParser().parseFromString(await res.text(), "text/html").getElementById(current.id);
          // The element stays (its live region announces the change); only its content and state move on.
          if (fresh) {
            current.innerHTML = fresh.innerHTML;
            if (!fresh.hasAttribute("data-follow")) current.removeAttribute("data-follow");
          }
        }
      } catch {
        // The server is busy or restarting: try again at the next tick.
      }
    }
    setTimeout(tick, PERIOD_MS);
  };
  setTimeout(tick, PERIOD_MS);
})();
