/* Swagger UI of PLP Online (issue 18), from 'self' with no inline script:
   - Authorize shows the OAuth2 password flow first and only its username and password (the
     client id, secret, credentials location and scope texts are hidden by swagger_authorize.css);
   - the dialog opens with the username field focused, not scrolled down to the API key;
   - in demo mode, one click on a demo account logs out the current one and authorizes it. */
(function () {
  "use strict";
  var OAUTH = "OAuth2PasswordBearer";
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);

  function passwordFlowFirst(system) {
    var React = system.React;
    function isOauth(schema) {
      return schema.get("type") === "oauth2";
    }
    return {
      wrapComponents: {
        // Swagger UI lists the other schemes (the API key) before OAuth2; people log in first
        auths: function (Original) {
          return function (props) {
            var oauth = props.definitions.filter(isOauth);
            var others = props.definitions.filterNot(isOauth);
            if (!oauth.size || !others.size) {
              return React.createElement(Original, props);
            }
            return React.createElement(
              "div",
              { className: "plp-auths" },
              React.createElement(Original, Object.assign({}, props, { definitions: oauth })),
              React.createElement(Original, Object.assign({}, props, { definitions: others }))
            );
          };
        },
      },
    };
  }

  var config = Object.assign({}, settings.ui, {
    dom_id: "#swagger-ui",
    oauth2RedirectUrl: window.location.origin + settings.redirect,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    plugins: [passwordFlowFirst],
  });
  var ui = SwaggerUIBundle(config);
  window.ui = ui;

  function authorizedAs() {
    var auth = ui.authSelectors.authorized();
    return auth ? auth.getIn([OAUTH, "username"]) : undefined;
  }

  function focusUsername(field) {
    var modal = field.closest(".modal-ux-content");
    if (modal) {
      modal.scrollTop = 0;
    }
    field.focus();
  }

  var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-demo-account]"));
  var shownUser = null;
  var focused = null;

  function showAuthorized() {
    var user = authorizedAs() || "";
    if (user === shownUser) {
      return;
    }
    shownUser = user;
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.demoAccount === user));
    });
  }

  // One look per rendering: the dialog's username field when it appears, the account in use.
  var pending = false;
  new MutationObserver(function () {
    if (pending) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      var field = document.getElementById("oauth_username");
      if (field && field !== focused) {
        focused = field;
        focusUsername(field);
      }
      showAuthorized();
    });
  }).observe(document.body, { childList: true, subtree: true, attributes: true });

  function switchTo(username) {
    // the scheme as the dialog sees it: OpenAPI 3 flows flattened, with its token URL
    var found = ui.authSelectors.definitionsToAuthorize().find(function (definition) {
      return definition.has(OAUTH);
    });
    if (!found) {
      return;
    }
    if (authorizedAs()) {
      ui.authActions.logoutWithPersistOption([OAUTH]);
    }
    ui.authActions.authorizePassword({
      name: OAUTH,
      schema: found.get(OAUTH),
      username: username,
      password: username + "-demo",
      passwordType: "request-body",
      clientId: "",
      clientSecret: "",
      scopes: [],
    });
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      switchTo(button.dataset.demoAccount);
    });
  });
})();
