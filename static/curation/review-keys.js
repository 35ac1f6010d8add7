// Keyboard review (no mouse needed): a 采纳, r 驳回理由, e 更正, n 下一条, q 返回队列,
// s 开始审核 (queue page), Esc leaves a text field. Keys are ignored while typing.
(function () {
  "use strict";
  function typing(target) {
    return target && target.closest && target.closest("input, textarea, select, [contenteditable], .select2-container");
  }
  function follow(selector) {
    var link = document.querySelector(selector);
    if (link && link.href) { window.location.href = link.href; return true; }
    return false;
  }
  function press(selector) {
    var button = document.querySelector(selector);
    if (button) { button.click(); return true; }
    return false;
  }
  function focus(selector) {
    var field = document.querySelector(selector);
    if (field) { field.focus(); if (field.select) { field.select(); } return true; }
    return false;
  }
  function openCorrection() {
    var details = document.querySelector("#review-correct");
    if (!details) { return false; }
    details.open = true;
    var field = details.querySelector("input:not([type=hidden]), select, textarea");
    if (field) { field.focus(); }
    return true;
  }
  var keys = {
    a: function () { return press("#review-accept-button"); },
    r: function () { return focus("#id_reject-reason"); },
    e: openCorrection,
    n: function () { return follow("#review-next"); },
    q: function () { return follow("#review-queue"); },
    s: function () { return follow("#review-start"); }
  };
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (typing(event.target)) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var action = keys[event.key];
    if (action && action()) { event.preventDefault(); }
  });
  // The queue page's "select all" box.
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "select-all-records") {
      document.querySelectorAll("input[name=selected]").forEach(function (box) { box.checked = event.target.checked; });
    }
  });
})();
