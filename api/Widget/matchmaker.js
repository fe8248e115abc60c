/*! Matchmaker widget: <script src=".../widget/matchmaker.js"></script> <matchmaker-widget municipality="GM0363"></matchmaker-widget> */
(() => {
  "use strict";
  const scriptOrigin = (() => {
    try { return new URL(document.currentScript.src).origin; } catch { return window.location.origin; }
  })();

  const TEXT = {
    nl: {
      heading: "Welke regelingen passen bij uw bedrijf?",
      question: "Uw vraag of plan", questionHint: "Bijvoorbeeld: zonnepanelen op ons pand, personeel bijscholen, een prototype ontwikkelen",
      employees: "Aantal medewerkers", sbi: "Sector (SBI-code, optioneel)", municipality: "Vestigingsplaats", anyMunicipality: "Onbekend",
      submit: "Zoek regelingen", searching: "Bezig met zoeken…",
      found: (n) => n === 0 ? "Geen passende regelingen gevonden." : `${n} passende regeling${n === 1 ? "" : "en"} gevonden.`,
      why: "Waarom het past", unknown: "Nog na te gaan", next: "Vraag om het resultaat te verbeteren:",
      deadline: "Sluit op", more: "Naar de officiële pagina",
      eligible: "Komt in aanmerking", maybe: "Komt mogelijk in aanmerking",
      down: "De dienst is nu niet bereikbaar. Probeer het later opnieuw.",
      busy: "Er zijn nu te veel aanvragen. Probeer het over een minuut opnieuw.",
      invalid: "Controleer uw invoer:",
    },
    en: {
      heading: "Which schemes fit your business?",
      question: "Your question or plan", questionHint: "For example: solar panels on our building, train our staff, develop a prototype",
      employees: "Number of employees", sbi: "Sector (SBI code, optional)", municipality: "Location", anyMunicipality: "Unknown",
      submit: "Find schemes", searching: "Searching…",
      found: (n) => n === 0 ? "No matching schemes found." : `${n} matching scheme${n === 1 ? "" : "s"} found.`,
      why: "Why it fits", unknown: "Still to check", next: "A question that would improve the result:",
      deadline: "Closes on", more: "Go to the official page",
      eligible: "Eligible", maybe: "Possibly eligible",
      down: "The service cannot be reached right now. Please try again later.",
      busy: "There are too many requests right now. Please try again in a minute.",
      invalid: "Please check your input:",
    },
  };

  // House style: every colour, the font, spacing and radius are CSS custom properties a site may set on the element
  // (matchmaker-widget { --mm-accent: #e17000; }), and the main parts can be styled with ::part(form|button|result|badge|link|status).
  const STYLE = `
    :host {
      --mm-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; --mm-text: #1a1a1a; --mm-muted: #40464c;
      --mm-accent: #01689b; --mm-accent-text: #fff; --mm-surface: #f4f6f8; --mm-card: #fff; --mm-border: #c5ccd3;
      --mm-focus: #ffb612; --mm-badge: #e3ecf3; --mm-badge-text: #0b3d5c; --mm-spacing: .75rem; --mm-radius: 6px;
      display: block; font-family: var(--mm-font); color: var(--mm-text); line-height: 1.5;
    }
    form { display: grid; gap: var(--mm-spacing); background: var(--mm-surface); border: 1px solid var(--mm-border); border-radius: var(--mm-radius); padding: 1rem; }
    h2 { font-size: 1.25rem; margin: 0 0 .25rem; }
    label { font-weight: 600; display: block; margin-bottom: .25rem; }
    .hint { font-size: .875rem; color: var(--mm-muted); margin: 0 0 .25rem; }
    textarea, input, select { width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; border: 1px solid #5b6670; border-radius: calc(var(--mm-radius) - 2px); background: #fff; color: var(--mm-text); }
    .row { display: grid; gap: var(--mm-spacing); grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); }
    button { font: inherit; font-weight: 600; padding: .6rem 1rem; border: 0; border-radius: calc(var(--mm-radius) - 2px); background: var(--mm-accent); color: var(--mm-accent-text); cursor: pointer; justify-self: start; }
    button[disabled] { background: #5b6670; }
    :focus-visible { outline: 3px solid var(--mm-focus); outline-offset: 2px; }
    .status { margin: var(--mm-spacing) 0; font-weight: 600; }
    .error { color: #a50e0e; border-left: 4px solid #a50e0e; padding: .5rem .75rem; background: #fdecec; }
    .next { background: #fff8e1; border-left: 4px solid #b37400; padding: .5rem .75rem; }
    ol { list-style: none; padding: 0; margin: 0; display: grid; gap: var(--mm-spacing); }
    ol > li { border: 1px solid var(--mm-border); border-radius: var(--mm-radius); padding: .75rem 1rem; background: var(--mm-card); }
    h3 { margin: 0; font-size: 1.1rem; }
    .meta { font-size: .9rem; color: var(--mm-muted); margin: .25rem 0; }
    .badge { display: inline-block; font-size: .8rem; font-weight: 600; padding: 0 .4rem; border-radius: 3px; background: var(--mm-badge); color: var(--mm-badge-text); margin-right: .25rem; }
    ul { margin: .25rem 0 .5rem 1.25rem; padding: 0; }
    a { color: var(--mm-accent); font-weight: 600; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  `;

  const escape = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

  class MatchmakerWidget extends HTMLElement {
    static get observedAttributes() { return ["lang"]; }

    connectedCallback() {
      if (this.shadowRoot) return;
      this.attachShadow({ mode: "open" });
      this.language = this.getAttribute("lang") === "en" ? "en" : "nl";
      this.t = TEXT[this.language];
      this.api = (this.getAttribute("api") || scriptOrigin).replace(/\/+$/, "");
      this.uid = "mm" + Math.random().toString(36).slice(2, 8);
      this.render();
      this.loadMunicipalities();
      this.labelsReady = this.loadLabels();
      if (this.getAttribute("need")) this.search();
    }

    render() {
      const t = this.t, id = this.uid;
      this.shadowRoot.innerHTML = `
        <style>${STYLE}</style>
        <form part="form" novalidate>
          <h2>${escape(t.heading)}</h2>
          <div>
            <label for="${id}-q">${escape(t.question)}</label>
            <p class="hint" id="${id}-qh">${escape(t.questionHint)}</p>
            <textarea id="${id}-q" name="description" rows="3" maxlength="2000" aria-describedby="${id}-qh">${escape(this.getAttribute("need") || "")}</textarea>
          </div>
          <div class="row">
            <div><label for="${id}-e">${escape(t.employees)}</label>
              <input id="${id}-e" name="employees" type="number" min="0" inputmode="numeric" value="${escape(this.getAttribute("employees") || "")}"></div>
            <div><label for="${id}-s">${escape(t.sbi)}</label>
              <input id="${id}-s" name="sbi" type="text" inputmode="numeric" value="${escape(this.getAttribute("sbi") || "")}"></div>
            <div><label for="${id}-m">${escape(t.municipality)}</label>
              <select id="${id}-m" name="municipality"><option value="">${escape(t.anyMunicipality)}</option></select></div>
          </div>
          <button part="button" type="submit">${escape(t.submit)}</button>
        </form>
        <div class="status" part="status" role="status" aria-live="polite"></div>
        <div class="results"></div>`;
      const preset = this.getAttribute("municipality");
      if (preset) {
        const select = this.shadowRoot.querySelector("select");
        select.add(new Option(preset, preset, true, true));
      }
      this.shadowRoot.querySelector("form").addEventListener("submit", (e) => { e.preventDefault(); this.search(); });
    }

    // Code lists come from the API (/v1/vocabularies), the one place they are written; the code itself shows until they load.
    async loadLabels() {
      this.labels = {};
      await Promise.all(["instruments", "statuses"].map(async (name) => {
        try {
          const response = await fetch(`${this.api}/v1/vocabularies/${name}`, { headers: { Accept: "application/json" } });
          if (!response.ok) return;
          const { items } = await response.json();
          this.labels[name] = Object.fromEntries(items.map((i) => [i.code, (this.language === "en" && i.label.en) || i.label.nl]));
        } catch { /* codes are shown as they are */ }
      }));
    }

    label(list, code) { return (this.labels && this.labels[list] && this.labels[list][code]) || code; }

    async loadMunicipalities() {
      try {
        const response = await fetch(`${this.api}/v1/municipalities?pageSize=500`, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const { items } = await response.json();
        const select = this.shadowRoot.querySelector("select");
        const chosen = select.value;
        select.length = 1;
        for (const m of items) select.add(new Option(m.name, m.code, false, m.code === chosen));
      } catch { /* the preset code stays usable; errors are shown when searching */ }
    }

    request() {
      const form = this.shadowRoot.querySelector("form");
      const description = form.description.value.trim();
      const employees = form.employees.value === "" ? null : Number(form.employees.value);
      const sbi = form.sbi.value.trim();
      const municipality = form.municipality.value;
      const company = {};
      if (employees !== null && Number.isFinite(employees)) company.employees = employees;
      if (sbi) company.sbiCodes = sbi.split(/[\s,;]+/).filter(Boolean);
      if (municipality) company.municipalityCode = municipality;
      const body = { language: this.language, limit: Math.min(50, Math.max(1, Number(this.getAttribute("limit")) || 10)) };
      if (Object.keys(company).length) body.company = company;
      if (description) body.need = { description };
      return body;
    }

    async search() {
      const t = this.t, root = this.shadowRoot;
      const status = root.querySelector(".status"), results = root.querySelector(".results"), button = root.querySelector("button");
      button.disabled = true;
      status.className = "status";
      status.textContent = t.searching;
      results.replaceChildren();
      try {
        // X-Matchmaker-Channel tells the demand insights this question came through the widget (README, "Demand insights").
        const response = await fetch(`${this.api}/v1/matches`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json", "X-Matchmaker-Channel": "widget" },
          body: JSON.stringify(this.request()),
        });
        if (response.status === 429) throw new Error(t.busy);
        if (response.status === 400) {
          const problem = await response.json();
          const reasons = (problem.invalidParams || []).map((p) => p.reason).join(" ");
          throw new Error(`${t.invalid} ${reasons || problem.detail || ""}`);
        }
        if (!response.ok) throw new Error(t.down);
        const result = await response.json();
        await this.labelsReady;
        this.show(result);
      } catch (error) {
        status.className = "status error";
        status.textContent = error instanceof TypeError || !error.message ? t.down : error.message;
      } finally {
        button.disabled = false;
      }
    }

    show(result) {
      const t = this.t, lang = this.language, root = this.shadowRoot;
      root.querySelector(".status").textContent = t.found(result.matches.length);
      const parts = [];
      if (result.nextQuestion) parts.push(`<p class="next">${escape(t.next)} ${escape(result.nextQuestion.question)}</p>`);
      parts.push("<ol>");
      for (const m of result.matches) {
        const s = m.scheme;
        const title = (lang === "en" && s.title.en) || s.title.nl;
        const met = m.criteria.filter((c) => c.outcome === "met").map((c) => `<li>${escape(c.detail)}</li>`).join("");
        const unknown = m.criteria.filter((c) => c.outcome === "unknown").map((c) => `<li>${escape(c.detail)}</li>`).join("");
        const deadline = m.nextDeadline ? ` · ${escape(t.deadline)} ${escape(new Date(m.nextDeadline + "T00:00:00").toLocaleDateString(lang === "en" ? "en-GB" : "nl-NL", { day: "numeric", month: "long", year: "numeric" }))}` : "";
        parts.push(`<li part="result" data-scheme-id="${escape(s.id)}">
          <h3>${escape(title)}</h3>
          <p class="meta"><span class="badge" part="badge">${escape(this.label("instruments", s.instrument))}</span>
            <span class="badge" part="badge">${escape(this.label("statuses", m.status))}</span>${escape(s.provider.name)}${deadline}</p>
          <p class="meta">${escape(t[m.eligibility] || m.eligibility)}</p>
          ${met ? `<p class="meta"><strong>${escape(t.why)}</strong></p><ul>${met}</ul>` : ""}
          ${unknown ? `<p class="meta"><strong>${escape(t.unknown)}</strong></p><ul>${unknown}</ul>` : ""}
          <a part="link" href="${escape(s.url)}" target="_blank" rel="noopener">${escape(t.more)}<span class="visually-hidden"> – ${escape(title)}</span></a>
        </li>`);
      }
      parts.push("</ol>");
      root.querySelector(".results").innerHTML = parts.join("");
    }
  }

  if (!customElements.get("matchmaker-widget")) customElements.define("matchmaker-widget", MatchmakerWidget);
})();
