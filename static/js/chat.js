/*
 * "Chat with us": the panel on every page. site.js loads this file (and chat.css) when a shopper first opens
 * the panel, or at once for one who has written this session, and clicks the opener again once it is here.
 *
 * Without this file every "Chat with us" link opens the /chat/ page, a plain form that posts and comes
 * back with a message. With it, the links open the panel (static/templates/includes/chat_panel.html),
 * the form is sent with fetch and the server's JSON ({ok, message, office, conversation}) is shown in
 * place, and /chat/messages.json is polled for staff replies: every 5 s at first, doubling up to 60 s
 * while nothing new arrives, and not at all while the page is hidden. Messages are plain text, always
 * put on the page with textContent, never as HTML.
 */
(function () {
  "use strict";

  var panel = document.querySelector("[data-chat]");
  if (!panel || panel.dataset.chatReady) {
    return;
  }
  panel.dataset.chatReady = "1";

  var FIRST_DELAY_MS = 5000;
  var LONGEST_DELAY_MS = 60000;
  var ACTIVE_KEY = "chat-active";

  var form = panel.querySelector("[data-chat-form]");
  var thread = panel.querySelector("[data-chat-thread]");
  var office = panel.querySelector("[data-chat-office]");
  var live = panel.querySelector("[data-chat-live]");
  var answer = panel.querySelector("[data-chat-answer]");
  var identity = panel.querySelector("[data-chat-identity]");
  var known = panel.querySelector("[data-chat-known]");
  var email = panel.querySelector("[data-chat-email]");
  var messageField = panel.querySelector("[data-chat-message]");
  var pageField = panel.querySelector("[data-chat-page]");
  var stateUrl = panel.getAttribute("data-chat-state-url");

  var seen = {}; // message ids already on the page
  var loadedOnce = false;
  var hasConversation = false;
  var delay = FIRST_DELAY_MS;
  var timer = null;
  var lastOpener = null;

  function storage() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null;
    }
  }

  function text(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return values[name] === undefined ? match : values[name];
    });
  }

  function openers() {
    return document.querySelectorAll("[data-chat-open]");
  }

  function isOpen() {
    return !panel.hidden;
  }

  function setNewReply(flag) {
    document.querySelectorAll("[data-chat-new]").forEach(function (marker) {
      marker.hidden = !flag;
    });
  }

  function open(opener) {
    lastOpener = opener || null;
    panel.hidden = false;
    openers().forEach(function (link) {
      link.setAttribute("aria-expanded", "true");
    });
    document.documentElement.classList.add("chat-open");
    setNewReply(false);
    if (pageField) {
      pageField.value = window.location.pathname + window.location.search;
    }
    var first = hasConversation ? messageField : identity.querySelector("input") || messageField;
    first.focus();
    poll(true);
  }

  function close() {
    panel.hidden = true;
    openers().forEach(function (link) {
      link.setAttribute("aria-expanded", "false");
    });
    document.documentElement.classList.remove("chat-open");
    if (lastOpener && document.body.contains(lastOpener)) {
      lastOpener.focus();
    }
  }

  function renderMessage(message) {
    var item = document.createElement("li");
    item.className = "chat-message chat-message--" + message.from;
    item.setAttribute("data-message-id", String(message.id));
    var meta = document.createElement("p");
    meta.className = "chat-message__meta";
    var author = document.createElement("span");
    author.className = "chat-message__author";
    author.textContent = message.author;
    var time = document.createElement("time");
    time.setAttribute("datetime", message.sent_at);
    time.textContent = message.time;
    meta.appendChild(author);
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(time);
    var body = document.createElement("p");
    body.className = "chat-message__body";
    body.textContent = message.body;
    item.appendChild(meta);
    item.appendChild(body);
    return item;
  }

  // Shows the server's answer; true when a staff reply arrived that was not on the page before.
  function render(state) {
    var note = state.office && state.office.note;
    office.textContent = note || "";
    office.hidden = !note;
    var conversation = state.conversation;
    var newReply = false;
    hasConversation = Boolean(conversation);
    identity.hidden = hasConversation;
    email.required = !hasConversation;
    known.hidden = !hasConversation;
    var store = storage();
    if (!conversation) {
      if (store) {
        store.removeItem(ACTIVE_KEY); // the session ended, or never wrote: nothing to poll for
      }
      loadedOnce = true;
      return false;
    }
    if (store) {
      store.setItem(ACTIVE_KEY, "1");
    }
    known.textContent = text(panel.getAttribute("data-chat-known-text"), { email: conversation.email });
    conversation.messages.forEach(function (message) {
      if (seen[message.id]) {
        return;
      }
      seen[message.id] = true;
      thread.appendChild(renderMessage(message));
      if (loadedOnce && message.from === "staff") {
        newReply = true;
        // Read out by screen readers: the panel's list itself is not a live region, so history is not re-read.
        live.textContent = text(panel.getAttribute("data-chat-reply-text"), {
          author: message.author,
          body: message.body,
        });
      }
    });
    thread.hidden = thread.children.length === 0;
    if (newReply && !isOpen()) {
      setNewReply(true);
    }
    if (isOpen() && newReply) {
      thread.lastElementChild.scrollIntoView({ block: "nearest" });
    }
    loadedOnce = true;
    return newReply;
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = null;
    if (document.hidden || !(hasConversation || isOpen())) {
      return; // nothing to wait for, or nobody looking: a visible page starts again
    }
    timer = window.setTimeout(function () {
      poll(false);
    }, delay);
  }

  // One look at the server now; `reset` (opening the panel, coming back to the page) starts the waits again.
  function poll(reset) {
    window.clearTimeout(timer);
    fetch(stateUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if ((state && render(state)) || reset) {
          // A reply came (the shopper may well answer it), or they just opened or came back: look again soon.
          delay = FIRST_DELAY_MS;
        } else {
          delay = Math.min(delay * 2, LONGEST_DELAY_MS);
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, LONGEST_DELAY_MS);
      })
      .finally(schedule);
  }

  function showAnswer(message, isError) {
    answer.textContent = message || "";
    answer.classList.toggle("form-error", Boolean(isError));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
    }
    showAnswer("", false);
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          throw new Error("not JSON: " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        showAnswer(data.message, !data.ok);
        if (data.ok) {
          messageField.value = "";
          render(data);
          delay = FIRST_DELAY_MS;
          schedule();
          messageField.focus();
        }
      })
      .catch(function () {
        showAnswer(panel.getAttribute("data-chat-error-text"), true);
      })
      .finally(function () {
        if (button) {
          button.disabled = false;
        }
      });
  });

  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-chat-open]");
    if (!opener || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    if (isOpen()) {
      messageField.focus();
    } else {
      open(opener);
    }
  });

  panel.querySelector("[data-chat-close]").addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      window.clearTimeout(timer);
      timer = null;
    } else if (hasConversation || isOpen()) {
      poll(true);
    }
  });

  openers().forEach(function (link) {
    link.setAttribute("aria-expanded", "false");
  });
  document.documentElement.classList.add("chat-js");

  // A shopper who has written in this browser session keeps hearing about replies on every page.
  var store = storage();
  if (store && store.getItem(ACTIVE_KEY)) {
    poll(true);
  }
})();
