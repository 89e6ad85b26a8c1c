/* Card payment on the checkout "Pay" page.
 *
 * Card details go from Stripe's card element straight to Stripe; this script sends our server only the
 * PaymentMethod id. The server creates and confirms the PaymentIntent; when the bank wants 3-D Secure,
 * confirmCardPayment() runs it here and the server is asked again how the payment ended.
 */
(function () {
  "use strict";

  var form = document.getElementById("payment-form");
  if (!form || typeof window.Stripe !== "function") {
    return;
  }
  var submit = document.getElementById("payment-submit");
  var messageBox = document.getElementById("payment-message");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var stripe = window.Stripe(form.dataset.stripeKey);
  var card = stripe.elements().create("card", { hidePostalCode: true });
  card.mount("#card-element");
  submit.disabled = false;

  // Kept after an answer of "retryable" so the retry replays the very same attempt (no second charge).
  var paymentMethodId = null;
  card.on("change", function () {
    paymentMethodId = null;
  });

  function show(text, isError) {
    messageBox.textContent = text;
    messageBox.hidden = !text;
    messageBox.classList.toggle("payment-message--error", Boolean(isError));
  }

  async function createPaymentMethod() {
    var result = await stripe.createPaymentMethod({
      type: "card",
      card: card,
      billing_details: {
        name: form.dataset.billingName,
        email: form.dataset.billingEmail,
        address: { postal_code: form.dataset.billingPostalCode, country: "CA" },
      },
    });
    if (result && (result.paymentMethod || result.error)) {
      return result;
    }
    // Offline development only: localstripe's stand-in Stripe.js returns nothing from createPaymentMethod,
    // but its tokens carry a card id that its API accepts as a payment method.
    var tokenResult = await stripe.createToken(card);
    if (tokenResult.error) {
      return { error: tokenResult.error };
    }
    return { paymentMethod: { id: tokenResult.token.card.id } };
  }

  async function post(url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (key) {
      body.append(key, fields[key]);
    });
    try {
      var response = await fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      });
      return await response.json();
    } catch (error) {
      return { status: "retryable", message: form.dataset.offlineMessage || "We could not reach the shop. Please check your connection and try again." };
    }
  }

  function finish(answer) {
    if (answer.redirect) {
      window.location.assign(answer.redirect);
      return;
    }
    if (answer.status !== "retryable") {
      paymentMethodId = null;
    }
    // The server's message is already the shop's plain wording for Stripe's code, never Stripe's own.
    show(answer.message || form.dataset.genericMessage || "The payment did not go through.", true);
    submit.disabled = false;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    submit.disabled = true;
    show(form.dataset.workingMessage || "Processing your payment…", false);
    if (!paymentMethodId) {
      var created = await createPaymentMethod();
      if (created.error) {
        // Stripe.js's own wording is not shown: the shop's plain, translated message is.
        show(form.dataset.cardDetailsMessage || "Please check the card number, expiry date and security code.", true);
        submit.disabled = false;
        return;
      }
      paymentMethodId = created.paymentMethod.id;
    }
    var answer = await post(form.action, { payment_method_id: paymentMethodId });
    if (answer.status === "requires_action" && answer.client_secret) {
      await stripe.confirmCardPayment(answer.client_secret);
      // Whatever the browser was told, the server asks Stripe how it really ended.
      answer = await post(form.dataset.confirmUrl, {});
    }
    finish(answer);
  });
})();
