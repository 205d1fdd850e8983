// Intake page enhancements. Everything works without this file; it only:
// - shows a dependent question only when its parent answer makes it relevant
//   (rules in data-show-if="parent=value1,value2;other=value"; the server applies
//   the same rules and clears answers to questions that are not relevant),
// - makes the body diagram clickable and keyboard-operable, in sync with the
//   pain-location checkboxes,
// - moves focus to the error summary, and offers a "copy the link" button.
(function () {
  "use strict";

  function valuesOf(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function isShown(form, rules) {
    return rules.split(";").some(function (rule) {
      var parts = rule.split("=");
      var allowed = parts[1].split(",");
      return valuesOf(form, parts[0]).some(function (value) { return allowed.indexOf(value) !== -1; });
    });
  }

  function updateDependents(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      block.hidden = !isShown(form, block.getAttribute("data-show-if"));
    });
  }

  function setUpDependents() {
    document.querySelectorAll("form.intake-form").forEach(function (form) {
      if (!form.querySelector("[data-show-if]")) { return; }
      updateDependents(form);
      form.addEventListener("change", function () { updateDependents(form); });
    });
  }

  function setUpBodyMap() {
    var map = document.querySelector(".body-map");
    if (!map) { return; }
    var regions = map.querySelectorAll(".body-region");
    function box(location) {
      return document.querySelector('input[name="pain_location"][value="' + location + '"]');
    }
    function sync() {
      regions.forEach(function (region) {
        var input = box(region.getAttribute("data-location"));
        var checked = !!(input && input.checked);
        region.setAttribute("aria-checked", checked ? "true" : "false");
        region.classList.toggle("is-selected", checked);
      });
    }
    function toggle(region) {
      var input = box(region.getAttribute("data-location"));
      if (!input) { return; }
      input.checked = !input.checked;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    regions.forEach(function (region) {
      region.addEventListener("click", function () { toggle(region); });
      region.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Enter") {
          event.preventDefault();
          toggle(region);
        }
      });
    });
    document.querySelectorAll('input[name="pain_location"]').forEach(function (input) {
      input.addEventListener("change", sync);
    });
    map.hidden = false;
    sync();
  }

  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  function setUpCopyButtons() {
    document.querySelectorAll(".copy-link").forEach(function (button) {
      var target = document.getElementById(button.getAttribute("data-copy-target"));
      if (!target) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        target.select();
        var done = function () { button.textContent = button.getAttribute("data-copied-text"); };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(target.value).then(done, function () {});
        } else if (document.execCommand && document.execCommand("copy")) {
          done();
        }
      });
    });
  }

  setUpDependents();
  setUpBodyMap();
  focusErrorSummary();
  setUpCopyButtons();
})();
