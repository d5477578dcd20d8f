/* The landscape's network view: cytoscape.js over the JSON data block of the page.
 * Keyboard: focus the map, then ArrowRight/ArrowLeft walk through all nodes (most connected
 * first), ArrowDown/ArrowUp walk through the neighbours of the node you came from, Home/End
 * jump to the first/last node, Enter opens a collaboration. The live region says where you are.
 * No inline script or style: the strict content security policy allows neither. */
(function () {
  "use strict";

  function describe(node) {
    var d = node.data();
    if (d.kind === "organisation") {
      return "Organisatie " + d.label + ": verbindt " + d.connections + " samenwerking" + (d.connections === 1 ? "" : "en") + ".";
    }
    return "Samenwerking " + d.label + ": " + d.connections + " organisatie" + (d.connections === 1 ? "" : "s") +
      (d.theme ? ", thema " + d.theme : "") + (d.alone ? ", staat alleen" : "") + ". Enter opent de samenwerking.";
  }

  function start() {
    var container = document.getElementById("network");
    var source = document.getElementById("network-data");
    var focusText = document.getElementById("network-focus");
    if (!container || !source || typeof window.cytoscape !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var elements = data.nodes.map(function (n) {
      return { group: "nodes", data: n };
    }).concat(data.edges.map(function (e, i) {
      return { group: "edges", data: { id: "e" + i, source: e.source, target: e.target } };
    }));
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000 },
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 9, "text-wrap": "ellipsis", "text-max-width": 120, color: "#1a1a1a" } },
        { selector: "node[kind = 'organisation']", style: { shape: "ellipse", "background-color": "#1f6fb2", width: "mapData(connections, 1, 8, 14, 40)", height: "mapData(connections, 1, 8, 14, 40)" } },
        { selector: "node[kind = 'collaboration']", style: { shape: "round-rectangle", "background-color": "#d9822b", width: 22, height: 22 } },
        { selector: "node[?alone]", style: { "border-width": 3, "border-color": "#000" } },
        { selector: "edge", style: { width: 1, "line-color": "#9a9a9a" } },
        { selector: "node.is-focus", style: { "overlay-color": "#000", "overlay-opacity": 0.25, "overlay-padding": 6, "font-weight": "bold" } },
      ],
    });
    var order = cy.nodes().sort(function (a, b) {
      return b.data("connections") - a.data("connections") || a.data("label").localeCompare(b.data("label"));
    });
    var index = -1;
    var anchor = null;
    var neighbourIndex = -1;

    function show(node) {
      cy.nodes().removeClass("is-focus");
      node.addClass("is-focus");
      cy.animate({ center: { eles: node } }, { duration: 0 });
      focusText.textContent = describe(node);
      container.setAttribute("aria-label", "Netwerkkaart, " + describe(node));
    }

    function go(i) {
      if (!order.length) {
        return;
      }
      index = (i + order.length) % order.length;
      anchor = order[index];
      neighbourIndex = -1;
      show(anchor);
    }

    function neighbour(step) {
      if (!anchor) {
        go(0);
        return;
      }
      var around = anchor.neighborhood("node");
      if (!around.length) {
        focusText.textContent = anchor.data("label") + " heeft geen verbindingen.";
        return;
      }
      neighbourIndex = (neighbourIndex + step + around.length) % around.length;
      show(around[neighbourIndex]);
    }

    function current() {
      return cy.nodes(".is-focus")[0];
    }

    container.addEventListener("keydown", function (event) {
      var keys = { ArrowRight: 1, ArrowLeft: -1 };
      if (event.key in keys) {
        go(index + keys[event.key]);
      } else if (event.key === "ArrowDown") {
        neighbour(1);
      } else if (event.key === "ArrowUp") {
        neighbour(-1);
      } else if (event.key === "Home") {
        go(0);
      } else if (event.key === "End") {
        go(order.length - 1);
      } else if (event.key === "Enter") {
        var node = current();
        if (node && node.data("url")) {
          window.location.assign(node.data("url"));
        }
      } else {
        return;
      }
      event.preventDefault();
    });
    container.addEventListener("focus", function () {
      if (index < 0) {
        go(0);
      }
    });
    cy.on("tap", "node", function (event) {
      var node = event.target;
      index = order.indexOf(node);
      anchor = node;
      neighbourIndex = -1;
      show(node);
      if (node.data("url")) {
        window.location.assign(node.data("url"));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
