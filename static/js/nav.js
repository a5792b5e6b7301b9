/* The main menu (templates/partials/nav.html): fold it under its button on a phone, keep it open on a wider
   screen, and let only one group be open at a time; Escape or a click elsewhere closes an open group.
   Loaded right after the menu, without defer, so a phone never shows the menu unfolded. */
(function () {
  "use strict";
  var nav = document.currentScript && document.currentScript.closest(".main-nav");
  if (!nav) { return; }
  var menu = nav.querySelector(".main-nav__menu");
  var groups = Array.prototype.slice.call(nav.querySelectorAll(".main-nav__group > details"));
  var phone = window.matchMedia("(max-width: 40rem)");

  function fit() { menu.open = !phone.matches; }
  fit();
  if (phone.addEventListener) { phone.addEventListener("change", fit); }

  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) { return; }
      groups.forEach(function (other) { if (other !== group) { other.open = false; } });
    });
  });

  function openGroup() {
    for (var i = 0; i < groups.length; i++) { if (groups[i].open) { return groups[i]; } }
    return null;
  }
  document.addEventListener("keydown", function (event) {
    var group = openGroup();
    if (event.key === "Escape" && group) {
      group.open = false;
      group.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    var group = openGroup();
    if (group && !group.contains(event.target)) { group.open = false; }
  });
})();
