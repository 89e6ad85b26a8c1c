/* Checkout details: when the shopper picks a province, each shipping method shows its price and delivery
   estimate there. The server works both out (/cart/quote.json, the same rule the order uses); without
   JavaScript the page shows them for the province it was given. */
(function () {
  "use strict";

  var fieldset = document.querySelector("[data-shipping-options]");
  var form = fieldset && fieldset.closest("form");
  var province = form && form.querySelector("select[name=province]");
  if (!province || !window.fetch) {
    return;
  }
  var hint = fieldset.querySelector("[data-shipping-hint]");
  var asked = 0;

  function show(options) {
    fieldset.querySelectorAll("[data-shipping-option]").forEach(function (label) {
      var option = options.filter(function (item) { return item.method === label.dataset.shippingOption; })[0];
      label.querySelector("[data-shipping-price]").textContent = option ? option.price_text : "";
      label.querySelector("[data-shipping-estimate]").textContent = option ? option.estimate : "";
    });
    if (hint) {
      hint.hidden = options.length > 0;
    }
  }

  province.addEventListener("change", function () {
    var ask = ++asked;
    if (!province.value) {
      show([]);
      return;
    }
    var url = fieldset.dataset.quoteUrl + "?province=" + encodeURIComponent(province.value);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { shipping_options: [] }; })
      .then(function (quote) {
        if (ask === asked) {  // an older answer arriving late must not overwrite a newer province's
          show(quote.shipping_options || []);
        }
      })
      .catch(function () { /* the review step still shows the full, correct breakdown */ });
  });
})();
