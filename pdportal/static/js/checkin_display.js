/* The projected check-in code: fetch each new code in place when it changes.
 *
 * Without JavaScript the page works as it is: a "Show a new code" link reloads it. With
 * it, this script shows the controls only it can honour (pause / resume), says once in
 * the status region that the page updates itself, and swaps in each new QR code from
 * `data-code-url` (JSON: open, svg, refresh_in). When check-in closes it reloads the page,
 * which then says so; when a fetch fails it says so and tries again.
 */
(function () {
  "use strict";

  var figure = document.getElementById("checkin-code");
  if (!figure) {
    return;
  }
  var qr = document.getElementById("checkin-qr");
  var status = document.getElementById("checkin-status");
  var hiddenControls = document.querySelectorAll("[data-js-only]");
  for (var i = 0; i < hiddenControls.length; i += 1) {
    hiddenControls[i].hidden = false;
  }
  var url = figure.getAttribute("data-code-url");
  if (!url || !window.fetch) {
    return; // paused, or a browser without fetch: the link still shows a new code
  }
  var failures = 0;

  function say(text) {
    if (status.textContent !== text) {
      status.textContent = text;
    }
  }

  function schedule(seconds) {
    window.setTimeout(refresh, Math.max(1, seconds) * 1000);
  }

  function refresh() {
    window
      .fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (!data.open) {
          window.location.reload();
          return;
        }
        qr.innerHTML = data.svg;
        if (failures) {
          failures = 0;
          say(figure.getAttribute("data-updating-text"));
        }
        schedule(data.refresh_in);
      })
      .catch(function () {
        failures += 1;
        say(figure.getAttribute("data-failed-text"));
        schedule(Math.min(30, 5 * failures));
      });
  }

  say(figure.getAttribute("data-updating-text"));
  schedule(Number(figure.getAttribute("data-refresh-in")) || 30);
})();
