// gdr review: optional enhancements; every page works without this script.
(function () {
  "use strict";
  var source = document.getElementById("source");
  var hl = document.getElementById("hl");
  if (hl && source) { source.scrollTop = Math.max(0, hl.offsetTop - source.clientHeight / 2); }
  var last = null; // [start, end) of the latest selection in the source, in code points (Python offsets)

  function codePoints(s) { return Array.from(s).length; }

  function offsetIn(node, offset) {
    var range = document.createRange();
    range.setStart(source, 0);
    range.setEnd(node, offset);
    return codePoints(range.toString()); // ::before markers are not text, so offsets match the text
  }

  function readSelection() {
    var sel = window.getSelection();
    if (!source || !sel || sel.rangeCount === 0) { return null; }
    var r = sel.getRangeAt(0);
    if (!source.contains(r.startContainer) || !source.contains(r.endContainer)) { return null; }
    return [offsetIn(r.startContainer, r.startOffset), offsetIn(r.endContainer, r.endOffset), r.toString()];
  }

  if (source) {
    document.addEventListener("selectionchange", function () {
      var got = readSelection();
      if (got) {
        last = got;
        var info = document.getElementById("selection-info");
        if (info) { info.textContent = "selection [" + got[0] + ", " + got[1] + ") " + JSON.stringify(got[2].slice(0, 30)); }
      }
    });
  }

  function useSelection(which) {
    if (!last) { return; }
    document.getElementById(which + "-start").value = last[0];
    document.getElementById(which + "-end").value = last[1];
    var value = document.getElementById(which + "-value");
    if (value && which === "cell") { value.value = last[2]; }
  }

  Array.prototype.forEach.call(document.querySelectorAll("button.use-selection"), function (b) {
    b.addEventListener("click", function () { useSelection(b.getAttribute("data-form")); });
  });

  document.addEventListener("keydown", function (e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") {
      if (e.key === "Escape") { e.target.blur(); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var go = {j: "next", k: "prev"}[e.key];
    if (go && document.getElementById(go)) { e.preventDefault(); document.getElementById(go).click(); return; }
    if (e.key === "e" && document.getElementById("cell-value")) { e.preventDefault(); document.getElementById("cell-value").focus(); }
    if (e.key === "m" && document.getElementById("metric-type")) { e.preventDefault(); document.getElementById("metric-type").focus(); }
    if (e.key === "s") { useSelection(document.getElementById("metric-start") && document.getElementById("metric-start") === document.activeElement ? "metric" : "cell"); }
  });
})();
