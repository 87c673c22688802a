"""The concept map and the path progress marks in Chromium: keyboard focus highlights a node's
neighbours, the section filter hides the other sections, a tap on a phone shows a name, and
opened steps show as done (kept in localStorage, nothing sent)."""

from __future__ import annotations

from test_learning_site import concepts, front_matter, learning_paths

MOUNTED = ".dl-map[data-mounted='ready']"


def _nodes(page) -> list[dict]:
    """Every map node as the browser has it: title, section, classes, and whether visible."""
    return page.evaluate("""() => [...document.querySelectorAll('.dl-map svg a')].map((a) => ({
        title: a.textContent, section: a.parentNode.dataset.s, cls: a.getAttribute('class') || '',
        shown: a.getBoundingClientRect().width > 0,
        focused: document.activeElement === a}))""")


def _title_to_slug() -> dict[str, str]:
    return {meta["title"]: slug for slug, meta in concepts().items()}


def _neighbours(slug: str) -> set[str]:
    before = set(concepts()[slug]["prerequisites"])
    after = {s for s, meta in concepts().items() if slug in meta["prerequisites"]}
    return before | after


def test_map_draws_an_arrow_per_prerequisite(page, site_server: str) -> None:
    """One curve per prerequisite, each ending at the dot of the concept that needs it."""
    page.goto(site_server + "map/")
    page.wait_for_selector(MOUNTED)
    edges = page.locator("path.dl-map-edges").get_attribute("d")
    assert edges.count("c") == sum(len(m["prerequisites"]) for m in concepts().values())
    ends = page.evaluate("""() => [...document.querySelectorAll('.dl-map svg a')].map((a) =>
        [a.textContent, +a.firstElementChild.getAttribute('x') - 9,
         +a.firstElementChild.getAttribute('y') - 4])""")
    heads = {(int(x) + 14, int(y) + 4) for x, y in
             (m.split("l")[0].split() for m in edges.split("M")[1:] if "c" not in m)}
    needing = {(x, y) for title, x, y in ends
               if concepts()[_title_to_slug()[title]]["prerequisites"]}
    assert heads == needing  # an arrowhead before every concept that has prerequisites
    dots = page.evaluate("""() => [...document.querySelectorAll('.dl-map g[data-s]')].map((g) =>
        [g.querySelectorAll('a').length, g.querySelector('path.dl-map-dots').getAttribute('d')
         .split('M').length - 1])""")
    assert all(links == drawn for links, drawn in dots)  # a dot per concept, in its group


def test_keyboard_focus_highlights_neighbours(page, site_server: str) -> None:
    """Tabbing onto a node lights up that node and exactly its prerequisites and dependents."""
    page.goto(site_server + "map/")
    page.wait_for_selector(MOUNTED)
    page.locator(".dl-map-as-list").focus()
    page.keyboard.press("Tab")  # the map itself (arrow keys pan, + and - zoom)
    assert page.evaluate("document.activeElement.classList.contains('dl-map-svg')")
    slugs = _title_to_slug()
    for _ in range(3):
        page.keyboard.press("Tab")
        nodes = _nodes(page)
        [focused] = [n for n in nodes if n["focused"]]
        slug = slugs[focused["title"]]
        lit = {slugs[n["title"]] for n in nodes if "on" in n["cls"].split()}
        assert lit == _neighbours(slug) | {slug}, focused["title"]
        status = page.locator(".dl-map-status").inner_text()
        assert status.startswith(focused["title"] + ": needs")
        hot = page.locator("path.dl-map-hot").get_attribute("d")
        assert hot.count("c") == len(_neighbours(slug))  # an arrow to each neighbour, lit
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def test_section_filter_hides_other_sections(page, site_server: str) -> None:
    """Choosing a section leaves only that section's nodes on the map; All brings back every one."""
    page.goto(site_server + "map/")
    page.wait_for_selector(MOUNTED)
    sections = {meta["url"].split("/")[0] for meta in concepts().values()}
    for section in ("inference", "core"):
        page.select_option(".dl-map-filter", section)
        nodes = _nodes(page)
        assert {n["section"] for n in nodes if n["shown"]} == {section}
        shown = sorted(n["title"] for n in nodes if n["shown"])
        assert shown == sorted(m["title"] for m in concepts().values()
                               if m["url"].startswith(section + "/"))
    page.select_option(".dl-map-filter", "")
    nodes = _nodes(page)
    assert all(n["shown"] for n in nodes) and {n["section"] for n in nodes} == sections
    assert page.watch.console_errors == []


def test_tap_on_a_phone_shows_the_name(browser, site_server: str) -> None:
    """At 390 px the zoomed-out map hides its labels; a first tap shows the node's name (and
    stays on the map), a second opens the concept."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    try:
        page.goto(site_server + "map/")
        page.wait_for_selector(MOUNTED)
        page.locator(".dl-map-view").scroll_into_view_if_needed()
        # the first node whose label starts inside the first view (a phone sees the start)
        index = page.evaluate("""() => {
            const view = document.querySelector('.dl-map-view').getBoundingClientRect();
            return [...document.querySelectorAll('.dl-map svg a')].findIndex((a) => {
                const r = a.getBoundingClientRect();
                return r.left > view.left + 4 && r.left < view.right - 40
                    && r.top > view.top + 4 && r.bottom < view.bottom - 4; }); }""")
        node = page.locator(".dl-map svg a").nth(index)
        label, title = node.locator("text"), node.text_content()
        assert label.evaluate("(t) => getComputedStyle(t).opacity") == "0"
        box = node.bounding_box()
        page.touchscreen.tap(box["x"] + 2, box["y"] + box["height"] / 2)
        page.wait_for_function("(t) => getComputedStyle(t).opacity === '1'",
                               arg=label.element_handle(), timeout=5000)
        assert page.url.endswith("/map/")
        page.touchscreen.tap(box["x"] + 2, box["y"] + box["height"] / 2)
        page.wait_for_url("**/" + concepts()[_title_to_slug()[title]]["url"])
    finally:
        context.close()


def test_opened_steps_show_as_done(page, site_server: str) -> None:
    """A step whose page was opened is marked done on its path; clearing forgets it. The
    record lives in localStorage and no request leaves the site."""
    path = learning_paths()[0]
    steps = [step["concept"] for step in front_matter(path)["steps"]]
    url = f"paths/{path.stem}/"
    page.goto(site_server + concepts()[steps[1]]["url"])
    page.goto(site_server + url)
    page.wait_for_selector("ol.dl-path[data-mounted='ready']")
    items = page.locator("ol.dl-path-steps > li")
    done = [i for i in range(items.count()) if "dl-done" in (items.nth(i).get_attribute("class"))]
    assert done == [1]
    assert items.nth(1).locator(".dl-step-done").inner_text() == "done"
    assert page.locator(".dl-path-progress").inner_text().startswith(f"1 of {len(steps)} steps")
    stored = page.evaluate("localStorage.getItem('dl-glossary-visited')")
    assert concepts()[steps[1]]["url"] in stored
    page.locator(".dl-path-clear button").click()
    assert page.locator("ol.dl-path-steps > li.dl-done").count() == 0
    assert page.locator(".dl-path-clear").is_hidden()
    assert page.watch.foreign_requests == []
    assert page.watch.console_errors == []


def test_map_after_instant_navigation(page, site_server: str) -> None:
    """Reached through Material's instant navigation, the map mounts without errors, and a
    click on a node opens that concept."""
    page.goto(site_server + "paths/")
    page.locator("nav.md-nav--primary a[href$='map/']").first.click()
    page.wait_for_selector(MOUNTED)
    assert page.evaluate("document.querySelectorAll('.dl-map').length") == 1
    node = page.locator(".dl-map svg a").first
    title = node.text_content()
    page.locator(".dl-map-filter").select_option("core")  # the first node is a core concept
    node.click()
    page.wait_for_url("**/" + concepts()[_title_to_slug()[title]]["url"])
    assert page.watch.console_errors == []
