/// The page's only script: shows, under the picture of M, the entry range and largest |entry| of
/// the cell under the pointer. The picture carries its data as JSON in a script element beside
/// it; nothing is fetched. The script marks `<html data-report-ready>` when it has run, which the
/// browser test checks.
enum HoverScript {
    static let javascript = """
    (function () {
      document.querySelectorAll("svg[data-matrix]").forEach(function (svg) {
        var data = JSON.parse(document.getElementById(svg.getAttribute("data-matrix")).textContent);
        var out = document.getElementById(svg.getAttribute("data-readout"));
        function segment(list, i) { var s = list[0]; for (var k = 0; k < list.length; k++) { if (list[k][1] <= i) s = list[k]; } return s; }
        function range(starts, t) { var a = starts[t], b = starts[t + 1] - 1; return a === b ? String(a) : a + "–" + b; }
        svg.addEventListener("mousemove", function (event) {
          var m = svg.getScreenCTM(); if (!m) return;
          var p = new DOMPoint(event.clientX, event.clientY).matrixTransform(m.inverse());
          var c = Math.floor((p.x - data.x0) / data.cw), r = Math.floor((p.y - data.y0) / data.ch);
          if (c < 0 || r < 0 || c >= data.nc || r >= data.nr) { out.textContent = "\\u00a0"; return; }
          var rs = segment(data.rowSeg, data.rowStarts[r]), cs = segment(data.colSeg, data.colStarts[c]);
          var part = (data.rowStarts[r] < data.n ? (data.colStarts[c] < data.n ? "A" : "B") : (data.colStarts[c] < data.n ? "C" : "D"));
          var v = data.v[r * data.nc + c];
          out.textContent = part + "[" + rs[0] + ", " + cs[0] + "]  rows " + range(data.rowStarts, r) + ", columns " + range(data.colStarts, c) +
            "  max |entry| = " + (v === 0 ? "0 (all zero)" : v);
        });
        svg.addEventListener("mouseleave", function () { out.textContent = "\\u00a0"; });
      });
      document.documentElement.setAttribute("data-report-ready", "1");
    })();
    """
}
