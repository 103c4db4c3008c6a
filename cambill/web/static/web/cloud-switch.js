/* The cloud switcher in the header (provider staff): opening it puts the cursor in
   its search field, the arrow keys move between the field and the clouds found,
   Escape closes it. Without this file it is still a disclosure, a search form and
   links. */
(function () {
  "use strict";

  function items(box) {
    return Array.prototype.slice.call(box.querySelectorAll("#cloud-switch-results a, input[type=search]"));
  }

  function setUp() {
    var box = document.querySelector("[data-cloud-switch]");
    if (!box) { return; }
    var summary = box.querySelector("summary");
    var input = box.querySelector("input[type=search]");
    box.addEventListener("toggle", function () {
      if (box.open && input) { input.focus(); }
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && box.open) {
        box.open = false;
        summary.focus();
        event.preventDefault();
        return;
      }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
      var list = items(box);
      // The search field first, then the clouds in their order.
      list.sort(function (a, b) { return a === input ? -1 : b === input ? 1 : 0; });
      var at = list.indexOf(document.activeElement);
      if (at < 0) { return; }
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= 0 && next < list.length) { list[next].focus(); }
      event.preventDefault();
    });
    document.addEventListener("click", function (event) {
      if (box.open && !box.contains(event.target)) { box.open = false; }
    });
  }

  if (document.readyState !== "loading") { setUp(); } else { document.addEventListener("DOMContentLoaded", setUp); }
})();
