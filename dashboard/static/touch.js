// A tap on a plotly bar selects it, as a mouse click does. Plotly selects a clicked point from the
// point under the pointer found while hovering; a finger does not hover, so on a phone the first tap
// found nothing and drilled nowhere (plotly.js #6721). Before plotly sees the touch, a mousemove at
// the finger's position gives it that hover. Installed once per page, whatever number of runs.
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  if (doc.documentElement.dataset.touchSelect) return;
  doc.documentElement.dataset.touchSelect = "1";
  doc.addEventListener(
    "touchstart",
    function (event) {
      const target = event.target;
      if (event.touches.length !== 1 || !target.classList || !target.classList.contains("nsewdrag")) return;
      const touch = event.touches[0];
      target.dispatchEvent(
        new MouseEvent("mousemove", { bubbles: true, clientX: touch.clientX, clientY: touch.clientY })
      );
    },
    { capture: true, passive: true }
  );
})();
