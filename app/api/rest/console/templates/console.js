// The console's only script (CSP script-src 'self'): an enhancement, every page reads without it.
// A page marked data-refresh="<seconds>" fetches itself again and swaps its <main> in place.
(function () {
  "use strict";
  const main = document.querySelector("main[data-refresh]");
  if (!main) {
    return;
  }
  const seconds = Math.max(15, parseInt(main.dataset.refresh, 10) || 60);
  async function refresh() {
    if (document.hidden || document.activeElement && document.activeElement.form) {
      return; // never pull a page from under a user who is typing
    }
    try {
      const r = await fetch(window.location.href, { credentials: "same-origin" });
      if (!r.ok) {
        return;
      }
      const page = new DOMParser().parseFromString(await r.text(), "text/html");
      const fresh = page.querySelector("main");
      if (fresh) {
        main.innerHTML = fresh.innerHTML;
      }
    } catch (e) {
      // offline for a moment: the next round tries again
    }
  }
  window.setInterval(refresh, seconds * 1000);
})();
