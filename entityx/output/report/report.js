// entityx report: the entity index and the documents, built from the embedded JSON.
// Every string from the input reaches the page through textContent or
// setAttribute only, never as markup. A document is rendered when it is opened.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("entityx-data").textContent);
  const types = data.types;
  const docs = data.docs;
  const ents = data.entities; // [name, type index, documents, mentions, [doc, count, ...]]
  const LIST_LIMIT = 300;
  const AUTO_OPEN = 10;
  const shownTypes = new Set(types);
  const rendered = new Set();
  let selected = -1;

  const typeOf = (gid) => types[ents[gid][1]] || "other";
  const plural = (n, word) => n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // -- documents ---------------------------------------------------------------
  function docSummary(i) {
    const d = docs[i];
    const summary = el("summary");
    summary.appendChild(el("span", "src", d.s));
    let meta;
    if (d.err !== undefined) meta = " · could not be read: " + d.err;
    else meta = " · " + (d.k ? d.k + " · " : "") + plural(d.m.length / 3, "mention");
    summary.appendChild(el("span", "n", meta));
    return summary;
  }

  function buildDocs() {
    const list = document.getElementById("doc-list");
    const frag = document.createDocumentFragment();
    docs.forEach((d, i) => {
      const det = el("details", d.err !== undefined ? "doc failed" : "doc");
      det.id = "doc-" + i;
      det.dataset.doc = String(i);
      det.appendChild(docSummary(i));
      det.addEventListener("toggle", () => { if (det.open) render(i); });
      frag.appendChild(det);
    });
    list.appendChild(frag);
  }

  function render(i) {
    if (rendered.has(i)) return;
    rendered.add(i);
    const d = docs[i];
    const det = document.getElementById("doc-" + i);
    (d.w || []).forEach((w) => det.appendChild(el("p", "warn", w)));
    if (d.err !== undefined) return;
    const box = el("div", "text");
    const text = d.t, m = d.m, ti = d.ti;
    let pos = 0, a = 0, b = 0;
    const frag = document.createDocumentFragment();
    // mentions and titles arrive sorted and never overlap: merge the two lists
    while (a < m.length || b < ti.length) {
      const isTitle = a >= m.length || (b < ti.length && ti[b] < m[a]);
      const start = isTitle ? ti[b] : m[a];
      const end = isTitle ? ti[b + 1] : m[a + 1];
      if (start > pos) frag.appendChild(document.createTextNode(text.slice(pos, start)));
      let node;
      if (isTitle) {
        node = el("span", "ttl", text.slice(start, end));
        node.setAttribute("title", "title");
        b += 2;
      } else {
        const gid = m[a + 2];
        node = el("mark", "m t-" + typeOf(gid) + (gid === selected ? " sel" : ""),
          text.slice(start, end));
        node.dataset.e = String(gid);
        node.setAttribute("title", ents[gid][0] + " (" + typeOf(gid) + ")");
        a += 3;
      }
      frag.appendChild(node);
      pos = end;
    }
    if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
    box.appendChild(frag);
    det.appendChild(box);
  }

  function openDoc(i, scroll) {
    const det = document.getElementById("doc-" + i);
    render(i);
    det.open = true;
    if (scroll) {
      const target = det.querySelector("mark.sel") || det;
      target.scrollIntoView({ block: "center" });
    }
  }

  // -- entity index ------------------------------------------------------------
  const order = ents.map((_, i) => i).sort((x, y) => ents[y][3] - ents[x][3] || ents[y][2] - ents[x][2]);
  const folded = ents.map((e) => e[0].toLowerCase());

  function buildList() {
    const list = document.getElementById("entity-list");
    const query = document.getElementById("entity-filter").value.trim().toLowerCase();
    const frag = document.createDocumentFragment();
    let matches = 0;
    for (const gid of order) {
      const type = typeOf(gid); // a type without a toggle is always listed
      if ((types.includes(type) && !shownTypes.has(type)) || (query && !folded[gid].includes(query))) continue;
      matches += 1;
      if (matches > LIST_LIMIT) continue;
      const li = el("li");
      const button = el("button", "ent t-" + typeOf(gid));
      button.type = "button";
      button.dataset.entity = String(gid);
      if (gid === selected) button.setAttribute("aria-current", "true");
      button.appendChild(el("span", "name", ents[gid][0]));
      button.appendChild(el("span", "n", plural(ents[gid][3], "mention") + " · " + plural(ents[gid][2], "doc")));
      li.appendChild(button);
      frag.appendChild(li);
    }
    if (matches > LIST_LIMIT) {
      frag.appendChild(el("li", "muted", (matches - LIST_LIMIT).toLocaleString("en") + " more: narrow the filter"));
    }
    list.replaceChildren(frag);
    document.getElementById("entity-count").textContent = plural(matches, "entity").replace("entitys", "entities");
  }

  function showDetail(gid) {
    const box = document.getElementById("entity-detail");
    const e = ents[gid];
    const parts = [el("h3", "t-" + typeOf(gid), e[0]),
      el("p", "muted", typeOf(gid) + " · " + plural(e[3], "mention") + " in " + plural(e[2], "document"))];
    const link = data.links[gid];
    if (link) {
      const where = [link.kind, link.country, link.lat + ", " + link.lon].filter(Boolean).join(" · ");
      parts.push(el("p", "link", where + (link.geonames_id ? " · GeoNames " + link.geonames_id : "")));
    }
    const ul = el("ul");
    for (let k = 0; k < e[4].length; k += 2) {
      const li = el("li");
      const button = el("button", "doc-link", docs[e[4][k]].s);
      button.type = "button";
      button.dataset.doc = String(e[4][k]);
      li.appendChild(button);
      li.appendChild(el("span", "muted", " " + plural(e[4][k + 1], "mention")));
      ul.appendChild(li);
    }
    parts.push(ul);
    box.replaceChildren(...parts);
  }

  function select(gid) {
    selected = gid;
    document.querySelectorAll(".sel").forEach((n) => n.classList.remove("sel"));
    document.querySelectorAll("[aria-current]").forEach((n) => n.removeAttribute("aria-current"));
    document.querySelectorAll('[data-entity="' + gid + '"]').forEach((n) => {
      n.classList.add("sel");
      if (n.classList.contains("ent")) n.setAttribute("aria-current", "true");
    });
    showDetail(gid);
    const where = ents[gid][4];
    for (let k = 0; k < where.length && k < 2 * AUTO_OPEN; k += 2) openDoc(where[k], false);
    document.querySelectorAll('mark[data-e="' + gid + '"]').forEach((n) => n.classList.add("sel"));
  }

  // -- events ------------------------------------------------------------------
  document.addEventListener("click", (event) => {
    const target = event.target.closest("[data-entity], .doc-link, .type-toggle, #open-all, #close-all");
    if (!target) return;
    if (target.classList.contains("type-toggle")) {
      const on = target.getAttribute("aria-pressed") !== "true";
      target.setAttribute("aria-pressed", String(on));
      if (on) shownTypes.add(target.dataset.type); else shownTypes.delete(target.dataset.type);
      buildList();
    } else if (target.classList.contains("doc-link")) {
      openDoc(Number(target.dataset.doc), true);
    } else if (target.id === "open-all") {
      docs.forEach((_, i) => openDoc(i, false));
    } else if (target.id === "close-all") {
      document.querySelectorAll("details.doc[open]").forEach((n) => { n.open = false; });
    } else {
      select(Number(target.dataset.entity));
      if (!target.classList.contains("ent")) document.getElementById("index").scrollIntoView();
    }
  });
  document.getElementById("entity-filter").addEventListener("input", buildList);
  // bars and map points take Enter and Space like buttons
  document.addEventListener("keydown", (event) => {
    const target = event.target.closest && event.target.closest(".bar-row, .pt");
    if (target && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      select(Number(target.dataset.entity));
    }
  });

  buildDocs();
  buildList();
  if (docs.length === 1) openDoc(0, false);
})();
