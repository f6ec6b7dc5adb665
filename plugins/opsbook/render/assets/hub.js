/* opsbook resource hub and status board: filter rows by kind (or column), owner and tag, in the
 * browser, with no server.
 *
 * Rows carry data-owners (ids, space-separated), data-tags (a JSON list) and, for any other
 * select of the form, the attribute of its name (data-kind, data-column). The
 * filter form is hidden in the page and shown here, so without JavaScript the page shows
 * everything and offers no control that does nothing. The filters live in the query string
 * (?tag=webinars), so a filtered view can be bookmarked and shared.
 */
(function () {
  "use strict";


  function tagsOf(row) {
    try {
      var tags = JSON.parse(row.getAttribute("data-tags") || "[]");
      return Array.isArray(tags) ? tags : [];
    } catch (err) {
      return [];
    }
  }

  function matches(row, wanted) {
    return Object.keys(wanted).every(function (name) {
      var value = wanted[name];
      if (!value) return true;
      if (name === "owner") return (row.getAttribute("data-owners") || "").split(" ").indexOf(value) >= 0;
      if (name === "tag") return tagsOf(row).indexOf(value) >= 0;
      return row.getAttribute("data-" + name) === value;
    });
  }

  function setup(root) {
    var form = root.querySelector("form[data-hub-filter]");
    if (!form || form.getAttribute("data-hub-ready")) return;
    form.setAttribute("data-hub-ready", "");
    var FIELDS = Array.prototype.map.call(form.querySelectorAll("select[name]"), function (s) { return s.name; });
    var rows = Array.prototype.slice.call(root.querySelectorAll("[data-hub-row]"));
    var sections = Array.prototype.slice.call(root.querySelectorAll("[data-hub-section]"));
    var status = form.querySelector("[data-hub-status]");
    var empty = root.querySelector("[data-hub-empty]");

    function wanted() {
      var w = {};
      FIELDS.forEach(function (name) { w[name] = form.elements[name].value; });
      return w;
    }

    function apply(updateUrl) {
      var w = wanted();
      var active = FIELDS.some(function (name) { return w[name]; });
      var shown = 0;
      rows.forEach(function (row) {
        var ok = !active || matches(row, w);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      sections.forEach(function (section) {
        var own = section.querySelectorAll("[data-hub-row]");
        var visible = section.querySelectorAll("[data-hub-row]:not([hidden])");
        // A section with nothing that matches goes, with its heading.
        section.hidden = active && (own.length === 0 || visible.length === 0);
      });
      if (empty) empty.hidden = !active || shown > 0;
      status.textContent = active ? "Showing " + shown + " of " + rows.length + " items." : "";
      if (updateUrl && window.history && window.history.replaceState) {
        var params = new URLSearchParams(window.location.search);
        FIELDS.forEach(function (name) {
          if (w[name]) params.set(name, w[name]); else params.delete(name);
        });
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    function choose(name, value) {
      var select = form.elements[name];
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      select.value = known ? value : "";
    }

    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) { if (params.get(name)) choose(name, params.get(name)); });

    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    // A tag on a row filters by that tag.
    Array.prototype.forEach.call(root.querySelectorAll("[data-hub-row] .opsbook-tag"), function (chip) {
      var tag = chip.textContent;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "opsbook-tag__button";
      button.textContent = tag;
      button.title = "Show only what is tagged " + tag;
      button.addEventListener("click", function () {
        choose("tag", tag);
        apply(true);
        form.scrollIntoView({ block: "start" });
      });
      chip.textContent = "";
      chip.appendChild(button);
    });

    form.hidden = false;
    apply(false);
  }

  function init() { setup(document); }

  // Material's instant navigation swaps pages without a load event; document$ announces each.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
