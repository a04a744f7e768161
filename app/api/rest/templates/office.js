// The section head's page: refresh the live sections (office mode, queues, SLA risks) in place
// from /console/office/live, without reloading the page. Same origin only (CSP 'self'); the page
// reads fine without it.
(function () {
  "use strict";
  const live = document.querySelector("[data-live]");
  if (!live) {
    return;
  }
  const seconds = Math.max(15, parseInt(live.dataset.seconds, 10) || 60);
  let timer = null;
  async function refresh() {
    if (document.hidden) {
      return;
    }
    try {
      const r = await fetch(live.dataset.live, { credentials: "same-origin" });
      if (r.status === 401 || r.status === 403) {
        window.clearInterval(timer); // the session ended: the next reload shows the login
        return;
      }
      if (r.ok) {
        live.innerHTML = await r.text();
        live.dataset.refreshed = String(Date.now());
      }
    } catch (e) {
      // offline for a moment: the next round tries again
    }
  }
  timer = window.setInterval(refresh, seconds * 1000);
  // back to a hidden tab, or asked by whoever embeds the page (and the browser test): now
  document.addEventListener("visibilitychange", refresh);
  live.addEventListener("plp:refresh", refresh);
})();
