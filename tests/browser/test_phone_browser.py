"""The dashboard on a phone, used by touch: an Android-sized touch profile (390x844) opens every page
of the registry at a kabupaten/kota, a kecamatan and a kelurahan, and checks what a camat would
notice first -- the page scrolls sideways, an error box, a failed request, tick labels written over
each other, a legend or a label cut off by the screen edge (plotly charts, and Ringkasan's Vega-Lite ranking
and map). A tap on a bar and on a map region must drill in,
and the breadcrumb and the child picker (in the sidebar, behind its button on a phone) must work by
tap. Every view is saved as ``tests/artifacts/screenshots/phone-*.png`` for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from dashboard.registry import LISTED
from tests.browser.conftest import record_failed_requests, save_screenshot, wait_until_rendered
from tests.browser.helpers import wait_for_charts

pytestmark = pytest.mark.browser

PHONE_WIDTH, PHONE_HEIGHT = 390, 844
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
KOTA, KECAMATAN, KELURAHAN = "36.73", "36.73.01", "36.73.01.1001"
LEVELS = {"kota": KOTA, "kecamatan": KECAMATAN, "kelurahan": KELURAHAN}
VIEWS = [(page.url_path, level, code) for page in LISTED for level, code in LEVELS.items()]

# How far the page or its main container scrolls sideways, in CSS pixels (0 when it does not).
SIDEWAYS_JS = """() => {
  const root = document.documentElement;
  const boxes = [root, ...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]')];
  return Math.max(root.scrollWidth - window.innerWidth, ...boxes.map(b => b.scrollWidth - b.clientWidth));
}"""

# A text's box as the (possibly turned) quadrilateral it is on the screen, and whether two such are apart.
# A label turned by plotly (30 or 90 degrees) is compared as the turned rectangle it is (its box mapped to the
# screen, then the separating-axis test), not as the upright box around it, which would overlap its neighbour's.
GEOMETRY_JS = """
  const corners = (text) => {
    const box = text.getBBox(), m = text.getScreenCTM();
    return [[box.x, box.y], [box.x + box.width, box.y], [box.x + box.width, box.y + box.height],
            [box.x, box.y + box.height]].map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  };
  const apart = (p, q) => [p, q].some(poly => poly.some((a, i) => {
    const b = poly[(i + 1) % poly.length], axis = [a[1] - b[1], b[0] - a[0]];
    const span = pts => pts.map(([x, y]) => x * axis[0] + y * axis[1]);
    const sp = span(p), sq = span(q), len = Math.hypot(axis[0], axis[1]) || 1;
    return (Math.min(Math.max(...sp), Math.max(...sq)) - Math.max(Math.min(...sp), Math.min(...sq))) / len <= 1;
  }));
  const overlaps = (texts, where, found) => {
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        if (!apart(texts[i].poly, texts[j].poly)) found.push(`${where}: "${texts[i].text}" over "${texts[j].text}"`);
      }
    }
  };
  // Vega-Lite (Ringkasan's ranking and map): the texts a reader reads -- axis labels, legend labels and the
  // marks' own text -- drawn (Vega hides a label it drops with opacity 0, and leaves it in the SVG).
  const VEGA_TEXT = 'g.role-axis-label text, g.role-legend-label text, g.mark-text.role-mark text';
  const drawn = (text) => {
    for (let e = text; e instanceof SVGElement; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.opacity === '0' || style.display === 'none' || style.visibility === 'hidden') return false;
    }
    return text.textContent.trim() !== '' && text.getBBox().width > 0;
  };
"""

# Pairs of labels drawn over each other, per chart: the tick labels of one plotly axis, and every text of a
# Vega-Lite chart (axis, legend and mark labels together: a bar's value written over a region's name is as
# unreadable as two ticks).
TICK_OVERLAP_JS = (
    "() => {"
    + GEOMETRY_JS
    + """
  const found = [];
  document.querySelectorAll('[data-testid="stPlotlyChart"]').forEach((chart, index) => {
    chart.querySelectorAll('g.xaxislayer-above, g.yaxislayer-above').forEach(axis => {
      const ticks = [...axis.querySelectorAll('text')]
        .filter(t => t.textContent.trim() && t.getBBox().width > 0)
        .map(t => ({text: t.textContent.trim(), poly: corners(t)}));
      overlaps(ticks, `chart ${index}`, found);
    });
  });
  document.querySelectorAll('[data-testid="stVegaLiteChart"]').forEach((chart, index) => {
    const texts = [...chart.querySelectorAll(VEGA_TEXT)].filter(drawn)
      .map(t => ({text: t.textContent.trim(), poly: corners(t)}));
    overlaps(texts, `vega chart ${index}`, found);
  });
  return found;
}"""
)

# Vega-Lite texts and legends that do not lie wholly on the screen's width and inside their chart's SVG (which
# clips what it draws past its edge): a label or a legend cut off.
VEGA_FIT_JS = (
    "() => {"
    + GEOMETRY_JS
    + """
  const found = [];
  document.querySelectorAll('[data-testid="stVegaLiteChart"]').forEach((chart, index) => {
    const svg = chart.querySelector('svg');
    if (!svg) return;
    const frame = svg.getBoundingClientRect();
    const left = Math.max(0, frame.left) - 1, right = Math.min(window.innerWidth, frame.right) + 1;
    const outside = (box) => box.width > 0 && (box.left < left || box.right > right);
    const where = (box) => `${Math.round(box.left)}..${Math.round(box.right)} px`;
    [...chart.querySelectorAll(VEGA_TEXT)].filter(drawn).forEach(text => {
      const box = text.getBoundingClientRect();
      if (outside(box)) found.push(`vega chart ${index}: "${text.textContent.trim()}" at ${where(box)}`);
    });
    chart.querySelectorAll('g.role-legend').forEach(legend => {
      const box = legend.getBoundingClientRect();
      if (outside(box)) found.push(`vega chart ${index}: legend at ${where(box)}`);
    });
  });
  return found;
}"""
)

# Legends that leave the screen or cover the chart's title.
LEGEND_JS = """() => {
  const found = [];
  document.querySelectorAll('[data-testid="stPlotlyChart"]').forEach((chart, index) => {
    const title = chart.querySelector('g.g-gtitle text');
    const titleBox = title && title.textContent.trim() ? title.getBoundingClientRect() : null;
    chart.querySelectorAll('g.legend').forEach(legend => {
      const box = legend.querySelector('rect.bg') ? legend.querySelector('rect.bg').getBoundingClientRect()
                                                   : legend.getBoundingClientRect();
      if (box.width === 0) return;
      if (box.left < -1 || box.right > window.innerWidth + 1) {
        found.push(`chart ${index}: legend ${Math.round(box.left)}..${Math.round(box.right)} px`);
      }
      if (titleBox) {
        const w = Math.min(box.right, titleBox.right) - Math.max(box.left, titleBox.left);
        const h = Math.min(box.bottom, titleBox.bottom) - Math.max(box.top, titleBox.top);
        if (w > 1 && h > 1) found.push(`chart ${index}: legend covers the title`);
      }
    });
  });
  return found;
}"""


@pytest.fixture
def phone(browser) -> Iterator[object]:
    """A touch phone: 390x844 CSS pixels at 2.75x (an Android mid-range screen), Chrome's mobile user
    agent, taps instead of a mouse; failed requests land in ``phone.failed_requests``."""
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": PHONE_HEIGHT},
        device_scale_factor=2.75,
        is_mobile=True,
        has_touch=True,
        user_agent=ANDROID_CHROME,
        locale="id-ID",
    )
    tab = record_failed_requests(context.new_page())
    yield tab
    context.close()


def _settled(page) -> None:
    """Script finished, heading drawn, and every chart's SVG in place (plotly's and Vega-Lite's)."""
    wait_until_rendered(page)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    wait_for_charts(page, timeout_ms=60_000)
    page.wait_for_timeout(400)  # plotly's transitions and the map's first paint


def _assert_phone_clean(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    errors = [alert.inner_text() for alert in page.locator('[data-testid="stAlertContentError"]').all()]
    assert errors == []
    assert page.failed_requests == []  # type: ignore[attr-defined]
    assert page.evaluate(SIDEWAYS_JS) <= 0, "the page scrolls sideways"
    overlaps = page.evaluate(TICK_OVERLAP_JS)
    assert not overlaps, "tick labels over each other:\n" + "\n".join(overlaps)
    legends = page.evaluate(LEGEND_JS)
    assert not legends, "legends that do not fit:\n" + "\n".join(legends)
    cut = page.evaluate(VEGA_FIT_JS)
    assert not cut, "chart labels or legends cut off:\n" + "\n".join(cut)


@pytest.mark.parametrize(("url_path", "level", "code"), VIEWS, ids=[f"{p}-{lv}" for p, lv, _ in VIEWS])
def test_page_on_a_phone(streamlit_server: str, phone, url_path: str, level: str, code: str) -> None:
    path = "/" if url_path == LISTED[0].url_path else f"/{url_path}"
    phone.goto(f"{streamlit_server}{path}?region={code}")
    _settled(phone)
    save_screenshot(phone, f"phone-{url_path}-{level}")
    _assert_phone_clean(phone)


def _wait_for_region(page, pattern: str) -> None:
    page.wait_for_function(f"() => /region={pattern}(&|$)/.test(window.location.search)", timeout=30_000)
    _settled(page)


def _tap_middle_of(page, element) -> None:
    """A finger on the middle of ``element``, brought to the middle of the screen first (clear of the
    header). The tap goes to whatever is on top there -- on a chart, plotly's drag layer, as on a phone."""
    element.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(800)  # scrolling, and a map's repaint
    box = element.bounding_box()
    assert box is not None
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


# A point of the element whose topmost element there is the element itself (a bar's label, or a
# neighbouring map region, may cover its box's middle), as [x, y], or null.
POINT_INSIDE_JS = """(e) => {
  const r = e.getBoundingClientRect();
  for (let fy = 0.5; fy < 0.95; fy += 0.05) for (let fx = 0.5; fx < 0.95; fx += 0.05)
    for (const [a, b] of [[fx, fy], [1 - fx, 1 - fy], [fx, 1 - fy], [1 - fx, fy]]) {
      const x = r.left + r.width * a, y = r.top + r.height * b;
      if (document.elementFromPoint(x, y) === e) return [x, y];
    }
  return null;
}"""


def _top_bar(page):
    """The top bar of Ringkasan's Vega-Lite ranking (the region furthest behind) and the region's name, from
    the bar's aria-label ("...; Wilayah: Curug; ..."). The chart's first ``g.mark-rect`` group holds the bars
    (a later one the target ticks)."""
    ranking = page.locator('[data-testid="stVegaLiteChart"]').first
    bars = ranking.locator("g.mark-rect.role-mark").first.locator("path")
    tops = [bars.nth(index).evaluate("e => e.getBoundingClientRect().top") for index in range(bars.count())]
    assert tops, "the ranking has no bars"
    bar = bars.nth(tops.index(min(tops)))
    found = re.search(r"Wilayah: ([^;]+)", bar.get_attribute("aria-label") or "")
    assert found, bar.get_attribute("aria-label")
    name = found[1].strip()
    assert name in [text.strip() for text in ranking.locator("g.role-axis-label text").all_text_contents()]
    return bar, name


def test_tap_on_a_bar_drills_in(streamlit_server: str, phone) -> None:
    """Ringkasan of Kota Serang: a tap on the top bar of the Vega-Lite ranking (the kecamatan furthest
    behind), where the bar itself is under the finger, opens that kecamatan, and the heading's
    breadcrumb names it."""
    phone.goto(f"{streamlit_server}/?region={KOTA}")
    _settled(phone)
    bar, name = _top_bar(phone)
    bar.evaluate("e => e.scrollIntoView({block: 'center'})")
    phone.wait_for_timeout(500)  # the scroll
    point = bar.evaluate(POINT_INSIDE_JS)
    assert point, "no point of the top bar is uncovered"
    phone.touchscreen.tap(*point)
    _wait_for_region(phone, r"36\.73\.0\d")
    heading = phone.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert f"Kota Serang › {name}" in heading, heading[:300]
    save_screenshot(phone, "phone-drilled-by-bar")
    _assert_phone_clean(phone)


def test_tap_on_a_map_region_drills_in(streamlit_server: str, phone) -> None:
    """Peta of Kota Serang: a tap in the middle of the map (a kecamatan) opens it."""
    phone.goto(f"{streamlit_server}/peta?region={KOTA}")
    _settled(phone)
    canvas = phone.locator('[data-testid="stPlotlyChart"] canvas').first
    _tap_middle_of(phone, canvas)
    _wait_for_region(phone, r"36\.73\.0\d")
    save_screenshot(phone, "phone-drilled-by-map")
    _assert_phone_clean(phone)


def _open_sidebar(page) -> None:
    page.get_by_test_id("stExpandSidebarButton").tap()
    page.get_by_test_id("stSidebar").wait_for(state="visible")
    page.wait_for_timeout(400)  # the slide-in


def test_breadcrumb_and_picker_by_tap(streamlit_server: str, phone) -> None:
    """From a kelurahan, the breadcrumb's kota opens Kota Serang; then the child picker, tapped open
    and an option tapped, opens a kecamatan."""
    phone.goto(f"{streamlit_server}/?region={KELURAHAN}")
    _settled(phone)
    _open_sidebar(phone)
    save_screenshot(phone, "phone-sidebar")
    phone.locator(".st-key-crumbs button").filter(has_text="Kota Serang").tap()
    _wait_for_region(phone, re.escape(KOTA))
    if not phone.get_by_test_id("stSidebar").is_visible():
        _open_sidebar(phone)
    picker = phone.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first
    picker.locator("input, [role=combobox]").first.tap()
    phone.get_by_role("option").first.tap()
    _wait_for_region(phone, r"36\.73\.0\d")
    _assert_phone_clean(phone)


def test_the_overlap_check_sees_overlaps(phone) -> None:
    """The label checks themselves, on hand-made SVG. Plotly-shaped: two level labels written over each other
    are found; two labels turned 30 degrees side by side (whose upright boxes overlap) are not. Vega-shaped:
    two axis labels written over each other are found, a label Vega hid (opacity 0) is not, and a bar's label
    running past the screen's edge is found cut off."""
    phone.set_content(
        '<div data-testid="stPlotlyChart"><svg width="390" height="200">'
        '<g class="xaxislayer-above">'
        '<text x="10" y="40" font-size="14">Januari</text><text x="40" y="40" font-size="14">Februari</text>'
        '</g><g class="yaxislayer-above">'
        '<text x="100" y="150" font-size="14" transform="rotate(30,100,150)">September</text>'
        '<text x="140" y="150" font-size="14" transform="rotate(30,140,150)">Oktober</text>'
        "</g></svg></div>"
    )
    assert phone.evaluate(TICK_OVERLAP_JS) == ['chart 0: "Januari" over "Februari"']
    assert phone.evaluate(VEGA_FIT_JS) == []

    phone.set_content(
        '<div data-testid="stVegaLiteChart"><svg class="marks" width="390" height="200">'
        '<g class="mark-text role-axis-label">'
        '<text x="10" y="40" font-size="14">Cipocok Jaya</text><text x="60" y="40" font-size="14">Taktakan</text>'
        '<text x="10" y="80" font-size="14" opacity="0">Walantaka</text>'
        '<text x="20" y="80" font-size="14">Curug</text>'
        '</g><g class="mark-text role-mark">'
        '<text x="100" y="120" font-size="14">48,6 %</text><text x="340" y="160" font-size="14">57,5 % ✖</text>'
        '</g><g class="mark-group role-legend"><g class="mark-text role-legend-label">'
        '<text x="100" y="190" font-size="14">✔ Tercapai (2)</text>'
        "</g></g></svg></div>"
    )
    assert phone.evaluate(TICK_OVERLAP_JS) == ['vega chart 0: "Cipocok Jaya" over "Taktakan"']
    cut = phone.evaluate(VEGA_FIT_JS)
    assert len(cut) == 1 and re.fullmatch(r'vega chart 0: "57,5 % ✖" at \d+\.\.4\d\d px', cut[0]), cut


def _swipe_up(page, x: float, y: float, distance: float = 300) -> None:
    """A finger dragged upwards from (x, y), through the browser's own touch input (CDP), so the page
    scrolls exactly when nothing on it holds the touch for itself."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        point = {"x": x, "y": y - distance * step / 10}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(600)


def test_a_swipe_on_a_chart_scrolls_the_page(streamlit_server: str, phone) -> None:
    """Charts fill a phone's width: a swipe that starts on one (a bar of Ringkasan's Vega-Lite ranking) must
    scroll the page, not pan the chart, and must not drill in either."""
    phone.goto(f"{streamlit_server}/?region={KOTA}")
    _settled(phone)
    bars = phone.locator('[data-testid="stVegaLiteChart"]').first.locator("g.mark-rect.role-mark").first
    bar = bars.locator("path").last
    bar.evaluate("e => e.scrollIntoView({block: 'center'})")
    phone.wait_for_timeout(500)
    scrolled = "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop + window.scrollY"
    before = phone.evaluate(scrolled)
    point = bar.evaluate(POINT_INSIDE_JS)
    assert point, "no point of the bar is uncovered"
    _swipe_up(phone, *point)
    assert phone.evaluate(scrolled) > before + 100
    wait_until_rendered(phone)
    assert re.search(rf"region={re.escape(KOTA)}(&|$)", phone.url), phone.url
    # A finger never leaves a hover: a chart's tooltip would stay over the page it scrolled (phone.css).
    assert not phone.locator("#vg-tooltip-element").is_visible()
