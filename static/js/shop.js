// Listing facets: apply a choice as soon as it is made. The form works without this script
// (the Apply button submits it); this only saves the shopper a click.
(function () {
  "use strict";
  var form = document.querySelector("form.facets");
  if (!form) {
    return;
  }
  form.addEventListener("change", function (event) {
    var field = event.target;
    // Typed prices wait for Apply or Enter, so a half-typed number is not submitted.
    if (field.type === "number") {
      return;
    }
    form.requestSubmit ? form.requestSubmit() : form.submit();
  });
})();
