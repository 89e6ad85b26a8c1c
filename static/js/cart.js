/* Progressive enhancement for the cart: quantity changes go through /cart/change.js and the page
   refreshes its totals without a full reload. Without JavaScript the same forms post normally. */
(function () {
  "use strict";

  // The cart's address in the page's language ("/cart/", or "/fr/cart/" in French), from the header's cart
  // link; the JSON endpoints sit beside it, so their answers and errors speak the page's language too.
  var cartLink = document.querySelector("[data-cart-link]");
  var cartUrl = (cartLink && cartLink.getAttribute("href")) || "/cart/";
  var cartJsonUrl = cartUrl.replace(/\/$/, ".js");

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function updateCount(cart) {
    document.querySelectorAll("[data-cart-count]").forEach(function (node) {
      node.textContent = "(" + cart.item_count + ")";
    });
  }

  function postJSON(url, form, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(form), Accept: "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.description || data.message || "Error"); }
        return data;
      });
    });
  }

  function showError(form, message) {
    var note = form.querySelector(".field-error");
    if (!note) {
      note = document.createElement("p");
      note.className = "field-error";
      note.setAttribute("role", "alert");
      form.appendChild(note);
    }
    note.textContent = message;
  }

  // On the cart page: change a quantity in place, then reload the page's figures from the server,
  // which stays the one place that computes money.
  document.querySelectorAll("form[data-cart-change]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var variant = form.querySelector("input[name=variant]").value;
      var quantity = parseInt(form.querySelector("input[name=quantity]").value, 10);
      if (isNaN(quantity) || quantity < 0) { showError(form, form.dataset.quantityError || "Enter a whole number."); return; }
      postJSON(cartUrl + "change.js", form, { id: Number(variant), quantity: quantity })
        .then(function () { window.location.reload(); })
        .catch(function (error) { showError(form, error.message); });
    });
  });

  // Anywhere: add to cart without leaving the page, updating the header count.
  document.querySelectorAll("form[data-add-to-cart]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var variantField = form.querySelector("[name=variant]");
      var quantityField = form.querySelector("[name=quantity]");
      if (!variantField || !window.fetch) { return; }
      event.preventDefault();
      form.classList.add("add-to-cart--busy");
      postJSON(cartUrl + "add.js", form, { id: Number(variantField.value), quantity: Number(quantityField ? quantityField.value : 1) })
        .then(function () { return fetch(cartJsonUrl, { credentials: "same-origin" }); })
        .then(function (response) { return response.json(); })
        .then(function (cart) {
          updateCount(cart);
          var note = form.querySelector(".add-to-cart__added");
          if (!note) {
            note = document.createElement("p");
            note.className = "add-to-cart__added";
            note.setAttribute("role", "status");
            form.appendChild(note);
          }
          note.innerHTML = "";
          var link = document.createElement("a");
          link.href = cartUrl;
          link.textContent = form.dataset.addedText || "Added — view cart";
          note.appendChild(link);
        })
        .catch(function (error) { showError(form, error.message); })
        .then(function () { form.classList.remove("add-to-cart--busy"); });
    });
  });
})();
