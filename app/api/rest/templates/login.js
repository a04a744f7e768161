// The dashboard's login: ask the token endpoint (as Swagger UI's Authorize does), or reuse the
// token Swagger UI keeps in this browser, then let the server keep it in an HttpOnly cookie.
(function () {
  "use strict";
  const message = document.getElementById("message");

  async function openSession(token) {
    const r = await fetch("/dashboard/session", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ access_token: token }),
      credentials: "same-origin",
    });
    if (r.ok) {
      window.location.reload();
      return;
    }
    message.textContent = (await r.json()).detail || "the login was refused";
  }

  function swaggerToken() {
    // persistAuthorization: Swagger UI keeps {scheme: {token: {access_token}}} under "authorized"
    try {
      const saved = JSON.parse(window.localStorage.getItem("authorized") || "{}");
      for (const scheme of Object.values(saved)) {
        if (scheme && scheme.token && scheme.token.access_token) {
          return scheme.token.access_token;
        }
      }
    } catch (e) {
      return null;
    }
    return null;
  }

  document.getElementById("login").addEventListener("submit", async function (event) {
    event.preventDefault();
    const form = new URLSearchParams(new FormData(event.target));
    const r = await fetch("/api/v1/auth/token", { method: "POST", body: form });
    const body = await r.json();
    if (!r.ok) {
      message.textContent = body.detail || "wrong username or password";
      return;
    }
    await openSession(body.access_token);
  });

  const saved = swaggerToken();
  if (saved) {
    document.getElementById("swagger").hidden = false;
    document.getElementById("use-swagger").addEventListener("click", function () {
      openSession(saved);
    });
  }
})();
