// Newsletter signup and back-in-stock forms submit in place and show the answer in their aria-live region.
// Without this script they post and come back with the same answer as a message.
(function () {
  "use strict";
  document.querySelectorAll("form[data-newsletter-signup], form[data-newsletter-alert]").forEach(function (form) {
    if (form.dataset.newsletterReady) return;
    form.dataset.newsletterReady = "1";
    var answer = form.querySelector("[data-newsletter-answer]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          answer.textContent = data.message;
          answer.classList.toggle("form-error", !data.ok);
          if (data.ok) form.reset();
        })
        .catch(function () {
          form.submit();
        })
        .finally(function () {
          if (button) button.disabled = false;
        });
    });
  });
})();
