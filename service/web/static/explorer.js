// The influence explorer: only the public GraphQL API at /graphql is used.
"use strict";

const PALETTE = ["#4263eb", "#e8590c", "#2f9e44", "#ae3ec9", "#f08c00", "#1098ad",
                 "#d6336c", "#5c940d", "#7048e8", "#868e96"];
const svg = document.getElementById("network");
const topicSelect = document.getElementById("topic");
const sizeSelect = document.getElementById("size");
const statusLine = document.getElementById("status");
const profile = document.getElementById("profile");
const backtestLine = document.getElementById("backtest");

async function graphql(query, variables) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors && body.errors.length) {
    const e = body.errors[0];
    throw new Error(`${e.message}${e.extensions && e.extensions.code ? " (" + e.extensions.code + ")" : ""}`);
  }
  return body.data;
}

const TOPICS = `{ topics { id name parent { id } } }`;
const NETWORK = `query Network($topic: ID!, $first: Int) {
  topic(id: $topic) { backtest }
  influenceNetwork(topic: $topic, first: $first) {
    nodes { person { id name handle } score rank role community }
    edges { source target weight }
  }
}`;
const PROFILE = `query Profile($id: ID!, $topic: ID!) {
  person(id: $id) {
    id name handle kind followers
    stats { followerCount followingCount performed received }
    influence(topic: $topic) {
      score rank role computedAt
      components { name value percentile }
      explanation(people: 5, interactions: 3) { contributors { person { id name } interactions weight } }
    }
  }
}`;

function el(tag, attrs, text) {
  const node = tag === "svg" || ["line", "circle", "text", "g", "defs", "marker", "path"].includes(tag)
    ? document.createElementNS("http://www.w3.org/2000/svg", tag)
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// A deterministic Fruchterman-Reingold layout: repulsion k²/d between all people, attraction
// d²/k along links, a pull toward the centre, moves bounded by a cooling temperature.
function layout(nodes, edges, width, height) {
  const n = nodes.length;
  const margin = 40;
  const w = width - 2 * margin, h = height - 2 * margin;
  const k = 0.8 * Math.sqrt((w * h) / Math.max(n, 1));
  const pos = nodes.map((_, i) => {
    const angle = 2.399963 * i; // golden angle: an even, deterministic start
    const radius = 0.45 * Math.min(w, h) * Math.sqrt((i + 0.5) / Math.max(n, 1));
    return { x: width / 2 + radius * Math.cos(angle), y: height / 2 + radius * Math.sin(angle) };
  });
  const index = new Map(nodes.map((node, i) => [node.person.id, i]));
  const links = edges
    .map((e) => [index.get(e.source), index.get(e.target)])
    .filter(([a, b]) => a !== undefined && b !== undefined);
  const steps = 400;
  for (let step = 0; step < steps; step++) {
    const temperature = 0.1 * Math.min(w, h) * (1 - step / steps) + 0.5;
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const d = Math.max(Math.hypot(dx, dy), 0.01);
        const f = (k * k) / d;
        disp[i].x += (dx / d) * f; disp[i].y += (dy / d) * f;
        disp[j].x -= (dx / d) * f; disp[j].y -= (dy / d) * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
      const d = Math.max(Math.hypot(dx, dy), 0.01);
      const f = (d * d) / k;
      disp[a].x -= (dx / d) * f; disp[a].y -= (dy / d) * f;
      disp[b].x += (dx / d) * f; disp[b].y += (dy / d) * f;
    }
    for (let i = 0; i < n; i++) {
      disp[i].x += (width / 2 - pos[i].x) * 0.05 * k / 10;
      disp[i].y += (height / 2 - pos[i].y) * 0.05 * k / 10;
      const d = Math.max(Math.hypot(disp[i].x, disp[i].y), 0.01);
      const move = Math.min(d, temperature);
      pos[i].x = Math.min(width - margin, Math.max(margin, pos[i].x + (disp[i].x / d) * move));
      pos[i].y = Math.min(height - margin, Math.max(margin, pos[i].y + (disp[i].y / d) * move));
    }
  }
  return { pos, links };
}

function draw(network, topic) {
  svg.replaceChildren();
  const width = svg.clientWidth || 900, height = svg.clientHeight || 700;
  const { nodes, edges } = network;
  const { pos, links } = layout(nodes, edges, width, height);
  const defs = el("defs");
  const marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5",
    markerWidth: "6", markerHeight: "6", orient: "auto-start-reverse" });
  marker.append(el("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#9aa3b5" }));
  defs.append(marker);
  svg.append(defs);
  const maxScore = Math.max(...nodes.map((node) => node.score), 1e-9);
  const radius = nodes.map((node) => 5 + 20 * Math.sqrt(node.score / maxScore));
  const maxWeight = Math.max(...edges.map((e) => e.weight), 1e-9);
  const communityIndex = new Map();
  for (const node of nodes) {
    if (!communityIndex.has(node.community)) communityIndex.set(node.community, communityIndex.size);
  }
  links.forEach(([a, b], k) => {
    const dx = pos[b].x - pos[a].x, dy = pos[b].y - pos[a].y;
    const d = Math.max(Math.hypot(dx, dy), 1);
    svg.append(el("line", {
      x1: pos[a].x, y1: pos[a].y,
      x2: pos[b].x - (dx / d) * (radius[b] + 2), y2: pos[b].y - (dy / d) * (radius[b] + 2),
      "stroke-width": 0.5 + 3 * (edges[k].weight / maxWeight), "marker-end": "url(#arrow)",
    }));
  });
  nodes.forEach((node, i) => {
    const circle = el("circle", {
      cx: pos[i].x, cy: pos[i].y, r: radius[i],
      fill: PALETTE[communityIndex.get(node.community) % PALETTE.length],
      "data-person": node.person.id,
    });
    circle.append(el("title", {}, `${node.person.name} — rank ${node.rank}, ${node.role ?? ""}`));
    circle.addEventListener("click", () => {
      svg.querySelectorAll("circle.selected").forEach((c) => c.classList.remove("selected"));
      circle.classList.add("selected");
      showProfile(node.person.id, topic);
    });
    svg.append(circle);
    if (node.rank <= 10) svg.append(el("text", { x: pos[i].x + radius[i] + 2, y: pos[i].y + 4 }, node.person.name));
  });
}

async function showProfile(personId, topic) {
  profile.replaceChildren(el("p", { class: "hint" }, "Loading…"));
  try {
    const { person } = await graphql(PROFILE, { id: personId, topic });
    if (!person) throw new Error(`No person ${personId}`);
    const inf = person.influence;
    const parts = [el("h2", {}, person.name), el("div", {}, `${person.handle ?? ""} · ${person.kind ?? "person"}`)];
    if (inf) {
      parts.push(el("p", {}, `Rank ${inf.rank} · score ${inf.score.toFixed(3)} `));
      if (inf.role) parts[parts.length - 1].append(el("span", { class: "role" }, inf.role));
      const table = el("table");
      for (const c of inf.components.filter((c) => c.percentile !== null)) {
        const row = el("tr");
        row.append(el("td", {}, c.name), el("td", { class: "num" }, c.value.toFixed(3)),
                   el("td", { class: "num" }, `p${Math.round(c.percentile)}`));
        table.append(row);
      }
      parts.push(table, el("h3", {}, "Strongest engagement from"));
      const list = el("ol");
      for (const s of inf.explanation.contributors) {
        list.append(el("li", {}, `${s.person.name}: ${s.interactions} interactions (weight ${s.weight.toFixed(2)})`));
      }
      parts.push(list);
    }
    const stats = el("table");
    for (const [label, value] of [["declared followers", person.followers ?? "—"],
      ["followed by", person.stats.followerCount], ["interactions made", person.stats.performed],
      ["interactions received", person.stats.received]]) {
      const row = el("tr");
      row.append(el("td", {}, label), el("td", { class: "num" }, String(value)));
      stats.append(row);
    }
    parts.push(stats);
    profile.replaceChildren(...parts);
  } catch (error) {
    profile.replaceChildren(el("p", { class: "error" }, error.message));
  }
}

async function loadNetwork() {
  const topic = topicSelect.value;
  statusLine.textContent = "Loading…";
  try {
    const data = await graphql(NETWORK, { topic, first: Number(sizeSelect.value) });
    draw(data.influenceNetwork, topic);
    // How well this ranking foretold the next period, from the topic's last back-test.
    backtestLine.textContent = data.topic ? data.topic.backtest : "";
    statusLine.textContent = `${data.influenceNetwork.nodes.length} people, ${data.influenceNetwork.edges.length} influence links`;
    document.body.dataset.ready = "true";
  } catch (error) {
    svg.replaceChildren();
    backtestLine.textContent = "";
    statusLine.textContent = error.message;
    document.body.dataset.ready = "error";
  }
}

async function start() {
  try {
    const { topics } = await graphql(TOPICS, {});
    for (const t of topics) {
      topicSelect.append(el("option", { value: t.id }, t.parent ? `  ${t.name}` : t.name));
    }
    const wanted = new URLSearchParams(location.search).get("topic");
    if (wanted) topicSelect.value = wanted;
    topicSelect.addEventListener("change", loadNetwork);
    sizeSelect.addEventListener("change", loadNetwork);
    await loadNetwork();
  } catch (error) {
    statusLine.textContent = error.message;
    document.body.dataset.ready = "error";
  }
}

start();
