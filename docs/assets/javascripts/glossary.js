/* Deep Learning for LLMs: hover previews of concept links and the share buttons.
   No network: previews read the summary that the build put on each link (data-preview). */
(() => {
  "use strict";
  const TIP_ID = "dl-preview";
  let tip = null;
  let anchor = null;
  let touchShown = null;

  function ensureTip() {
    if (tip && document.body.contains(tip)) return tip;
    tip = document.createElement("div");
    tip.id = TIP_ID;
    tip.className = "dl-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    /* Inside <main>, so that it is part of a landmark (axe "region"); main is not positioned,
       so the absolute coordinates below stay relative to the page. */
    (document.querySelector("main") || document.body).appendChild(tip);
    return tip;
  }

  function place(link) {
    const rect = link.getBoundingClientRect();
    const box = ensureTip();
    const width = Math.min(360, window.innerWidth - 16);
    box.style.maxWidth = width + "px";
    let left = rect.left + window.scrollX;
    left = Math.max(8 + window.scrollX, Math.min(left, window.scrollX + window.innerWidth - width - 8));
    box.style.left = left + "px";
    const below = rect.bottom + window.scrollY + 6;
    box.style.top = below + "px";
    const tipHeight = box.offsetHeight;
    if (rect.bottom + tipHeight + 12 > window.innerHeight && rect.top > tipHeight + 12) {
      box.style.top = (rect.top + window.scrollY - tipHeight - 6) + "px";
    }
  }

  function show(link) {
    const text = link.getAttribute("data-preview");
    if (!text) return;
    const box = ensureTip();
    const title = link.getAttribute("data-preview-title") || "";
    box.textContent = "";
    if (title) {
      const strong = document.createElement("strong");
      strong.textContent = title;
      box.appendChild(strong);
      box.appendChild(document.createTextNode(": "));
    }
    box.appendChild(document.createTextNode(text));
    box.hidden = false;
    anchor = link;
    link.setAttribute("aria-describedby", TIP_ID);
    place(link);
  }

  function hide() {
    if (tip) tip.hidden = true;
    if (anchor) anchor.removeAttribute("aria-describedby");
    anchor = null;
    touchShown = null;
  }

  function previewLink(target) {
    return target instanceof Element ? target.closest("a[data-preview]") : null;
  }

  document.addEventListener("mouseover", (event) => {
    const link = previewLink(event.target);
    if (link && link !== anchor) show(link);
  });
  document.addEventListener("mouseout", (event) => {
    const link = previewLink(event.target);
    if (link && link === anchor && !link.contains(event.relatedTarget)) hide();
  });
  document.addEventListener("focusin", (event) => {
    const link = previewLink(event.target);
    if (link) show(link);
  });
  document.addEventListener("focusout", (event) => {
    if (previewLink(event.target) === anchor) hide();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && anchor) hide();
  });
  /* Touch: the first tap on a concept link shows its preview, a second tap follows it. */
  document.addEventListener("click", (event) => {
    const link = previewLink(event.target);
    if (!link) {
      if (touchShown) hide();
      return;
    }
    if (event.pointerType === "touch" || (event.sourceCapabilities && event.sourceCapabilities.firesTouchEvents)) {
      if (touchShown !== link) {
        event.preventDefault();
        event.stopPropagation();
        show(link);
        touchShown = link;
      }
    }
  }, true);
  window.addEventListener("scroll", () => { if (anchor) place(anchor); }, { passive: true });

  /* Share (render.share_links): each text is made at click time from the address in use. */
  function shareText(kind, box) {
    const page = new URL("./", location.href).href;
    const short = box.querySelector(".dl-short a").href;
    const title = box.dataset.title;
    const slug = short.split("/").at(-2);
    const site = document.querySelector('meta[property="og:site_name"]')?.content || "";
    const now = new Date();
    const iso = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
      .map((n) => String(n).padStart(2, "0")).join("-");
    const bib = (text) => text.replace(/[&%$#_{}]/g, "\\$&");
    return {
      link: page,
      short,
      markdown: `[${title.replace(/[\\[\]]/g, "\\$&")}](${page})`,
      apa: `${title}. (n.d.). In ${site}. Retrieved ${now.toLocaleDateString("en-US",
        { month: "long", day: "numeric", year: "numeric" })}, from ${page}`,
      bibtex: `@misc{${slug},\n  title = {{${bib(title)}}},\n  howpublished = {\\url{${page}}},\n`
        + `  url = {${page}},\n  urldate = {${iso}},\n  note = {In \\emph{${bib(site)}}. Accessed ${iso}},\n}`,
    }[kind];
  }

  function toggleMenu(box, open) {
    box.querySelector(".dl-share-toggle").setAttribute("aria-expanded", open);
    box.querySelector(".dl-share-menu").hidden = !open;
  }

  let statusTimer = 0;
  document.addEventListener("click", async (event) => {
    const button = event.target instanceof Element ? event.target.closest(".dl-share button") : null;
    if (!button) return;
    const box = button.closest(".dl-share");
    const kind = button.dataset.copy;
    if (!kind) {
      toggleMenu(box, button.getAttribute("aria-expanded") !== "true");
      return;
    }
    const text = shareText(kind, box);
    const field = box.querySelector("textarea");
    const status = box.querySelector(".dl-copy-status");
    const label = kind === "link" ? "Link" : button.textContent;
    field.value = text;
    field.rows = Math.max(2, text.split("\n").length);
    field.parentElement.hidden = kind === "link";
    let copied = true;
    try {
      await navigator.clipboard.writeText(text);
    } catch (error) {
      toggleMenu(box, true);
      field.parentElement.hidden = false;
      field.focus();
      field.select();
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      if (copied) button.focus();
    }
    clearTimeout(statusTimer);
    status.textContent = copied ? `${label} copied`
      : `${label} selected in the field below: press Ctrl+C (⌘C on a Mac) to copy it`;
    if (copied) statusTimer = setTimeout(() => { status.textContent = ""; }, 4000);
  });
  document.addEventListener("keydown", (event) => {
    const box = event.key === "Escape" && event.target instanceof Element && event.target.closest(".dl-share");
    if (!box || box.querySelector(".dl-share-menu").hidden) return;
    toggleMenu(box, false);
    box.querySelector(".dl-share-toggle").focus();
  });

  /* Wide formulas, notebook outputs and tables scroll sideways: make them reachable by keyboard.
     A table out of view is not laid out (content-visibility), so it cannot be measured: it is
     focusable until it comes into view and turns out to fit. */
  const SCROLLERS = ".math-block, .jp-OutputArea-output pre, .md-typeset__scrollwrap";
  function focusable(el) {
    const inside = el.firstElementChild;
    if (inside && !inside.checkVisibility({ contentVisibilityAuto: true })) {
      if (!el.hasAttribute("tabindex")) { el.tabIndex = 0; el.dataset.dlUnmeasured = ""; }
      return;
    }
    const scrolls = el.scrollWidth > el.clientWidth + 1;
    if (scrolls && !el.hasAttribute("tabindex")) el.tabIndex = 0;
    if (!scrolls && el.hasAttribute("data-dl-unmeasured")) el.removeAttribute("tabindex");
    el.removeAttribute("data-dl-unmeasured");
  }
  function focusableScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(focusable);
  }
  document.addEventListener("contentvisibilityautostatechange", (event) => {
    if (!event.skipped && event.target instanceof Element && event.target.matches(SCROLLERS)) {
      requestAnimationFrame(() => focusable(event.target));
    }
  }, true);

  /* Desktop sidebars: Material scrolls the navigation to centre the current page's link, which
     near the end of a long list leaves the first visible line cut in half. Once it has scrolled
     (two frames later), move back to the start of that line. */
  function wholeFirstLines() {
    for (const wrap of document.querySelectorAll(".md-sidebar__scrollwrap")) {
      const top = wrap.getBoundingClientRect().top;
      for (const link of wrap.querySelectorAll(".md-nav__link, .md-nav__title")) {
        const box = link.getBoundingClientRect();
        if (box.height && box.top < top - 0.5 && box.bottom > top + 0.5) {
          wrap.scrollTop -= top - box.top;
          break;
        }
      }
    }
  }
  /* Once Material has set up the page (tables wrapped, sidebars scrolled): two frames later. */
  const afterMaterial = () => requestAnimationFrame(() => requestAnimationFrame(() => {
    focusableScrollers();
    wholeFirstLines();
  }));

  /* Material's instant navigation swaps the page: drop a preview left from the last one. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => { hide(); afterMaterial(); });
  } else {
    document.addEventListener("DOMContentLoaded", afterMaterial);
  }
  window.addEventListener("resize", focusableScrollers, { passive: true });

  /* Material wraps each code block's copy button in an unnamed <nav>; several unnamed
     navigation landmarks cannot be told apart by screen-reader users, so number them. */
  function relabelCodeNavs() {
    document.querySelectorAll("nav.md-code__nav").forEach((nav, i) => {
      const name = `Code block ${i + 1}`;
      if (nav.getAttribute("aria-label") !== name) nav.setAttribute("aria-label", name);
    });
  }
  new MutationObserver((records) => {
    if (records.some((r) => [...r.addedNodes].some((n) => n instanceof Element
        && (n.matches("nav.md-code__nav") || n.querySelector("nav.md-code__nav"))))) relabelCodeNavs();
  }).observe(document.documentElement, { childList: true, subtree: true });
  relabelCodeNavs();
})();
