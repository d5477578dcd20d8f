/*
 * The few behaviours of the shell that need script; everything works without it.
 * Loaded as a static file (the CSP allows no inline script).
 */
(function () {
  "use strict";

  function focusOnLoad() {
    // An error summary (or another element marked data-focus-on-load) takes focus when a
    // page is shown, so that keyboard and screen-reader users hear what went wrong first.
    var target = document.querySelector("[data-focus-on-load]");
    if (target) {
      target.focus();
    }
  }

  function closeUserMenuOnEscape(event) {
    if (event.key !== "Escape") {
      return;
    }
    var menu = document.querySelector(".opgave-user-menu[open]");
    if (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) {
        summary.focus();
      }
    }
  }

  document.addEventListener("DOMContentLoaded", focusOnLoad);
  document.addEventListener("keydown", closeUserMenuOnEscape);
})();
