// Site-wide behaviour: the dismissible announcement bar, the small-screen menu and loading the chat panel.
// Loaded with `defer` from base.html. The one inline script (config/first_paint.py, allowed by its hash) has
// already set <html class="js">, which collapses the small-screen menu before the first paint; without
// JavaScript the menu stays open.
(function () {
  "use strict";

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

  // The chat panel's stylesheet and script (static/js/chat.js) cost every page bytes most shoppers never use,
  // so they come when a shopper first opens the panel, or at once for one who has written this session (chat.js
  // keeps them told of replies). Until then a "Chat with us" link is what it is without JavaScript: /chat/.
  function setUpChatLoader() {
    var panel = document.querySelector("[data-chat]");
    if (!panel) return;
    var requested = false;
    var loaded = false;
    var pending = null; // the link clicked while the files were on their way
    // Each link controls the (closed) panel from the start, as chat.js keeps saying once it runs.
    document.querySelectorAll("[data-chat-open]").forEach(function (link) {
      link.setAttribute("aria-expanded", "false");
    });

    function load(opener) {
      if (opener) pending = opener;
      if (requested) return;
      requested = true;
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = panel.getAttribute("data-chat-style");
      // The script after the stylesheet, so the panel never opens unstyled.
      style.onload = style.onerror = function () {
        var script = document.createElement("script");
        script.src = panel.getAttribute("data-chat-script");
        script.onload = function () {
          loaded = true;
          if (pending) pending.click(); // chat.js now opens the panel, as for any later click
        };
        script.onerror = function () {
          if (pending) window.location.href = pending.href; // the /chat/ page, as without JavaScript
        };
        document.head.appendChild(script);
      };
      document.head.appendChild(style);
    }

    document.addEventListener("click", function (event) {
      var opener = event.target.closest && event.target.closest("[data-chat-open]");
      if (loaded || !opener || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      load(opener);
    });
    var session = null;
    try {
      session = window.sessionStorage;
    } catch (error) {
      session = null;
    }
    if (session && session.getItem("chat-active")) load(null);
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
    setUpChatLoader();
  });
})();
