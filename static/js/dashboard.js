/* Dashboard enhancements. Everything here is optional: every page works without it.
   - Queue: polls a same-origin JSON endpoint (counts and a newer-than marker, no patient
     data) and refreshes the list when new cases arrive.
   - Decision form: shows the override fields only when "override" is chosen.
   - Case page: a print button; each print is reported to the audit trail. */
(function () {
  "use strict";

  function setCounts(data) {
    ["emergency", "urgent", "routine", "overdue"].forEach(function (name) {
      var node = document.querySelector(".count-" + name + " .count-n");
      if (node && typeof data[name] === "number") {
        node.textContent = String(data[name]);
      }
    });
  }

  function liveQueue() {
    var results = document.getElementById("queue-results");
    if (!results || !window.fetch) {
      return;
    }
    var newest = Number(results.dataset.newest || 0);
    var seconds = Math.max(Number(results.dataset.pollSeconds || 30), 1);
    var live = document.getElementById("queue-live");
    var notice = document.getElementById("queue-new-notice");
    var busy = false;

    function replaceList() {
      return fetch(window.location.href, { credentials: "same-origin", headers: { "X-Queue-Partial": "1" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          results.innerHTML = html;
        });
    }

    function arrived() {
      var onFirstPage = results.dataset.firstPage === "1";
      var focusInside = results.contains(document.activeElement);
      if (onFirstPage && !focusInside) {
        replaceList().then(function () {
          live.textContent = "New cases have arrived. The list is updated.";
        }).catch(function () {
          notice.hidden = false;
        });
      } else {
        notice.hidden = false;
        live.textContent = "New cases have arrived.";
      }
    }

    function poll() {
      if (busy || document.hidden) {
        return;
      }
      busy = true;
      fetch(results.dataset.updatesUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          setCounts(data);
          if (data.newest > newest) {
            newest = data.newest;
            arrived();
          }
        })
        .catch(function () { /* offline or logged out: try again next time */ })
        .then(function () {
          busy = false;
        });
    }

    window.setInterval(poll, seconds * 1000);
  }

  function decisionForm() {
    var form = document.getElementById("decision-form");
    var overrides = document.getElementById("override-fields");
    if (!form || !overrides) {
      return;
    }
    function sync() {
      var chosen = form.querySelector("input[name=outcome]:checked");
      overrides.hidden = !(chosen && chosen.value === "override");
    }
    form.addEventListener("change", sync);
    sync();
  }

  function printing() {
    var button = document.getElementById("print-case");
    var audit = document.getElementById("print-audit");
    if (!button || !audit || !window.fetch) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
    window.addEventListener("beforeprint", function () {
      fetch(audit.action, { method: "POST", body: new FormData(audit), credentials: "same-origin", keepalive: true })
        .catch(function () { /* best effort */ });
    });
  }

  function start() {
    liveQueue();
    decisionForm();
    printing();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
