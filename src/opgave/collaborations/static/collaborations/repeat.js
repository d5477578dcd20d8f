/*
 * Repeating groups (parties, roles, relations...): the server always sends a few empty rows, so
 * everything works without script. With script, only the first empty row is shown and a button
 * reveals the next one, so a person adds several rows without saving in between.
 * A static file: the content security policy allows no inline script.
 */
(function () {
  "use strict";

  function enhance(group) {
    var empty = Array.prototype.slice.call(group.querySelectorAll("[data-repeat-empty]"));
    if (empty.length < 2) {
      return;
    }
    empty.slice(1).forEach(function (row) {
      row.hidden = true;
    });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "utrecht-button utrecht-button--secondary-action opgave-repeat-add";
    button.textContent = "Nog een " + (group.getAttribute("data-repeat-label") || "regel") + " toevoegen";
    button.addEventListener("click", function () {
      var next = group.querySelector("[data-repeat-empty][hidden]");
      if (!next) {
        return;
      }
      next.hidden = false;
      var field = next.querySelector("input:not([type=hidden]), select, textarea");
      if (field) {
        field.focus();
      }
      if (!group.querySelector("[data-repeat-empty][hidden]")) {
        button.hidden = true;
      }
    });
    group.appendChild(button);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-repeat]"), enhance);
  });
})();
