/* Pillar 3 (rules): start the dmn-js viewer or modeller on a version page, and hand the edited
   model to the save form. dmn-js comes from its own prebuilt bundle (window.DmnJS), served by the
   project; no inline script, so the strict content security policy holds. */
(function () {
  "use strict";

  function load(container, DmnJS, onReady) {
    var url = container.getAttribute("data-model-url");
    var dmn = new DmnJS({ container: container, keyboard: { bindTo: document } });
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (xml) { return dmn.importXML(xml); })
      .then(function () {
        container.setAttribute("data-loaded", "true");
        if (onReady) { onReady(dmn); }
      })
      .catch(function (error) {
        container.setAttribute("data-error", String(error && error.message || error));
        var note = document.createElement("p");
        note.className = "utrecht-paragraph";
        note.textContent = "Het diagram kon niet worden getoond. De tekstversie hieronder bevat dezelfde regels.";
        container.appendChild(note);
      });
    return dmn;
  }

  function start() {
    var viewer = document.getElementById("dmn-viewer");
    if (viewer && window.DmnJS) {
      load(viewer, window.DmnJS);
    }
    var editor = document.getElementById("dmn-editor");
    var form = document.getElementById("dmn-save-form");
    if (editor && form && window.DmnJS) {
      var modeler = load(editor, window.DmnJS);
      window.opgaveDmnModeler = modeler;  // for the browser test and for debugging
      form.addEventListener("submit", function (event) {
        if (form.getAttribute("data-ready") === "true") { return; }
        event.preventDefault();
        modeler.saveXML({ format: true }).then(function (result) {
          document.getElementById("dmn-xml").value = result.xml;
          form.setAttribute("data-ready", "true");
          form.submit();
        });
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
