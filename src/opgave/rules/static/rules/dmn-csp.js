/* Lets dmn-js run under the project's strict Content Security Policy (style-src 'self', no
   'unsafe-inline'), loaded before the dmn-js bundle. dmn-js and the CodeMirror inside it set
   styles in three ways that the policy (rightly) refuses; each is turned into the CSSOM
   equivalent, which the policy allows and which looks the same:

   1. setAttribute("style", text)          -> element.style.cssText = text
   2. innerHTML with style="..." attributes -> inserted without them, then set through the CSSOM
   3. a <style> element whose text is set   -> a constructed stylesheet in adoptedStyleSheets

   And one message is dropped from console.error: the notice of Inferno (dmn-js's view library)
   that its development build is minified — a packaging quirk of the dmn-js bundle, not an error.
   See docs/adr/0026-dmn-js-under-a-strict-csp.md. */
(function () {
  "use strict";
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (String(name).toLowerCase() === "style" && this.style) {
      this.style.cssText = String(value);
      return;
    }
    return setAttribute.call(this, name, value);
  };

  var inner = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
  var STYLE_ATTR = /\sstyle\s*=\s*("([^"]*)"|'([^']*)')/gi;
  Object.defineProperty(Element.prototype, "innerHTML", {
    configurable: true,
    enumerable: inner.enumerable,
    get: function () { return inner.get.call(this); },
    set: function (html) {
      if (typeof html !== "string" || !STYLE_ATTR.test(html)) {
        STYLE_ATTR.lastIndex = 0;
        inner.set.call(this, html);
        return;
      }
      STYLE_ATTR.lastIndex = 0;
      var styles = [];
      var safe = html.replace(STYLE_ATTR, function (_match, _quoted, double, single) {
        styles.push(double !== undefined ? double : single);
        return " data-opgave-style=\"" + (styles.length - 1) + "\"";
      });
      inner.set.call(this, safe);
      this.querySelectorAll("[data-opgave-style]").forEach(function (el) {
        var text = styles[Number(el.getAttribute("data-opgave-style"))] || "";
        el.removeAttribute("data-opgave-style");
        el.style.cssText = text.replace(/&quot;/g, "\"").replace(/&amp;/g, "&");
      });
    }
  });

  function adopt(text) {
    if (!document.adoptedStyleSheets || typeof CSSStyleSheet === "undefined") { return null; }
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    return sheet;
  }

  var createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (tag) {
    var el = createElement.apply(this, arguments);
    if (String(tag).toLowerCase() === "style") {
      var sheet = null;
      Object.defineProperty(el, "textContent", {
        configurable: true,
        get: function () { return sheet ? Array.prototype.map.call(sheet.cssRules, function (r) { return r.cssText; }).join("\n") : ""; },
        set: function (text) {
          if (sheet) { sheet.replaceSync(String(text)); } else { sheet = adopt(String(text)); }
        }
      });
      // Never inserted: its rules live in the constructed sheet, and an inline <style> element, even an
      // empty one, is refused by the policy. Code that checks where it hangs finds it in the head.
      Object.defineProperty(el, "parentNode", { configurable: true, get: function () { return document.head; } });
    }
    return el;
  };

  var consoleError = console.error;
  console.error = function () {
    var first = arguments[0];
    if (typeof first === "string" && first.indexOf("minified copy of the development build of Inferno") !== -1) {
      return;
    }
    return consoleError.apply(console, arguments);
  };
})();
