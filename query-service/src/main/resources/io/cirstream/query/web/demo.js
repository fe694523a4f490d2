// cirstream web demo: plain JavaScript on the query service's public API (/api/v1) and the demo's routes (/demo/api).
"use strict";

const API = "/api/v1";
const DEMO = "/demo/api";
const PAGE = 48;            // products per page: their images stay within the API's per-client burst
const LIVE_EVERY_MS = 2000;
const MODELS_EVERY_MS = 5000;
const TRAIN_POLL_MS = 1000;
const MAX_BAR_STEP = 48;     // px of the chart per version

const state = {
  reference: null,        // {kind: "product", product} | {kind: "upload", file, url}
  history: [],            // [{reference, caption}]
  offset: 0,
  currency: null,         // the catalogue's currency, for the price filter
  lastCaption: "",
  live: null,
  serving: null,
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

async function getJson(url, options) {
  const response = await fetch(url, options);
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) {
    const message = body && (body.error ? body.error.message : body.message);
    const error = new Error(message || `${response.status} ${response.statusText}`);
    error.status = response.status;
    error.body = body;
    throw error;
  }
  return body;
}

function price(product) {
  if (!product || product.priceMinorUnits === undefined) return "";
  return `${(product.priceMinorUnits / 100).toFixed(2)} ${product.currency}`;
}

function say(message, isError = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

// ---- the catalogue: browse, pick a reference, upload ----

async function browse(reset) {
  if (reset) { state.offset = 0; $("catalogue").replaceChildren(); }
  const params = new URLSearchParams({ offset: state.offset, limit: PAGE });
  const q = $("browse-q").value.trim();
  const category = $("browse-category").value;
  if (q) params.set("q", q);
  if (category) params.set("category", category);
  try {
    const page = await getJson(`${API}/products?${params}`);
    for (const product of page.products) {
      state.currency = state.currency || product.currency;
      $("catalogue").append(el("li", {}, el("button", {
        type: "button",
        class: "product",
        "data-product-id": product.productId,
        "aria-pressed": String(isReference(product.productId)),
        title: `${product.title} — ${price(product)}`,
        onclick: () => setReference({ kind: "product", product }),
      }, el("img", { src: product.imageUrl, alt: product.title, loading: "lazy", width: 74, height: 74 }))));
    }
    state.offset += page.count;
    $("browse-more").disabled = page.count < PAGE;
    if (reset && page.count === 0) {
      $("catalogue").append(el("li", { class: "hint" }, q || category
        ? "Nothing matches: try other words."
        : "The catalogue is still arriving from the stream; it fills in within moments."));
    }
  } catch (e) {
    say(`The catalogue cannot be read: ${e.message}`, true);
  }
}

async function loadCategories() {
  const seen = new Set();
  try {
    const page = await getJson(`${API}/products?limit=200`);
    page.products.forEach((product) => seen.add(product.category));
  } catch (e) { return; }
  for (const id of ["browse-category", "filter-category"]) {
    const select = $(id);
    const known = new Set([...select.options].map((option) => option.value));
    [...seen].sort().filter((c) => !known.has(c)).forEach((c) => select.append(el("option", { value: c }, c)));
  }
}

function isReference(productId) {
  return state.reference && state.reference.kind === "product" && state.reference.product.productId === productId;
}

function setReference(reference) {
  state.reference = reference;
  const box = $("reference");
  if (reference.kind === "product") {
    const p = reference.product;
    box.replaceChildren(el("img", { src: p.imageUrl, alt: "" }), el("div", {},
      el("strong", {}, p.title), el("p", { class: "small" },
        `${p.category} · ${price(p)} · ${p.inStock ? "in stock" : "out of stock"}`),
      el("p", { class: "small", id: "reference-id" }, `reference ${p.productId}`)));
  } else {
    box.replaceChildren(el("img", { src: reference.url, alt: "" }), el("div", {},
      el("strong", {}, "Your image"), el("p", { class: "small" }, `${reference.file.name}, embedded on the fly`)));
  }
  document.querySelectorAll("#catalogue button.product").forEach((button) =>
    button.setAttribute("aria-pressed", String(isReference(button.dataset.productId))));
  $("caption").focus();
}

function onUpload(event) {
  const file = event.target.files[0];
  if (!file) return;
  setReference({ kind: "upload", file, url: URL.createObjectURL(file) });
}

// ---- the query ----

function filters() {
  const result = {};
  const category = $("filter-category").value;
  if (category) result.categories = [category];
  const min = $("filter-min").value;
  const max = $("filter-max").value;
  if (min !== "" || max !== "") {
    result.price = { currency: state.currency || "EUR" };
    if (min !== "") result.price.min = Math.round(Number(min) * 100);
    if (max !== "") result.price.max = Math.round(Number(max) * 100);
  }
  if ($("filter-stock").checked) result.inStock = true;
  return result;
}

async function search(event) {
  if (event) event.preventDefault();
  const caption = $("caption").value.trim();
  if (!state.reference) { say("Pick a reference first: a product of the catalogue, or an image of yours.", true); return; }
  if (!caption) { say("Say what to change, e.g. “is red and has long sleeves”.", true); $("caption").focus(); return; }
  const negative = $("negative").value.trim();
  const k = Number($("k").value);
  let options;
  if (state.reference.kind === "product") {
    const body = { productId: state.reference.product.productId, caption, k, filters: filters() };
    if (negative) body.negativeCaption = negative;
    options = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  } else {
    const form = new FormData();
    form.append("image", state.reference.file);
    form.append("caption", caption);
    form.append("k", String(k));
    form.append("filters", JSON.stringify(filters()));
    if (negative) form.append("negativeCaption", negative);
    options = { method: "POST", body: form };
  }
  $("search").disabled = true;
  say("Searching…");
  try {
    const result = await getJson(`${API}/search`, options);
    state.lastCaption = caption;
    renderResults(result, caption);
  } catch (e) {
    say(`No results: ${e.message}`, true);
  } finally {
    $("search").disabled = false;
  }
}

function renderResults(result, caption) {
  const list = $("results");
  list.replaceChildren();
  const reference = state.reference;
  result.hits.forEach((hit) => {
    const p = hit.product || { title: hit.productId };
    const lineage = hit.lineage
      ? `encoder ${hit.lineage.encoderVersion} · combiner ${hit.lineage.combinerVersion} · ${hit.lineage.collection}`
      : "";
    const wanted = el("button", {
      type: "button", class: "wanted",
      disabled: reference.kind !== "product",
      title: reference.kind === "product" ? "Tell the trainer: this is the target for that caption"
        : "Feedback needs a catalogue product as the reference",
      onclick: (e) => feedback(e.currentTarget, reference, caption, hit.productId),
    }, "This is what I wanted");
    list.append(el("li", { class: "card", "data-product-id": hit.productId },
      el("button", {
        type: "button", class: "pick",
        "aria-label": `Refine from #${hit.rank} ${p.title}`,
        title: "Make this the new reference and say what to change next",
        onclick: () => refine(hit, caption),
      }, el("img", { src: hit.imageUrl, alt: p.title, loading: "lazy", width: 160, height: 160 })),
      el("div", { class: "body" },
        el("span", { class: "title" }, `#${hit.rank} ${p.title}`),
        el("span", { class: "meta" }, el("span", { class: "score" }, hit.score.toFixed(3)),
          ` · ${price(p)}`, p.inStock === false ? el("span", { class: "stock-out" }, " · out of stock") : ""),
        el("span", { class: "lineage" }, lineage),
        wanted)));
  });
  const t = result.timings || {};
  say(`${result.hits.length} results for “${caption}” from ${result.modelVersion} in ${t.totalMillis ?? "?"} ms`
    + " — click an image to refine from it.");
}

function refine(hit, caption) {
  state.history.push({ reference: state.reference, caption });
  renderHistory();
  const product = hit.product || { productId: hit.productId, title: hit.productId, imageUrl: hit.imageUrl };
  $("caption").value = "";
  setReference({ kind: "product", product });
  say(`Now refining from “${product.title}”: say what to change next.`);
}

function renderHistory() {
  $("history").replaceChildren(...state.history.map((turn, index) => {
    const r = turn.reference;
    const src = r.kind === "product" ? r.product.imageUrl : r.url;
    const name = r.kind === "product" ? r.product.title : "your image";
    return el("li", {}, el("button", {
      type: "button",
      "aria-label": `Turn ${index + 1}: ${name}, “${turn.caption}”. Go back to it.`,
      onclick: () => {
        state.history = state.history.slice(0, index);
        renderHistory();
        $("caption").value = turn.caption;
        setReference(r);
      },
    }, el("img", { src, alt: "" }), el("span", {}, `${index + 1}. ${turn.caption}`)));
  }));
}

async function feedback(button, reference, caption, targetId) {
  button.disabled = true;
  try {
    const body = { referenceId: reference.product.productId, caption, targetId };
    const answer = await getJson(`${API}/feedback`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    button.textContent = "Thanks — sent to the trainer";
    button.classList.add("sent");
    say(`Feedback ${answer.tripletId} is on cir.triplets: the trainer learns from it at its next run.`);
  } catch (e) {
    button.disabled = false;
    say(`The feedback was not stored: ${e.message}`, true);
  }
}

// ---- models: serving version, past versions, recall chart, retrain ----

const RECALL_KEYS = ["recall_at_10", "recall_at_50", "recall_at_5", "recall_at_1"];   // the gate's default first

function recallOf(metrics) {
  const keys = Object.keys(metrics || {});
  const key = RECALL_KEYS.find((k) => keys.includes(k)) || keys.filter((k) => /recall/i.test(k)).sort()[0];
  return key ? { key, value: metrics[key] } : null;
}

async function refreshModels() {
  try {
    const models = await getJson(`${API}/models`);
    state.serving = models.serving;
    $("model-serving").textContent = models.serving || "none";
    $("model-encoder").textContent = models.encoderVersion;
    $("serving-badge").textContent = `serving ${models.serving || "nothing"}`;
    const versions = models.versions.slice().reverse();
    $("model-versions").replaceChildren(...versions.map((v) => {
      const recall = recallOf(v.metrics);
      return el("li", { class: v.status, "data-version": v.version },
        `${v.version} — ${v.status.toLowerCase()}`, recall ? ` · ${recall.key} ${recall.value.toFixed(4)}` : "");
    }));
    renderChart(models.versions, models.serving);
  } catch (e) {
    $("model-serving").textContent = `unavailable: ${e.message}`;
  }
}

function renderChart(versions, serving) {
  const points = [];
  const seen = new Set();
  for (const v of versions) {
    const recall = recallOf(v.metrics);
    if (recall && !seen.has(v.version)) { seen.add(v.version); points.push({ version: v.version, ...recall }); }
  }
  const chart = $("recall-chart");
  if (points.length === 0) {
    chart.replaceChildren(el("p", { class: "small" }, "No trained version yet: the bundle's Combiner serves."
      + " Retrain to publish one."));
    return;
  }
  const ns = "http://www.w3.org/2000/svg";
  const width = 300, height = 120, pad = 18;
  const max = Math.max(...points.map((p) => p.value), 0.01);
  const step = Math.min((width - 2 * pad) / points.length, MAX_BAR_STEP);
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Held-out recall per version: "
    + points.map((p) => `${p.version} ${p.value.toFixed(3)}`).join(", "));
  points.forEach((p, i) => {
    const h = (height - 2 * pad) * (p.value / max);
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("x", pad + i * step + 2);
    rect.setAttribute("y", height - pad - h);
    rect.setAttribute("width", Math.max(step - 4, 2));
    rect.setAttribute("height", h);
    rect.setAttribute("class", p.version === serving ? "bar serving" : "bar");
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", pad + i * step + 2);
    label.setAttribute("y", height - pad - h - 3);
    label.textContent = p.value.toFixed(3);
    svg.append(rect, label);
  });
  const axis = document.createElementNS(ns, "text");
  axis.setAttribute("x", pad);
  axis.setAttribute("y", height - 4);
  axis.textContent = `${points[0].key}, oldest → newest`;
  svg.append(axis);
  chart.replaceChildren(svg);
}

async function retrain() {
  const button = $("retrain");
  button.disabled = true;
  const status = $("retrain-status");
  try {
    const started = await getJson(`${DEMO}/train`, { method: "POST" });
    status.textContent = `Run ${started.runId} started…`;
    followRun(started.runId);
  } catch (e) {
    status.textContent = e.status === 409 ? `A run is in progress already (${e.body.runId}).` : `Cannot retrain: ${e.message}`;
    button.disabled = false;
  }
}

async function followRun(runId) {
  const bar = $("retrain-progress");
  const status = $("retrain-status");
  bar.hidden = false;
  try {
    const progress = await getJson(`${DEMO}/train`);
    if (progress.running && progress.running.runId === runId) {
      const r = progress.running;
      if (r.phase === "training" && r.batches > 0) {
        bar.max = r.maxEpochs * r.batches;
        bar.value = (r.epoch - 1) * r.batches + r.batch;
        status.textContent = `Training ${runId}: epoch ${r.epoch} of at most ${r.maxEpochs}`;
      } else {
        bar.removeAttribute("value");
        status.textContent = `${r.phase} ${runId}…`;
      }
      setTimeout(() => followRun(runId), TRAIN_POLL_MS);
      return;
    }
    if (progress.last && progress.last.runId === runId) {
      bar.hidden = true;
      const published = progress.last.publishedVersion;
      status.textContent = `${runId} ${progress.last.status}: ${progress.last.reason}`
        + (published ? ` — ${published} published; the query service swaps to it.` : "");
      $("retrain").disabled = false;
      refreshModels();
      return;
    }
    setTimeout(() => followRun(runId), TRAIN_POLL_MS);
  } catch (e) {
    status.textContent = `Lost the run's progress: ${e.message}`;
    $("retrain").disabled = false;
  }
}

// ---- the stream, live ----

function withDelta(id, now, before) {
  const dd = $(id);
  dd.replaceChildren(String(now));
  if (before !== undefined && now > before) dd.append(el("span", { class: "delta" }, `+${now - before}`));
}

async function refreshLive() {
  try {
    const live = await getJson(`${DEMO}/live`);
    const before = state.live || { topics: {} };
    const topics = live.topics || {};
    withDelta("live-catalogue", topics["catalog.products"] ?? "?", before.topics["catalog.products"]);
    withDelta("live-index", live.indexSize, before.indexSize);
    withDelta("live-triplets", topics["cir.triplets"] ?? "?", before.topics["cir.triplets"]);
    $("live-queries").textContent = `${topics["cir.queries"] ?? "?"} / ${topics["cir.results"] ?? "?"}`;
    $("live-models").textContent = String(topics["cir.models"] ?? "?");
    $("live-at").textContent = `collection ${live.activeCollection || "none"} · at ${new Date(live.at).toLocaleTimeString()}`
      + (live.topicsError ? ` · ${live.topicsError}` : "");
    state.live = live;
    if (before.indexSize === 0 && live.indexSize > 0 && $("catalogue").querySelectorAll("button").length === 0) {
      browse(true);
      loadCategories();
    }
  } catch (e) {
    $("live-at").textContent = `The live view cannot be read: ${e.message}`;
  }
  try {
    const health = await getJson(`${DEMO}/trainer-health`);
    const triplets = health.checks && health.checks.triplets;
    $("live-trainer").textContent = triplets ? triplets.detail : health.status;
  } catch (e) {
    $("live-trainer").textContent = e.body && e.body.checks && e.body.checks.triplets
      ? e.body.checks.triplets.detail : `unavailable (${e.message})`;
  }
}

// ---- start ----

document.addEventListener("DOMContentLoaded", () => {
  $("browse-form").addEventListener("submit", (e) => { e.preventDefault(); browse(true); });
  $("browse-more").addEventListener("click", () => browse(false));
  $("upload").addEventListener("change", onUpload);
  $("search-form").addEventListener("submit", search);
  $("retrain").addEventListener("click", retrain);
  browse(true);
  loadCategories();
  refreshModels();
  refreshLive();
  setInterval(refreshLive, LIVE_EVERY_MS);
  setInterval(refreshModels, MODELS_EVERY_MS);
});
