// Follows a ticket live. The server wrote the page as it stood; each
// "ticket" message of the ticket's stream (GET /api/v1/tickets/{id}/events)
// carries the whole ticket, from which the status is written again in
// the page's language with the sentences the server gave (data-texts).
// EventSource reconnects by itself; the stream ends once the ticket is
// done, and then this stops listening.
(function () {
  "use strict";
  var root = document.getElementById("ticket");
  if (!root || !root.dataset.stream || !window.EventSource) {
    return;
  }
  var texts = JSON.parse(root.dataset.texts);
  var zone = root.dataset.zone;
  var status = document.getElementById("ticket-status");
  var headline = document.getElementById("ticket-headline");
  var detail = document.getElementById("ticket-detail");
  var note = root.querySelector(".live-note");
  var title = document.title;
  var state = root.dataset.state;

  // fmt fills the %s and %d of a sentence in order.
  function fmt(s) {
    var args = arguments;
    var i = 1;
    return s.replace(/%[sd]/g, function () {
      return String(args[i++]);
    });
  }

  // clock writes a time as the server does: "15.00" in the point's zone.
  function clock(iso) {
    var parts = new Intl.DateTimeFormat("en-GB", {timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23"})
      .formatToParts(new Date(iso));
    var h = "";
    var m = "";
    parts.forEach(function (p) {
      if (p.type === "hour") {
        h = p.value;
      } else if (p.type === "minute") {
        m = p.value;
      }
    });
    return h + "." + m;
  }

  // describe says where the ticket stands: [headline, detail].
  function describe(t) {
    var desk = t.desk ? t.desk.name : "";
    var wait = t.estimated_wait_minutes;
    switch (t.state) {
    case "waiting":
      var head = t.position <= 1 ? texts.next : fmt(texts.position, t.position);
      if (t.not_before && new Date(t.not_before) > new Date()) {
        return [head, fmt(texts.not_before, clock(t.not_before))];
      }
      if (wait === undefined || wait === null || wait <= 0) {
        return [head, texts.soon];
      }
      return [head, wait === 1 ? texts.wait_one : fmt(texts.wait, wait)];
    case "called":
      return [fmt(texts.called, desk), texts.called_lead];
    case "serving":
      return [fmt(texts.serving, desk), ""];
    case "done":
      return [texts.done, ""];
    case "no_show":
      return [texts.no_show, texts.no_show_hint];
    }
    return null;
  }

  var source = new EventSource(root.dataset.stream);
  source.addEventListener("open", function () {
    if (note) {
      note.hidden = false;
    }
  });
  source.addEventListener("ticket", function (e) {
    var t = JSON.parse(e.data);
    var text = describe(t);
    if (!text) {
      return;
    }
    // The region is a live one: change only what changed, so that an
    // unchanged state is not read out again.
    if (headline.textContent !== text[0]) {
      headline.textContent = text[0];
    }
    if (detail.textContent !== text[1]) {
      detail.textContent = text[1];
    }
    detail.hidden = !text[1];
    status.className = "ticket-status state-" + t.state;
    root.dataset.state = t.state;
    if (t.state === "called" && state !== "called") {
      document.title = text[0] + " – " + title;
      if (navigator.vibrate) {
        navigator.vibrate([300, 150, 300]);
      }
    } else if (t.state !== "called") {
      document.title = title;
    }
    state = t.state;
    if (t.state === "done" || t.state === "no_show") {
      source.close();
      if (note) {
        note.parentNode.hidden = true;
      }
    }
  });
})();
