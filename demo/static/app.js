// The demo page: list the registered models, send a prompt, draw the answer.
// Calls go to this page's own server (demo/server.py), which adds TorchServe's token: none is here.
"use strict";

const $ = (id) => document.getElementById(id);

function setStatus(message, isError = false) {
  $("status").textContent = message;
  $("status").classList.toggle("error", isError);
}

// An error answer's message: the handler's {"error": ...}, TorchServe's {"message": ...}, else the status.
function errorMessage(status, body) {
  if (body && typeof body === "object") {
    return body.error || body.message || JSON.stringify(body);
  }
  return `HTTP ${status}`;
}

async function readJson(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

async function loadModels(wanted = null) {
  const select = $("model");
  const previous = wanted || select.value;
  setStatus("Loading the registered models…");
  try {
    const response = await fetch("/api/models");
    const body = await readJson(response);
    if (!response.ok) throw new Error(errorMessage(response.status, body));
    select.replaceChildren(...body.models.map((name) => new Option(name, name)));
    if (body.models.includes(previous)) select.value = previous;
    setStatus(body.models.length ? "" : "No model is registered: make serve (or make register MODEL=…).", !body.models.length);
  } catch (error) {
    setStatus(`Cannot list models: ${error.message}`, true);
  }
}

function percent(p) {
  return `${(100 * p).toFixed(1)}%`;
}

// Rows of name | bar | value, the first (most probable) one highlighted.
function drawBars(container, rows) {
  const best = Math.max(...rows.map(([, p]) => p));
  container.replaceChildren();
  for (const [name, p] of rows) {
    const label = document.createElement("span");
    label.className = "name";
    label.textContent = name;
    label.title = name;
    const track = document.createElement("span");
    track.className = "track";
    const fill = document.createElement("span");
    fill.className = p === best ? "fill best" : "fill";
    fill.style.width = percent(p);
    fill.style.display = "block";
    track.append(fill);
    const value = document.createElement("span");
    value.className = "value";
    value.textContent = percent(p);
    container.append(label, track, value);
  }
}

function drawTechniques(techniques) {
  const list = $("techniques");
  list.replaceChildren();
  for (const technique of techniques || []) {
    const item = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = technique.name;
    item.append(name, document.createTextNode(technique.description ? ` — ${technique.description}` : ""));
    const parameters = technique.parameters && Object.keys(technique.parameters).length
      ? technique.parameters : null;
    if (parameters) {
      const code = document.createElement("code");
      code.textContent = ` ${JSON.stringify(parameters)}`;
      item.append(code);
    }
    list.append(item);
  }
  if (!list.children.length) {
    const item = document.createElement("li");
    item.textContent = "none";
    list.append(item);
  }
}

// The proxy's round trip to TorchServe, from its Server-Timing header.
function torchserveMs(response) {
  const match = /torchserve;dur=([\d.]+)/.exec(response.headers.get("Server-Timing") || "");
  return match ? Number(match[1]) : null;
}

function drawAnswer(answer, pageMs, serverMs) {
  $("intent").textContent = answer.intent;
  $("uncertain").hidden = !answer.uncertain;
  $("description").textContent = answer.description || "";
  $("confidence").textContent = percent(answer.confidence);
  $("latency").textContent = serverMs === null
    ? `${pageMs.toFixed(0)} ms`
    : `${pageMs.toFixed(0)} ms (TorchServe ${serverMs.toFixed(0)} ms)`;
  $("served-by").textContent = answer.model ? `${answer.model.name} ${answer.model.version || ""}`.trim() : "?";
  drawBars($("top-intents"), (answer.top_intents || []).map((row) => [row.intent, row.probability]));
  const complexity = answer.complexity;
  $("complexity-level").textContent = complexity ? complexity.level : "not predicted by this model";
  drawBars($("complexity"), complexity ? Object.entries(complexity.scores) : []);
  drawTechniques(answer.techniques);
  $("raw").textContent = JSON.stringify(answer, null, 2);
  $("result").hidden = false;
}

async function classify(event) {
  event.preventDefault();
  const model = $("model").value;
  if (!model) {
    setStatus("Choose a model first.", true);
    return;
  }
  $("send").disabled = true;
  setStatus(`Asking ${model}…`);
  const started = performance.now();
  try {
    const response = await fetch(`/api/predict/${encodeURIComponent(model)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: $("text").value }),
    });
    const body = await readJson(response);
    const pageMs = performance.now() - started;
    if (!response.ok) {
      setStatus(`${model} answered ${response.status}: ${errorMessage(response.status, body)}`, true);
      return;
    }
    drawAnswer(body, pageMs, torchserveMs(response));
    setStatus("");
  } catch (error) {
    setStatus(`No answer: ${error.message}`, true);
  } finally {
    $("send").disabled = false;
  }
}

// ?model=NAME&text=PROMPT fills the form and classifies at once: a link shows one classification.
document.addEventListener("DOMContentLoaded", async () => {
  $("ask").addEventListener("submit", classify);
  $("reload").addEventListener("click", () => loadModels());
  $("text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("ask").requestSubmit();
  });
  const params = new URLSearchParams(window.location.search);
  await loadModels(params.get("model"));
  if (params.has("text")) {
    $("text").value = params.get("text");
    $("ask").requestSubmit();
  }
});
