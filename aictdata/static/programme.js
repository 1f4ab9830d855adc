// « Mon programme » (issue 28): star the slots you attend, keep them in this browser
// (localStorage), share them as a link (#mon-programme=slot,slot) and take exactly those
// into your calendar as an .ics file built here, from the data the page already holds
// (each row's data-* attributes), with the UIDs and SEQUENCEs of the published feeds.
// No account, no server, no third party. Without JavaScript the page works as before: the
// panel is hidden by the stylesheet (scripting: none) and no star is added. The page keeps
// room for both, so that nothing moves when this deferred script runs after the first paint;
// the panel's content shows once the script has made it work (`ready`), never before.
(function () {
  "use strict";
  var panel = document.getElementById("mon-programme");
  if (!panel) return;
  // Storage refused (site data blocked, a sandboxed frame) throws: the panel then stays
  // invisible in its room, as when this script cannot run at all.
  var storage;
  try {
    storage = window.localStorage;
  } catch (error) {
    return;
  }
  if (!storage) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-uid]"));
  var key = "aictdata:" + panel.getAttribute("data-edition");
  var HASH = "#mon-programme=";
  var chosen = read();

  function read() {
    if (location.hash.indexOf(HASH) === 0) {
      var shared = decodeURIComponent(location.hash.slice(HASH.length)).split(",");
      return shared.filter(function (id) { return document.getElementById("s-" + id); });
    }
    try {
      return JSON.parse(storage.getItem(key) || "[]");
    } catch (error) {
      return [];
    }
  }

  function slotOf(row) { return row.id.slice(2); }

  // RFC 5545 TEXT: backslash, semicolon, comma and line break escaped.
  function text(value) {
    return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
  }

  // Lines of at most 75 octets, never cut inside a UTF-8 character (RFC 5545 3.1).
  var encoder = new TextEncoder();

  function fold(line) {
    var out = [], current = "", size = 0;
    for (var i = 0; i < line.length; i++) {
      var character = line[i];
      var code = line.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) character += line[++i];
      var octets = encoder.encode(character).length;
      if (size + octets > 75) { out.push(current); current = " "; size = 1; }
      current += character;
      size += octets;
    }
    out.push(current);
    return out.join("\r\n");
  }

  function calendar() {
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + panel.getAttribute("data-prodid"),
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH"
    ];
    rows.forEach(function (row) {
      if (chosen.indexOf(slotOf(row)) < 0) return;
      var data = row.dataset;
      lines.push(
        "BEGIN:VEVENT",
        "UID:" + text(data.uid),
        "DTSTAMP:" + panel.getAttribute("data-stamp"),
        "DTSTART:" + data.start,
        "DTEND:" + data.end,
        "SEQUENCE:" + data.sequence,
        "STATUS:" + data.status,
        "SUMMARY:" + text(row.querySelector(".title").textContent),
        "LOCATION:" + text(data.location),
        "URL:" + data.url,
        "END:VEVENT"
      );
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  var download = panel.querySelector("a.download");
  var share = panel.querySelector("input.share");
  var count = panel.querySelector(".count");
  var url = null;

  function update() {
    chosen = chosen.filter(function (id, index) { return chosen.indexOf(id) === index; });
    try { storage.setItem(key, JSON.stringify(chosen)); } catch (error) { /* private mode */ }
    rows.forEach(function (row) {
      var on = chosen.indexOf(slotOf(row)) >= 0;
      var star = row.querySelector("button.star");
      star.setAttribute("aria-pressed", on ? "true" : "false");
      star.textContent = on ? "★" : "☆";
      row.classList.toggle("chosen", on);
    });
    var number = chosen.length;
    count.textContent = panel.getAttribute(
      number === 0 ? "data-none" : number === 1 ? "data-one" : "data-many"
    ).replace("{count}", number);
    share.value = location.href.split("#")[0] + HASH + chosen.join(",");
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(new Blob([calendar()], { type: "text/calendar" }));
    download.href = url;
    panel.classList.toggle("none-chosen", chosen.length === 0);
  }

  rows.forEach(function (row) {
    var star = document.createElement("button");
    star.type = "button";
    star.className = "star";
    star.setAttribute("aria-label",
      panel.getAttribute("data-star").replace("{title}", row.querySelector(".title").textContent));
    star.addEventListener("click", function () {
      var id = slotOf(row), at = chosen.indexOf(id);
      if (at < 0) chosen.push(id); else chosen.splice(at, 1);
      update();
    });
    row.querySelector("td.slot").insertBefore(star, row.querySelector("td.slot").firstChild);
  });
  panel.querySelector("button.clear").addEventListener("click", function () {
    chosen = [];
    update();
  });
  update();
  panel.classList.add("ready");
})();
