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
      down: "De dienst is nu niet bereikbaar. Probeer het later opnieuw.",
      busy: "Er zijn nu te veel aanvragen. Probeer het over een minuut opnieuw.",
      invalid: "Controleer uw invoer:",
      refer: (p) => `Laat u helpen door ${p}`,
      referIntro: (p) => `Wij sturen uw vraag en uw contactgegevens naar ${p}. ${p} stuurt u een e-mail ter bevestiging en neemt daarna contact met u op.`,
      name: "Uw naam", email: "Uw e-mailadres", phone: "Telefoonnummer (optioneel)", message: (p) => `Uw vraag aan ${p}`,
      consent: (p) => `Ik geef toestemming dat mijn naam, e-mailadres, telefoonnummer en vraag naar ${p} gaan, zodat ${p} contact met mij kan opnemen.`,
      send: (p) => `Verstuur naar ${p}`, sending: "Bezig met versturen…",
      sent: (p) => `Uw vraag is verstuurd naar ${p}. ${p} stuurt u een e-mail ter bevestiging en neemt daarna contact met u op.`,
      required: { name: "Vul uw naam in.", email: "Vul een geldig e-mailadres in.", message: "Schrijf uw vraag.", consent: "Geef toestemming om uw gegevens te versturen." },
      notPossible: (p) => `${p} neemt op dit moment geen aanvragen via deze website aan. Neem rechtstreeks contact op via de officiële pagina.`,
    },
    en: {
      heading: "Which schemes fit your business?",
      question: "Your question or plan", questionHint: "For example: solar panels on our building, train our staff, develop a prototype",
      employees: "Number of employees", sbi: "Sector (SBI code, optional)", municipality: "Location", anyMunicipality: "Unknown",
      submit: "Find schemes", searching: "Searching…",
      found: (n) => n === 0 ? "No matching schemes found." : `${n} matching scheme${n === 1 ? "" : "s"} found.`,
      why: "Why it fits", unknown: "Still to check", next: "A question that would improve the result:",
      deadline: "Closes on", more: "Go to the official page",
      down: "The service cannot be reached right now. Please try again later.",
      busy: "There are too many requests right now. Please try again in a minute.",
      invalid: "Please check your input:",
      refer: (p) => `Get help from ${p}`,
      referIntro: (p) => `We send your question and your contact details to ${p}. ${p} will send you an e-mail to confirm and then contact you.`,
      name: "Your name", email: "Your e-mail address", phone: "Phone number (optional)", message: (p) => `Your question for ${p}`,
      consent: (p) => `I agree that my name, e-mail address, phone number and question go to ${p}, so that ${p} can contact me.`,
      send: (p) => `Send to ${p}`, sending: "Sending…",
      sent: (p) => `Your question has been sent to ${p}. ${p} will send you an e-mail to confirm and then contact you.`,
      required: { name: "Enter your name.", email: "Enter a valid e-mail address.", message: "Write your question.", consent: "Give your consent to send your details." },
      notPossible: (p) => `${p} does not take requests through this website at the moment. Please contact them through the official page.`,
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
    [hidden] { display: none !important; }
    .refer { margin-top: var(--mm-spacing); }
    .refer form { margin-top: var(--mm-spacing); }
    .refer h4 { margin: 0; font-size: 1rem; }
    .consent { display: grid; grid-template-columns: auto 1fr; gap: .5rem; align-items: start; }
    .consent input { width: 1.25rem; height: 1.25rem; margin: .15rem 0 0; }
    .consent label { font-weight: 400; }
    .sent { background: #e8f5e9; border-left: 4px solid #2e7d32; padding: .5rem .75rem; }
    [aria-invalid="true"] { border-color: #a50e0e; outline: 1px solid #a50e0e; }
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
      this.acceptingReady = this.loadAccepting();
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
      await Promise.all(["instruments", "statuses", "eligibilities"].map(async (name) => {
        try {
          const response = await fetch(`${this.api}/v1/vocabularies/${name}`, { headers: { Accept: "application/json" } });
          if (!response.ok) return;
          const { items } = await response.json();
          this.labels[name] = Object.fromEntries(items.map((i) => [i.code, (this.language === "en" && i.label.en) || i.label.nl]));
        } catch { /* codes are shown as they are */ }
      }));
    }

    // The providers that take referrals through this service (their own setting); without the list no button is shown.
    async loadAccepting() {
      this.accepting = new Set();
      try {
        const response = await fetch(`${this.api}/v1/referrals/providers`, { headers: { Accept: "application/json" } });
        if (!response.ok) return;
        this.accepting = new Set((await response.json()).items);
      } catch { /* no referrals offered */ }
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
      this.lastCompany = body.company;
      this.lastQuestion = description;
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
        await Promise.all([this.labelsReady, this.acceptingReady]);
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
      for (const [i, m] of result.matches.entries()) {
        const s = m.scheme;
        const title = (lang === "en" && s.title.en) || s.title.nl;
        const met = m.criteria.filter((c) => c.outcome === "met").map((c) => `<li>${escape(c.detail)}</li>`).join("");
        const unknown = m.criteria.filter((c) => c.outcome === "unknown").map((c) => `<li>${escape(c.detail)}</li>`).join("");
        const deadline = m.nextDeadline ? ` · ${escape(t.deadline)} ${escape(new Date(m.nextDeadline + "T00:00:00").toLocaleDateString(lang === "en" ? "en-GB" : "nl-NL", { day: "numeric", month: "long", year: "numeric" }))}` : "";
        parts.push(`<li part="result" data-scheme-id="${escape(s.id)}">
          <h3>${escape(title)}</h3>
          <p class="meta"><span class="badge" part="badge">${escape(this.label("instruments", s.instrument))}</span>
            <span class="badge" part="badge">${escape(this.label("statuses", m.status))}</span>${escape(s.provider.name)}${deadline}</p>
          <p class="meta">${escape(this.label("eligibilities", m.eligibility))}</p>
          ${met ? `<p class="meta"><strong>${escape(t.why)}</strong></p><ul>${met}</ul>` : ""}
          ${unknown ? `<p class="meta"><strong>${escape(t.unknown)}</strong></p><ul>${unknown}</ul>` : ""}
          <a part="link" href="${escape(s.url)}" target="_blank" rel="noopener">${escape(t.more)}<span class="visually-hidden"> – ${escape(title)}</span></a>
          ${this.accepting && this.accepting.has(s.provider.id) ? this.referBlock(s, i) : ""}
        </li>`);
      }
      parts.push("</ol>");
      const results = root.querySelector(".results");
      results.innerHTML = parts.join("");
      results.querySelectorAll(".refer-toggle").forEach((button) => button.addEventListener("click", () => this.openReferral(button)));
      results.querySelectorAll(".refer form").forEach((form) => form.addEventListener("submit", (e) => { e.preventDefault(); this.sendReferral(form); }));
    }

    // "Get help from ...": a form of its own per scheme, opened by its button. Sent without a key; the provider confirms by e-mail.
    referBlock(s, i) {
      const t = this.t, p = escape(s.provider.name), id = `${this.uid}-r${i}`;
      return `<div class="refer">
        <button type="button" part="button" class="refer-toggle" aria-expanded="false" aria-controls="${id}">${escape(t.refer(s.provider.name))}</button>
        <form id="${id}" hidden novalidate aria-labelledby="${id}-h" data-scheme-id="${escape(s.id)}" data-provider="${p}">
          <h4 id="${id}-h">${escape(t.refer(s.provider.name))}</h4>
          <p class="hint">${escape(t.referIntro(s.provider.name))}</p>
          <div><label for="${id}-n">${escape(t.name)}</label><input id="${id}-n" name="name" autocomplete="name" maxlength="200" required></div>
          <div><label for="${id}-e">${escape(t.email)}</label><input id="${id}-e" name="email" type="email" autocomplete="email" maxlength="254" required></div>
          <div><label for="${id}-p">${escape(t.phone)}</label><input id="${id}-p" name="phone" type="tel" autocomplete="tel" maxlength="30"></div>
          <div><label for="${id}-m">${escape(t.message(s.provider.name))}</label><textarea id="${id}-m" name="message" rows="3" maxlength="2000" required>${escape(this.lastQuestion || "")}</textarea></div>
          <div class="consent"><input id="${id}-c" name="consent" type="checkbox" required><label for="${id}-c">${escape(t.consent(s.provider.name))}</label></div>
          <div class="refer-status" aria-live="polite"></div>
          <button part="button" type="submit">${escape(t.send(s.provider.name))}</button>
        </form>
      </div>`;
    }

    openReferral(button) {
      const form = this.shadowRoot.getElementById(button.getAttribute("aria-controls"));
      const open = form.hidden;
      form.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      if (open) form.name.focus();
    }

    async sendReferral(form) {
      const t = this.t, provider = form.dataset.provider;
      const status = form.querySelector(".refer-status"), submit = form.querySelector("button[type=submit]");
      const fields = { name: form.name.value.trim(), email: form.email.value.trim(), phone: form.phone.value.trim(), message: form.message.value.trim() };
      const missing = [];
      if (!fields.name) missing.push("name");
      if (!/^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/.test(fields.email)) missing.push("email");
      if (!fields.message) missing.push("message");
      if (!form.consent.checked) missing.push("consent");
      for (const name of ["name", "email", "message", "consent"]) form[name].setAttribute("aria-invalid", String(missing.includes(name)));
      if (missing.length) {
        status.className = "refer-status error";
        status.textContent = missing.map((m) => t.required[m]).join(" ");
        form[missing[0]].focus();
        return;
      }

      const body = { schemeId: form.dataset.schemeId, consent: true, message: fields.message, contact: { name: fields.name, email: fields.email } };
      if (fields.phone) body.contact.phone = fields.phone;
      if (this.lastCompany) body.company = this.lastCompany;
      submit.disabled = true;
      status.className = "refer-status";
      status.textContent = t.sending;
      try {
        const response = await fetch(`${this.api}/v1/referrals`, {
          method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body),
        });
        if (response.status === 429) throw new Error(t.busy);
        if (response.status === 409) throw new Error(t.notPossible(provider));
        if (response.status === 400) {
          const problem = await response.json();
          throw new Error(`${t.invalid} ${(problem.invalidParams || []).map((p) => p.reason).join(" ") || problem.detail || ""}`);
        }
        if (!response.ok) throw new Error(t.down);
        const done = document.createElement("p");
        done.className = "sent";
        // Focus takes a screen reader to the confirmation; the results' own status region stays the only one.
        done.tabIndex = -1;
        done.textContent = t.sent(provider);
        form.parentElement.replaceChildren(done);
        done.focus();
      } catch (error) {
        status.className = "refer-status error";
        status.textContent = error instanceof TypeError || !error.message ? t.down : error.message;
        submit.disabled = false;
      }
    }
  }

  if (!customElements.get("matchmaker-widget")) customElements.define("matchmaker-widget", MatchmakerWidget);
})();
