/* cambill pages: the little behaviour they need, kept out of the HTML so a
   Content-Security-Policy without 'unsafe-inline' can apply. Every page works
   without it; this only makes it smoother. */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  function onReady(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  onReady(function () {
    // Phone widths: the sidebar slides in from the menu button.
    var toggle = document.querySelector("[data-nav-toggle]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        document.body.classList.add("nav-animate");
        var open = document.body.classList.toggle("nav-open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
  });

  // A table wider than its frame scrolls inside it (.table-container): the frame says
  // so (.is-scrollable: edge shadows; a hint above it, its text from <body
  // data-scroll-hint>) and takes keyboard focus so the arrow keys scroll it.
  function markScrollFrames() {
    var text = document.body.getAttribute("data-scroll-hint") || "";
    Array.prototype.forEach.call(document.querySelectorAll(".table-container"), function (frame) {
      var scrolls = frame.scrollWidth > frame.clientWidth + 1;
      var hint = frame.previousElementSibling;
      if (hint && !hint.classList.contains("scroll-hint")) { hint = null; }
      frame.classList.toggle("is-scrollable", scrolls);
      if (scrolls) {
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", text);
        if (!hint && text) {
          hint = document.createElement("p");
          hint.className = "scroll-hint";
          hint.setAttribute("aria-hidden", "true");
          hint.textContent = text;
          frame.parentNode.insertBefore(hint, frame);
        }
      } else if (frame.hasAttribute("tabindex")) {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
        if (hint) { hint.parentNode.removeChild(hint); }
      }
    });
  }
  var frameTimer = null;
  function markScrollFramesSoon() {
    window.clearTimeout(frameTimer);
    frameTimer = window.setTimeout(markScrollFrames, 100);
  }
  onReady(markScrollFrames);
  window.addEventListener("resize", markScrollFramesSoon);
  document.addEventListener("htmx:afterSettle", markScrollFrames);
  document.addEventListener("toggle", markScrollFrames, true);

  document.addEventListener("change", function (event) {
    // <select data-autosubmit> (the language switcher) submits its form.
    var el = event.target;
    // A money box shows the currency chosen in its form's currency select
    // (<span data-currency-of="id_currency">); the server drew the first one.
    if (el && el.id) {
      Array.prototype.forEach.call(document.querySelectorAll('[data-currency-of="' + el.id + '"]'), function (addon) {
        addon.textContent = (el.value || "").toUpperCase();
      });
    }
    if (el && el.matches && el.matches("[data-autosubmit]") && el.form) {
      el.form.submit();
    }
    // <input type="checkbox" data-check-all="account" form="f"> ticks every
    // checkbox named "account" of form #f (the bulk actions of a list).
    var name = el && el.getAttribute && el.getAttribute("data-check-all");
    if (name) {
      var form = el.form || document.getElementById(el.getAttribute("form") || "");
      Array.prototype.forEach.call(document.querySelectorAll('input[type="checkbox"][name="' + name + '"]'), function (box) {
        if (!form || box.form === form) { box.checked = el.checked; }
      });
    }
  });

  document.addEventListener("submit", function (event) {
    // <form data-confirm="..."> asks before doing something that cannot be undone.
    var form = event.target;
    var message = form && form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    // <button data-copy="#id"> copies the text of #id (the API token shown once).
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) { return; }
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied") || "Copied";
      window.setTimeout(function () { button.textContent = label; }, 1500);
    });
  });
})();
