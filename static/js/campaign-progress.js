// The live progress bar on a campaign's admin page: asks the progress URL every couple of seconds while the
// campaign is sending and updates the bar and the counts in place. Without JavaScript the page shows the
// counts as they were and a "Refresh" link.
//
// A campaign that is paused or stopped by the shop ("halted") waits for staff: asking stops until someone
// resumes it (its Resume button reloads the page, which starts asking again). If it halts while the page is
// open, the page reloads once so it shows why and the buttons that fit (Resume, Cancel).
(function () {
  "use strict";

  var POLL_MS = 1500;
  var section = document.querySelector("[data-campaign-progress]");
  if (!section || !section.dataset.progressUrl || !window.fetch) {
    return;
  }
  var bar = section.querySelector("[data-progress-bar]");
  var refresh = section.querySelector("[data-progress-refresh]");
  var shownState = section.dataset.progressState || "";

  function number(data, names) {
    for (var i = 0; i < names.length; i += 1) {
      if (typeof data[names[i]] === "number") {
        return data[names[i]];
      }
    }
    return 0;
  }

  function setText(name, value) {
    var element = section.querySelector("[data-progress-" + name + "]");
    if (element && value !== undefined && value !== null) {
      element.textContent = String(value);
    }
  }

  function show(data) {
    var total = number(data, ["total"]);
    var sent = number(data, ["sent"]);
    var failed = number(data, ["failed"]);
    var skipped = number(data, ["skipped"]);
    var done = typeof data.done === "number" ? data.done : sent + failed + skipped + number(data, ["cancelled"]);
    var percent = typeof data.percent === "number" ? data.percent : total ? Math.floor((done * 100) / total) : 100;
    bar.max = total || 1;
    bar.value = total ? done : 1;
    bar.textContent = percent + "%";
    setText("percent", percent);
    setText("sent", sent);
    setText("total", total);
    setText("failed", failed);
    setText("skipped", skipped);
    setText("status", data.status_label || data.status);
    section.dataset.progressState = data.status || "";
  }

  function isFinished(data) {
    if (typeof data.finished === "boolean") {
      return data.finished;
    }
    return ["sent", "cancelled"].indexOf(data.status) !== -1;
  }

  function isHalted(data) {
    if (typeof data.halted === "boolean") {
      return data.halted;
    }
    return ["paused", "stopped"].indexOf(data.status) !== -1;
  }

  function poll() {
    fetch(section.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("progress " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (isHalted(data) && shownState && data.status !== shownState) {
          window.location.reload(); // the page was drawn for another state: show this one's reason and buttons
          return;
        }
        show(data);
        if (!isFinished(data) && !isHalted(data)) {
          window.setTimeout(poll, POLL_MS);
        }
      })
      .catch(function () {
        // Leave the counts as they are and offer the reload link again; try once more a little later.
        if (refresh) {
          refresh.hidden = false;
        }
        window.setTimeout(poll, POLL_MS * 4);
      });
  }

  if (refresh) {
    refresh.hidden = true;
  }
  poll();
})();
