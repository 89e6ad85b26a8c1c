// Site-wide behaviour: the dismissible announcement bar and the small-screen menu.
// Loaded with `defer` from base.html; nothing inline, so the strict Content-Security-Policy holds.
(function () {
  "use strict";

  // The small-screen menu collapses only when this script runs; without it the menu stays open.
  document.documentElement.classList.add("js");

  var STORAGE_PREFIX = "announcement-dismissed:";

  function storage() {
    try {
      var probe = "__probe__";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // private mode or storage disabled: the bar simply stays
    }
  }

  function setUpAnnouncement() {
    var bar = document.querySelector("[data-announcement]");
    if (!bar) return;
    var store = storage();
    // Keyed by the text, so a new announcement shows again even after the last one was dismissed.
    var key = STORAGE_PREFIX + (bar.getAttribute("data-announcement-key") || "");
    if (store && store.getItem(key)) {
      bar.hidden = true;
      return;
    }
    var button = bar.querySelector("[data-announcement-dismiss]");
    if (!button) return;
    button.addEventListener("click", function () {
      bar.hidden = true;
      if (store) store.setItem(key, "1");
    });
  }

  function setUpNavToggle() {
    var toggle = document.querySelector("[data-nav-toggle]");
    var nav = document.querySelector("[data-nav]");
    if (!toggle || !nav) return;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      nav.classList.toggle("is-open", !open);
    });
  }

  // A form that failed comes back with an error summary (templates/includes/error_summary.html): focus moves
  // there, so a keyboard or screen-reader user hears what went wrong and can follow its links to the fields.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  function ready(callback) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", callback);
    } else {
      callback();
    }
  }

  ready(function () {
    setUpAnnouncement();
    setUpNavToggle();
    focusErrorSummary();
  });
})();
