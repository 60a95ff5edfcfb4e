// The lobby display. The server wrote the board as it stood; this keeps
// it live from the point's display stream (GET /api/v1/points/{slug}/display),
// whose every "board" message is the whole board: the latest calls,
// newest first, and each queue's waiting count. A call newer than any
// shown before chimes (Web Audio, no sound file) and is announced in the
// live region. The headings take turns in the point's languages.
(function () {
  "use strict";
  var root = document.getElementById("display");
  if (!root) {
    return;
  }
  var words = JSON.parse(root.dataset.words);
  var cycle = JSON.parse(root.dataset.cycle);
  var lang = root.dataset.lang;
  var lastEvent = Number(root.dataset.lastEvent) || 0;
  var callsBody = document.getElementById("calls-body");
  var queuesBody = document.getElementById("queues-body");
  var none = document.getElementById("calls-none");
  var announce = document.getElementById("display-announce");
  var offline = document.getElementById("display-offline");
  var soundButton = document.getElementById("display-sound");
  var board = null;
  var shown = lang;

  // word is a heading in language l, or in the page's language when l
  // has none for it.
  function word(l, key) {
    return (words[l] && words[l][key]) || words[lang][key] || "";
  }

  function fmt(s) {
    var args = arguments;
    var i = 1;
    return s.replace(/%[sd]/g, function () {
      return String(args[i++]);
    });
  }

  // name is a queue's name in l, or in the page's language.
  function name(names, l) {
    return names[l] || names[lang] || names.en || names.fi || "";
  }

  function cell(className, text) {
    var td = document.createElement("td");
    td.className = className;
    td.textContent = text;
    return td;
  }

  // --- the chime ---

  var audio = null;

  function audioContext() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context) {
      audio = new Context();
    }
    return audio;
  }

  // A browser may keep sound off until someone touches the page: then
  // the button turns it on, once, when the display is set up.
  function checkSound() {
    var ctx = audioContext();
    soundButton.hidden = !ctx || ctx.state !== "suspended";
  }

  function soundOn() {
    var ctx = audioContext();
    if (ctx) {
      ctx.resume().then(checkSound, checkSound);
    }
  }

  // chime plays two soft tones, high then low.
  function chime() {
    var ctx = audioContext();
    if (!ctx) {
      return;
    }
    if (ctx.state === "suspended") {
      ctx.resume().catch(function () {});
    }
    var t = ctx.currentTime + 0.05;
    [[880, 0], [659.25, 0.4]].forEach(function (note) {
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = note[0];
      gain.gain.setValueAtTime(0.0001, t + note[1]);
      gain.gain.exponentialRampToValueAtTime(0.35, t + note[1] + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + note[1] + 0.9);
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start(t + note[1]);
      osc.stop(t + note[1] + 1);
    });
  }

  // --- the board ---

  function render(b) {
    board = b;
    var rows = b.calls.map(function (c, i) {
      var tr = document.createElement("tr");
      if (i === 0) {
        tr.className = "latest";
      }
      if (c.event > lastEvent) {
        tr.classList.add("fresh");
      }
      var number = cell("call-number", c.number);
      if (c.recall) {
        var again = document.createElement("span");
        again.className = "recall";
        again.textContent = word(lang, "recall");
        number.append(" ", again);
      }
      tr.append(number, cell("call-desk", c.desk));
      return tr;
    });
    callsBody.replaceChildren.apply(callsBody, rows);
    none.hidden = b.calls.length > 0;
    queuesBody.replaceChildren.apply(queuesBody, b.queues.map(function (q) {
      var tr = document.createElement("tr");
      var td = document.createElement("td");
      var label = document.createElement("div");
      label.className = "queue-label";
      var letter = document.createElement("span");
      letter.className = "queue-letter";
      letter.textContent = q.prefix;
      var n = document.createElement("span");
      n.className = "queue-name";
      n.dataset.queue = q.slug;
      label.append(letter, " ", n);
      td.append(label);
      tr.append(td, cell("queue-waiting", String(q.waiting)));
      return tr;
    }));
    showLanguage(shown);

    var fresh = b.calls.filter(function (c) {
      return c.event > lastEvent;
    });
    if (fresh.length > 0) {
      fresh.forEach(function (c) {
        lastEvent = Math.max(lastEvent, c.event);
      });
      chime();
      // Oldest first, as they were called; emptied first so that the
      // same words (a number called again) are read out again.
      var said = fresh.reverse().map(function (c) {
        return fmt(word(lang, "announce"), c.number, c.desk);
      }).join(". ");
      announce.textContent = "";
      window.setTimeout(function () {
        announce.textContent = said;
      }, 100);
    }
  }

  // showLanguage writes the headings, and the queues' names where the
  // board has them, in language l.
  function showLanguage(l) {
    shown = l;
    var dir = (words[l] && words[l].dir) || "";
    root.querySelectorAll("[data-word]").forEach(function (th) {
      th.textContent = word(l, th.dataset.word);
      th.lang = words[l] && words[l][th.dataset.word] ? l : lang;
      th.dir = th.lang === l ? dir : "";
    });
    if (!board) {
      return;
    }
    board.queues.forEach(function (q) {
      var span = queuesBody.querySelector('.queue-name[data-queue="' + CSS.escape(q.slug) + '"]');
      if (span) {
        span.textContent = name(q.name, l);
        span.lang = q.name[l] ? l : lang;
      }
    });
  }

  if (cycle.length > 1) {
    var turn = 0;
    window.setInterval(function () {
      turn = (turn + 1) % cycle.length;
      showLanguage(cycle[turn]);
    }, 6000);
  }

  // --- the stream ---

  function connect() {
    var source = new EventSource(root.dataset.stream);
    source.addEventListener("open", function () {
      offline.hidden = true;
    });
    source.addEventListener("board", function (e) {
      offline.hidden = true;
      render(JSON.parse(e.data));
    });
    source.addEventListener("error", function () {
      offline.hidden = false;
      // EventSource retries by itself after a lost connection, but gives
      // up on an error answer; a display on a wall must not.
      if (source.readyState === EventSource.CLOSED) {
        window.setTimeout(connect, 5000);
      }
    });
  }

  soundButton.addEventListener("click", soundOn);
  document.addEventListener("keydown", soundOn, {once: true});
  checkSound();
  if (window.EventSource) {
    connect();
  }
})();
