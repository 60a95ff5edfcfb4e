// Keeps the desk screen's waiting counts live: each "board" message of
// the point's display stream (GET /api/v1/points/{slug}/display) carries
// every queue's count and estimate. The desk's own buttons stay forms.
(function () {
  "use strict";
  var table = document.getElementById("desk-queues-table");
  if (!table || !table.dataset.stream || !window.EventSource) {
    return;
  }
  var wait = table.dataset.wait;
  var source = new EventSource(table.dataset.stream);
  source.addEventListener("board", function (e) {
    var board = JSON.parse(e.data);
    board.queues.forEach(function (q) {
      var row = table.querySelector('tr[data-queue="' + CSS.escape(q.slug) + '"]');
      if (!row) {
        return;
      }
      row.querySelector(".queue-waiting").textContent = String(q.waiting);
      row.querySelector(".queue-wait").textContent = wait.replace("%d", String(q.estimated_wait_minutes));
    });
  });
})();
