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

  /* Share: every URL is made when it is copied, from the address the reader sees (never a
     build-time default), so it names whatever host and path the site is served from. */
  const MONTHS = "January February March April May June July August September October November December".split(" ");
  function shareText(kind, box) {
    const page = new URL("./", location.href).href;
    const title = box.dataset.title;
    const slug = box.dataset.slug;
    const site = document.querySelector('meta[property="og:site_name"]')?.content || document.title;
    const now = new Date();
    const iso = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
      .map((n) => String(n).padStart(2, "0")).join("-");
    const bib = (text) => text.replace(/([&%$#_{}])/g, "\\$1");
    switch (kind) {
      case "short": return new URL(`../../t/${slug}/`, page).href;
      case "markdown": return `[${title.replace(/([\\[\]])/g, "\\$1")}](${page})`;
      case "apa": return `${title}. (n.d.). In ${site}. Retrieved ${MONTHS[now.getMonth()]} ${now.getDate()}, ${now.getFullYear()}, from ${page}`;
      case "bibtex": return `@misc{${slug},\n  title = {{${bib(title)}}},\n  howpublished = {\\url{${page}}},\n`
        + `  url = {${page}},\n  urldate = {${iso}},\n  note = {In \\emph{${bib(site)}}. Accessed ${iso}},\n}`;
      default: return page;
    }
  }
  const LABELS = { link: "Link", short: "Short link", markdown: "Markdown link", apa: "APA citation", bibtex: "BibTeX entry" };

  /* The Clipboard API; without it (or when it refuses), the text is selected in the menu's field
     and copied with execCommand; if that fails too, it stays selected for Ctrl+C. */
  async function copy(text, box, field) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      toggleMenu(box, true);
      field.value = text;
      field.parentElement.hidden = false;
      field.focus();
      field.select();
      try { return document.execCommand("copy"); } catch (e) { return false; }
    }
  }

  function toggleMenu(box, open) {
    const toggle = box.querySelector(".dl-share-toggle");
    toggle.setAttribute("aria-expanded", String(open));
    box.querySelector(".dl-share-menu").hidden = !open;
  }

  let statusTimer = 0;
  document.addEventListener("click", async (event) => {
    const button = event.target instanceof Element ? event.target.closest(".dl-share button") : null;
    if (!button) return;
    const box = button.closest(".dl-share");
    if (button.classList.contains("dl-share-toggle")) {
      toggleMenu(box, button.getAttribute("aria-expanded") !== "true");
      return;
    }
    const kind = button.dataset.copy;
    const text = shareText(kind, box);
    const field = box.querySelector(".dl-copy-field textarea");
    const status = box.querySelector(".dl-copy-status");
    field.rows = Math.max(2, text.split("\n").length);
    if (kind !== "link") {
      field.value = text;
      field.parentElement.hidden = false;
    }
    const copied = await copy(text, box, field);
    if (copied) button.focus();
    clearTimeout(statusTimer);
    status.textContent = copied ? `${LABELS[kind]} copied`
      : `${LABELS[kind]} selected in the field below: press Ctrl+C (⌘C on a Mac) to copy it`;
    if (copied) statusTimer = setTimeout(() => { status.textContent = ""; }, 4000);
  });
  document.addEventListener("keydown", (event) => {
    const box = event.key === "Escape" && event.target instanceof Element ? event.target.closest(".dl-share") : null;
    if (!box || box.querySelector(".dl-share-menu").hidden) return;
    toggleMenu(box, false);
    box.querySelector(".dl-share-toggle").focus();
  });

  /* Wide formulas and notebook outputs scroll sideways: make them reachable by keyboard. */
  function focusableScrollers() {
    for (const el of document.querySelectorAll(".math-block, .jp-OutputArea-output pre")) {
      if (el.scrollWidth > el.clientWidth + 1 && !el.hasAttribute("tabindex")) el.tabIndex = 0;
    }
  }

  /* Material's instant navigation swaps the page: drop a preview left from the last one. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => { hide(); focusableScrollers(); });
  } else {
    document.addEventListener("DOMContentLoaded", focusableScrollers);
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
