// The /insights page: the analyst key is typed once and kept in this tab only (sessionStorage); every number comes
// from /v1/insights/* on this origin. Charts are plain SVG made here, each with a text alternative; the same numbers
// follow in tables. No dependencies, no build step.
(() => {
  "use strict";

  const KEY = "matchmaker.insights.key";
  const SVG = "http://www.w3.org/2000/svg";
  const $ = (id) => document.getElementById(id);
  const nf = new Intl.NumberFormat("nl-NL");
  const pf = new Intl.NumberFormat("nl-NL", { style: "percent", maximumFractionDigits: 1 });

  class HttpError extends Error {
    constructor(status) { super(`HTTP ${status}`); this.status = status; }
  }

  function status(text, error = false) {
    const el = $("status");
    el.textContent = text;
    el.classList.toggle("error", error);
  }

  async function get(path, withKey = true) {
    const headers = { Accept: "application/json" };
    if (withKey) {
      headers["X-Api-Key"] = sessionStorage.getItem(KEY) || "";
    }
    const response = await fetch(path, { headers });
    if (!response.ok) {
      throw new HttpError(response.status);
    }
    return response.json();
  }

  function el(tag, attributes = {}, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      node.setAttribute(name, value);
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function svg(tag, attributes = {}, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) {
      node.setAttribute(name, String(value));
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function query() {
    const params = new URLSearchParams({ language: "nl" });
    for (const name of ["from", "to", "province", "channel"]) {
      const value = $(name).value;
      if (value) {
        params.set(name, value);
      }
    }
    return params;
  }

  function with_(params, extra) {
    const copy = new URLSearchParams(params);
    for (const [name, value] of Object.entries(extra)) {
      copy.set(name, value);
    }
    return copy.toString();
  }

  function suppressedNote(count, minimum) {
    return count > 0
      ? `${nf.format(count)} ${count === 1 ? "groep" : "groepen"} met minder dan ${nf.format(minimum)} vragen niet getoond.`
      : `Elke getoonde groep telt minstens ${nf.format(minimum)} vragen.`;
  }

  // A chart's text alternative: what it shows and its largest values, in words.
  function describe(rows, unit) {
    if (rows.length === 0) {
      return "Geen groepen om te tonen.";
    }
    const top = rows.slice(0, 3).map((r) => `${r.label}: ${nf.format(r.value)} ${unit}` + (r.part !== undefined ? `, waarvan ${nf.format(r.part)} zonder passende regeling` : ""));
    return `${rows.length} ${rows.length === 1 ? "groep" : "groepen"}. Grootste: ${top.join("; ")}.`;
  }

  // Horizontal bars, a label above each bar, so it reads at 375 px as well as on a wide screen.
  function barChart(figure, id, title, rows, unit, note, legend) {
    figure.replaceChildren();
    figure.append(el("figcaption", { id: `${id}-caption` }, title));
    if (legend) {
      const keys = el("div", { class: "legend", "aria-hidden": "true" });
      keys.append(el("span", { class: "asked" }, "vragen"), el("span", { class: "unmet" }, "zonder passende regeling"));
      figure.append(keys);
    }
    const width = 360, row = 38, top = 4;
    const height = Math.max(row, rows.length * row) + top;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": `${id}-title ${id}-desc` });
    chart.append(svg("title", { id: `${id}-title` }, title), svg("desc", { id: `${id}-desc` }, describe(rows, unit)));
    if (rows.length === 0) {
      chart.append(svg("text", { x: 0, y: 24, "font-size": 13 }, "Nog geen groepen met genoeg vragen."));
    }
    rows.forEach((r, i) => {
      const y = top + i * row;
      const bar = Math.max(1, (r.value / max) * (width - 70));
      chart.append(svg("text", { x: 0, y: y + 12, "font-size": 12 }, r.label.length > 58 ? r.label.slice(0, 56) + "…" : r.label));
      chart.append(svg("rect", { x: 0, y: y + 16, width: bar, height: 14, rx: 2, fill: legend ? "#7fa7d1" : "#0b5394" }));
      if (r.part !== undefined && r.part > 0) {
        chart.append(svg("rect", { x: 0, y: y + 16, width: Math.max(1, (r.part / max) * (width - 70)), height: 14, rx: 2, fill: "#a3211a" }));
      }
      chart.append(svg("text", { x: bar + 6, y: y + 28, "font-size": 12 }, nf.format(r.value)));
    });
    figure.append(chart, el("p", { class: "note" }, note));
  }

  // Columns per month: all requests, and in front of them the unmet ones.
  function monthChart(figure, id, title, rows, note) {
    figure.replaceChildren();
    figure.append(el("figcaption", { id: `${id}-caption` }, title));
    const keys = el("div", { class: "legend", "aria-hidden": "true" });
    keys.append(el("span", { class: "asked" }, "vragen"), el("span", { class: "unmet" }, "zonder passende regeling"));
    figure.append(keys);
    const width = 360, height = 190, base = 160, left = 4;
    const max = Math.max(1, ...rows.map((r) => r.value));
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": `${id}-title ${id}-desc` });
    const trend = rows.length > 1
      ? ` Aandeel zonder passende regeling van ${pf.format(rows[0].share)} (${rows[0].label}) naar ${pf.format(rows[rows.length - 1].share)} (${rows[rows.length - 1].label}).`
      : "";
    chart.append(svg("title", { id: `${id}-title` }, title), svg("desc", { id: `${id}-desc` }, describe(rows, "vragen") + trend));
    if (rows.length === 0) {
      chart.append(svg("text", { x: 0, y: 24, "font-size": 13 }, "Nog geen maanden met genoeg vragen."));
    }
    const slot = (width - left) / Math.max(rows.length, 1);
    const bar = Math.min(28, slot * 0.7);
    rows.forEach((r, i) => {
      const x = left + i * slot + (slot - bar) / 2;
      const h = (r.value / max) * (base - 14);
      const u = (r.part / max) * (base - 14);
      chart.append(svg("rect", { x, y: base - h, width: bar, height: Math.max(1, h), fill: "#7fa7d1" }));
      if (r.part > 0) {
        chart.append(svg("rect", { x, y: base - u, width: bar, height: Math.max(1, u), fill: "#a3211a" }));
      }
      if (rows.length <= 12 || i % 2 === 0) {
        chart.append(svg("text", { x: x + bar / 2, y: base + 14, "font-size": 10, "text-anchor": "middle" }, r.short));
        if (i === 0 || r.short === "jan") {
          chart.append(svg("text", { x: x + bar / 2, y: base + 27, "font-size": 10, "text-anchor": "middle" }, r.key.slice(0, 4)));
        }
      }
    });
    chart.append(svg("line", { x1: 0, x2: width, y1: base, y2: base, stroke: "#4a5560", "stroke-width": 1 }));
    figure.append(chart, el("p", { class: "note" }, note));
  }

  function table(id, caption, columns, rows) {
    const wrap = el("div", { class: "table-wrap", role: "region", "aria-labelledby": `${id}-caption`, tabindex: "0" });
    const t = el("table", { id });
    t.append(el("caption", { id: `${id}-caption` }, caption));
    const head = el("tr");
    columns.forEach((c) => head.append(el("th", { scope: "col", class: c.number ? "number" : "" }, c.title)));
    const thead = el("thead");
    thead.append(head);
    t.append(thead);
    const body = el("tbody");
    if (rows.length === 0) {
      const tr = el("tr");
      tr.append(el("td", { colspan: String(columns.length) }, "Geen groepen met genoeg vragen."));
      body.append(tr);
    }
    rows.forEach((r) => {
      const tr = el("tr");
      columns.forEach((c, i) => tr.append(el(i === 0 ? "th" : "td", i === 0 ? { scope: "row" } : { class: c.number ? "number" : "" }, c.value(r))));
      body.append(tr);
    });
    t.append(body);
    wrap.append(t);
    return wrap;
  }

  const demandColumns = (first) => [
    { title: first, value: (c) => c.label },
    { title: "Vragen", number: true, value: (c) => nf.format(c.requests) },
    { title: "Zonder passende regeling", number: true, value: (c) => nf.format(c.unmet) },
    { title: "Aandeel", number: true, value: (c) => pf.format(c.unmetShare) },
  ];

  const short = new Intl.DateTimeFormat("nl-NL", { month: "short" });

  async function load() {
    status("Bezig met laden…");
    const params = query();
    try {
      const [purposes, provinces, months, unmet, words] = await Promise.all([
        get(`/v1/insights/demand?${with_(params, { groupBy: "purpose" })}`),
        get(`/v1/insights/demand?${with_(params, { groupBy: "province" })}`),
        get(`/v1/insights/demand?${with_(params, { groupBy: "month" })}`),
        get(`/v1/insights/unmet?${with_(new URLSearchParams([...params].filter(([k]) => k !== "province")), { limit: "10" })}`),
        get("/v1/insights/words?limit=20"),
      ]);
      render(purposes, provinces, months, unmet, words, params.has("province"));
      $("key-section").hidden = true;
      $("report").hidden = false;
      status(purposes.total ? `${nf.format(purposes.total.requests)} vragen geteld.` : "Te weinig vragen om te tonen met deze filters.");
    } catch (error) {
      if (error instanceof HttpError && (error.status === 401 || error.status === 403)) {
        sessionStorage.removeItem(KEY);
        $("report").hidden = true;
        $("key-section").hidden = false;
        status(error.status === 401 ? "Deze sleutel is onbekend of ingetrokken." : "Deze sleutel is geen analistensleutel.", true);
        $("key").focus();
      } else if (error instanceof HttpError && error.status === 400) {
        status("Deze filters kloppen niet: kijk de datums na (van niet na tot en met, niet in de toekomst).", true);
      } else {
        status("De dienst is nu niet bereikbaar. Probeer het later opnieuw.", true);
      }
    }
  }

  function render(purposes, provinces, months, unmet, words, provinceFiltered) {
    const headline = $("headline");
    headline.replaceChildren();
    const total = purposes.total;
    const stat = (label, value) => {
      const box = el("div");
      box.append(el("strong", {}, value), el("span", {}, label));
      return box;
    };
    headline.append(
      stat("vragen", total ? nf.format(total.requests) : "–"),
      stat("zonder passende regeling", total ? nf.format(total.unmet) : "–"),
      stat("aandeel zonder passende regeling", total ? pf.format(total.unmetShare) : "–"));

    const bars = (report) => report.items.map((c) => ({ label: c.label, value: c.requests, part: c.unmet }));
    barChart($("chart-purpose"), "purpose", "Vragen per doel (de 12 meest gevraagde)", bars(purposes).slice(0, 12), "vragen",
      suppressedNote(purposes.suppressedCells, purposes.minimumCellSize), true);
    barChart($("chart-province"), "province", provinceFiltered ? "Vragen in de gekozen provincie" : "Vragen per provincie", bars(provinces), "vragen",
      suppressedNote(provinces.suppressedCells, provinces.minimumCellSize), true);
    const monthRows = months.items.filter((c) => c.key !== "unknown").map((c) => ({
      key: c.key, label: c.label, value: c.requests, part: c.unmet, share: c.unmetShare,
      short: short.format(new Date(`${c.key}-15T12:00:00Z`)).replace(".", ""),
    }));
    monthChart($("chart-month"), "month", "Vragen per maand", monthRows, suppressedNote(months.suppressedCells, months.minimumCellSize));
    barChart($("chart-unmet"), "unmet", "Waar geen regeling past: doel × provincie",
      unmet.items.map((c) => ({ label: `${c.purposeLabel} – ${c.provinceLabel}`, value: c.unmet })), "vragen zonder passende regeling",
      suppressedNote(unmet.suppressedCells, unmet.minimumCellSize), false);
    barChart($("chart-words"), "words", "Vaak gebruikte woorden die Matchmaker niet herkende",
      words.items.map((w) => ({ label: w.word, value: w.requests })), "vragen",
      `Een woord verschijnt pas als minstens ${nf.format(words.minimumCellSize)} vragen het gebruikten.`, false);

    const tables = $("tables");
    tables.replaceChildren(
      table("table-purpose", "Vragen per doel", demandColumns("Doel"), purposes.items),
      table("table-province", "Vragen per provincie", demandColumns("Provincie"), provinces.items),
      table("table-month", "Vragen per maand", demandColumns("Maand"), months.items),
      table("table-unmet", "Waar geen regeling past", [
        { title: "Doel", value: (c) => c.purposeLabel },
        { title: "Provincie", value: (c) => c.provinceLabel },
        { title: "Vragen", number: true, value: (c) => nf.format(c.requests) },
        { title: "Zonder passende regeling", number: true, value: (c) => nf.format(c.unmet) },
        { title: "Aandeel", number: true, value: (c) => pf.format(c.unmetShare) },
      ], unmet.items),
      table("table-words", "Niet herkende woorden", [
        { title: "Woord", value: (w) => w.word },
        { title: "Vragen", number: true, value: (w) => nf.format(w.requests) },
      ], words.items));
  }

  async function fillFilters() {
    try {
      const [provinces, channels] = await Promise.all([get("/v1/provinces", false), get("/v1/vocabularies/channels", false)]);
      for (const p of provinces.items) {
        $("province").append(el("option", { value: p.code }, p.name));
      }
      for (const c of channels.items) {
        $("channel").append(el("option", { value: c.code }, c.label.nl));
      }
    } catch {
      // The filters still work without names: leave the lists at "all".
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    fillFilters();
    $("key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const key = $("key").value.trim();
      if (!key) {
        status("Vul de API-sleutel in.", true);
        $("key").focus();
        return;
      }
      sessionStorage.setItem(KEY, key);
      $("key").value = "";
      load();
    });
    $("filters").addEventListener("submit", (event) => {
      event.preventDefault();
      load();
    });
    $("forget").addEventListener("click", () => {
      sessionStorage.removeItem(KEY);
      $("report").hidden = true;
      $("key-section").hidden = false;
      status("De sleutel is uit dit tabblad verwijderd.");
      $("key").focus();
    });
    if (sessionStorage.getItem(KEY)) {
      load();
    }
  });
})();
