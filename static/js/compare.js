/*
 * Compare: progressive enhancement for the "Add to compare" toggles and the compare tray.
 *
 * Without this file every toggle, tray remove button and "Clear all" is a plain POST form that
 * redirects back. With it, those forms are sent with fetch and the server's JSON answer
 * ({ok, message, items, count, compare_url}) updates the tray and every toggle in place.
 * The server decides everything (limits, refusals); this file only shows what it said.
 */
(function () {
  "use strict";

  if (window.knotCompareReady) {
    return; // the tray include may be on a page that also links this file
  }
  window.knotCompareReady = true;
  document.documentElement.classList.add("compare-js");

  var tray = document.querySelector("[data-compare-tray]");
  var live = document.querySelector("[data-compare-live]");
  // Changes go to the server one at a time, in the order the shopper made them, so no tick is lost
  // and the session never sees two changes at once. Toggles are synced only from the last answer.
  var queue = Promise.resolve();
  var waiting = 0;
  var fadeTimer = null;
  var SHOW_MESSAGE_MS = 8000;

  function announce(message, isError) {
    if (!live) {
      return;
    }
    live.textContent = "";
    live.classList.toggle("is-error", Boolean(isError));
    window.clearTimeout(fadeTimer);
    // A fresh text node after clearing makes screen readers announce a repeated message again.
    window.setTimeout(function () {
      live.textContent = message || "";
    }, 30);
    // The message floats over the page, so it goes away by itself once it has been read.
    fadeTimer = window.setTimeout(function () {
      live.textContent = "";
    }, SHOW_MESSAGE_MS);
  }

  function currentSlugs() {
    if (!tray) {
      return [];
    }
    return Array.prototype.map.call(tray.querySelectorAll("[data-compare-item]"), function (item) {
      return item.getAttribute("data-slug");
    });
  }

  function syncToggles(slugs) {
    var picked = {};
    slugs.forEach(function (slug) {
      picked[slug] = true;
    });
    document.querySelectorAll('form[data-compare-form="toggle"]').forEach(function (form) {
      var isPicked = Boolean(picked[form.getAttribute("data-slug")]);
      var checkbox = form.querySelector("[data-compare-checkbox]");
      var button = form.querySelector("button[type=submit]");
      form.action = form.getAttribute(isPicked ? "data-remove-url" : "data-add-url");
      if (checkbox) {
        checkbox.checked = isPicked;
      }
      if (button && button.firstChild && button.firstChild.nodeType === Node.TEXT_NODE) {
        button.firstChild.textContent = form.getAttribute(isPicked ? "data-remove-text" : "data-add-text");
      }
    });
  }

  function renderItem(template, item) {
    var fragment = template.content.cloneNode(true);
    var li = fragment.querySelector("[data-compare-item]");
    var image = fragment.querySelector("[data-compare-item-image]");
    var name = fragment.querySelector("[data-compare-item-name]");
    var slugInput = fragment.querySelector("[data-compare-item-slug]");
    var remove = fragment.querySelector("[data-compare-item-remove]");
    var nextInput = fragment.querySelector('input[name="next"]');
    li.setAttribute("data-slug", item.slug);
    name.textContent = item.name;
    slugInput.value = item.slug;
    if (nextInput) {
      nextInput.value = window.location.pathname + window.location.search;
    }
    if (item.image_url) {
      image.src = item.image_url;
      image.hidden = false;
    } else {
      image.removeAttribute("src");
      image.hidden = true;
    }
    remove.setAttribute("aria-label", (tray.getAttribute("data-remove-label") || "").replace("{name}", item.name));
    return fragment;
  }

  function renderTray(data) {
    if (!tray) {
      return;
    }
    var list = tray.querySelector("[data-compare-items]");
    var template = tray.querySelector("[data-compare-item-template]");
    var status = tray.querySelector("[data-compare-status]");
    var go = tray.querySelector("[data-compare-go]");
    var goDisabled = tray.querySelector("[data-compare-go-disabled]");
    var minimum = parseInt(tray.getAttribute("data-min"), 10) || 2;
    var items = data.items || [];

    list.textContent = "";
    items.forEach(function (item) {
      list.appendChild(renderItem(template, item));
    });
    var ready = items.length >= minimum;
    status.textContent = ready
      ? tray.getAttribute("data-text-count").replace("{count}", String(items.length))
      : tray.getAttribute("data-text-select");
    go.href = data.compare_url;
    go.hidden = !ready;
    goDisabled.hidden = ready;
    tray.hidden = items.length === 0;
  }

  function send(form, action) {
    var body = new FormData(form);
    waiting += 1;
    var request = queue.then(function () {
      return fetch(action || form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "fetch" },
      });
    })
      .then(function (response) {
        // A CSRF failure or a server error answers with a page, not JSON: say so plainly.
        return response.json().catch(function () {
          return { ok: false, message: tray ? tray.getAttribute("data-text-error") : response.statusText };
        });
      })
      .then(function (data) {
        waiting -= 1;
        if (data.items) {
          renderTray(data);
        }
        if (waiting === 0) {
          // Boxes ticked while this answer was on its way keep their tick until their own answer.
          syncToggles(data.items ? data.items.map(function (item) { return item.slug; }) : currentSlugs());
        }
        announce(data.message, !data.ok);
        return data;
      })
      .catch(function () {
        waiting = Math.max(0, waiting - 1);
        // Network trouble: fall back to the plain form, which always works.
        form.submit();
      });
    queue = request;
    return request;
  }

  document.addEventListener("change", function (event) {
    var checkbox = event.target.closest("[data-compare-checkbox]");
    if (!checkbox) {
      return;
    }
    var form = checkbox.closest('form[data-compare-form="toggle"]');
    var action = form.getAttribute(checkbox.checked ? "data-add-url" : "data-remove-url");
    send(form, action);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-compare-form]");
    // Remove buttons on the comparison page navigate to the smaller comparison: leave them be.
    if (!form || form.getAttribute("data-compare-form") === "page-remove" || !window.fetch) {
      return;
    }
    event.preventDefault();
    send(form);
  });
})();
