// Junction console: while a page shows something in progress (its <main> has data-live="true"),
// fetch the page's content again every 1.5 s and put it in place, without reloading the page.
// Stops as soon as the content says nothing is in progress any more. No other script runs.
(function () {
  "use strict";
  var INTERVAL_MS = 1500;

  function live() {
    var main = document.getElementById("main");
    return main !== null && main.getAttribute("data-live") === "true";
  }

  function schedule() {
    if (live()) {
      window.setTimeout(refresh, INTERVAL_MS);
    }
  }

  function refresh() {
    fetch(window.location.href, {
      headers: { "X-Console-Fragment": "1" },
      credentials: "same-origin",
      cache: "no-store",
      redirect: "manual"
    })
      .then(function (response) {
        if (response.status === 401 || response.type === "opaqueredirect") {
          // Signed out (or the token was revoked): the full page says so.
          window.location.reload();
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null) {
          return;
        }
        var template = document.createElement("template");
        template.innerHTML = html;
        var fresh = template.content.getElementById("main");
        var main = document.getElementById("main");
        if (fresh !== null && main !== null) {
          main.replaceWith(fresh);
        }
        schedule();
      })
      .catch(function () {
        // The server is restarting or out of reach: try again later.
        schedule();
      });
  }

  document.addEventListener("DOMContentLoaded", schedule);
})();
