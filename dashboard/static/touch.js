// Plotly's charts by touch, as on a phone. Plotly takes every touch that starts on a chart's drag
// layer for itself: it cancels the browser's scrolling (the page stops scrolling wherever a chart
// fills the width, as they do on a phone), and a tap selects nothing, since plotly selects the point
// it found while hovering and a finger never hovers (plotly.js #6721), so a tap on a bar drilled
// nowhere. Holding such a touch back from plotly leaves it to the browser, which scrolls on a swipe
// and, on a tap, sends the mouse events a click sends (move, down, up), which plotly handles as a
// click on the bar under the finger. Maps (their own canvas) are left alone. Installed once per page.
(function () {
  const win = window.parent && window.parent.document ? window.parent : window;
  if (win.document.documentElement.dataset.touchCharts) return;
  win.document.documentElement.dataset.touchCharts = "1";
  win.addEventListener(
    "touchstart",
    function (event) {
      const target = event.target;
      if (event.touches.length === 1 && target.classList && target.classList.contains("nsewdrag")) {
        event.stopPropagation();
      }
    },
    { capture: true, passive: true }
  );
})();
