// Analytics charts: each <div data-chart="name"> gets a Chart.js chart drawn from the JSON
// in <script type="application/json" id="chart-name">. The table beside each chart holds the
// same numbers, so without this file (or Chart.js) nothing is lost.
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }

  var COLOURS = ["#1f5f5b", "#c0561b", "#1f5aa6", "#6a3fa0", "#2e7d32", "#a33b3b"];
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function config(spec) {
    var line = spec.type === "line";
    var datasets = spec.datasets.map(function (set, n) {
      var colour = COLOURS[n % COLOURS.length];
      return {
        label: set.label, data: set.data, borderColor: colour, tension: 0.25,
        backgroundColor: line ? colour : colour + "cc", pointRadius: line ? 2 : 0,
        borderWidth: line ? 2 : 0, borderRadius: line ? 0 : 3
      };
    });
    return {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: still ? false : { duration: 400 },
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
        scales: {
          x: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: !!spec.stacked, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    };
  }

  document.querySelectorAll("[data-chart]").forEach(function (box) {
    var source = document.getElementById("chart-" + box.getAttribute("data-chart"));
    var canvas = box.querySelector("canvas");
    if (!source || !canvas) { return; }
    box.hidden = false;
    new window.Chart(canvas, config(JSON.parse(source.textContent)));
    box.setAttribute("data-drawn", "");
  });
})();
