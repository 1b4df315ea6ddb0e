// The campaign page: a campaign's results (docs/campaigns.md) and the audience overlap of a
// shortlist for its topics (docs/shortlist.md), drawn as plain SVG from the public GraphQL API.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
const SVG_TAGS = ["svg", "g", "line", "rect", "circle", "text", "path", "title", "polyline"];
const SERIES = [
  { key: "mentions", label: "mentions", colour: "#4263eb", axis: "count" },
  { key: "shares", label: "shares", colour: "#e8590c", axis: "count" },
  { key: "sentiment", label: "mean sentiment", colour: "#2f9e44", axis: "sentiment" },
];
const SHORTLIST_SIZE = 8;
const campaignSelect = document.getElementById("campaign");
const statusLine = document.getElementById("status");

const CAMPAIGNS = `{ campaigns(first: 100) { nodes { id name brandId status } } }`;
const RESULTS = `query Campaign($id: ID!) {
  campaign(id: $id) {
    id name since until status topics markers enlistedIds interactions
    brand { name representatives { personId role } }
    results {
      since until baselineSince
      during { mentions shares replies interactions engaged sentiment shareOfVoice }
      baseline { mentions shares replies interactions engaged sentiment shareOfVoice }
      lift { mentions shares replies interactions engaged shareOfVoice sentimentChange }
      byDay { day baseline mentions shares replies interactions engaged sentiment }
      byInfluencer { personId posts engagement engagers newPeopleReached wentOnToBrand
                     person { name } }
    }
  }
}`;
const SHORTLIST = `query Shortlist($brief: ShortlistBriefInput!) {
  campaignShortlist(brief: $brief) {
    strategy eligible expectedSpread overlap warning picks { personId person { name } }
  }
}`;

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

function el(tag, attrs, text) {
  const node = SVG_TAGS.includes(tag) ? document.createElementNS(SVG_NS, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function titled(node, text) {
  node.append(el("title", {}, text));
  return node;
}

const fmt = (v, digits = 2) => (v === null || v === undefined ? "–" : Number.isInteger(v) ? String(v) : v.toFixed(digits));

function size(svg, fallbackHeight) {
  return { width: svg.clientWidth || 1000, height: svg.clientHeight || fallbackHeight };
}

function summary(c) {
  const r = c.results;
  document.getElementById("title").textContent = `${c.name} — ${c.brand ? c.brand.name : c.brandId}`;
  document.getElementById("window").textContent =
    `${c.status.toLowerCase()} · campaign ${r.since} to ${r.until} · baseline from ${r.baselineSince}` +
    ` · ${c.enlistedIds.length} enlisted · ${c.interactions} campaign interactions`;
  const table = document.getElementById("summary");
  const head = el("tr");
  for (const h of ["", "campaign", "baseline", "lift"]) head.append(el("th", {}, h));
  table.replaceChildren(head);
  const rows = ["mentions", "shares", "replies", "interactions", "engaged", "shareOfVoice", "sentiment"];
  for (const key of rows) {
    const lift = key === "sentiment" ? r.lift.sentimentChange : r.lift[key];
    const row = el("tr", { "data-figure": key });
    row.append(el("td", {}, key === "sentiment" ? "sentiment (lift: change)" : key),
      el("td", { class: "during" }, fmt(r.during[key], 3)), el("td", { class: "baseline" }, fmt(r.baseline[key], 3)),
      el("td", { class: "lift" }, fmt(lift, 2)));
    table.append(row);
  }
}

// Days on x; counts on the left axis, sentiment (−1..1) on the right; baseline days shaded.
function dailyChart(days) {
  const svg = document.getElementById("daily");
  svg.replaceChildren();
  const { width, height } = size(svg, 320);
  const m = { left: 48, right: 48, top: 28, bottom: 36 };
  const step = (width - m.left - m.right) / Math.max(days.length, 1);
  const x = (i) => m.left + step * (i + 0.5);
  const maxCount = Math.max(1, ...days.map((d) => Math.max(d.mentions, d.shares)));
  const yCount = (v) => height - m.bottom - (v / maxCount) * (height - m.top - m.bottom);
  const ySentiment = (v) => height - m.bottom - ((v + 1) / 2) * (height - m.top - m.bottom);
  const baselineDays = days.filter((d) => d.baseline).length;
  const shade = titled(el("rect", {
    class: "baseline-shade", x: m.left, y: m.top, width: step * baselineDays,
    height: height - m.top - m.bottom, "data-days": baselineDays,
  }), `baseline: ${baselineDays} days`);
  svg.append(shade);
  if (baselineDays) svg.append(el("text", { x: m.left + 4, y: m.top + 12 }, "baseline"));
  svg.append(el("text", { x: m.left + step * baselineDays + 4, y: m.top + 12 }, "campaign"));
  const axis = el("g", { class: "axis" });
  axis.append(el("line", { x1: m.left, y1: height - m.bottom, x2: width - m.right, y2: height - m.bottom }));
  for (const frac of [0, 0.5, 1]) {
    const v = Math.round(maxCount * frac);
    axis.append(el("text", { x: m.left - 6, y: yCount(v) + 4, "text-anchor": "end" }, String(v)));
  }
  for (const v of [-1, 0, 1]) {
    axis.append(el("text", { x: width - m.right + 6, y: ySentiment(v) + 4 }, String(v)));
  }
  const every = Math.max(1, Math.ceil(days.length / 12));
  days.forEach((d, i) => {
    if (i % every === 0) axis.append(el("text", { x: x(i), y: height - m.bottom + 16, "text-anchor": "middle" }, d.day.slice(5)));
  });
  svg.append(axis);
  SERIES.forEach((s, n) => {
    const y = s.axis === "count" ? yCount : ySentiment;
    const points = days.map((d, i) => [i, d[s.key]]).filter(([, v]) => v !== null);
    const g = el("g", { class: "series-group", "data-series": s.key });
    g.append(el("polyline", { class: "series", stroke: s.colour,
      points: points.map(([i, v]) => `${x(i)},${y(v)}`).join(" ") }));
    for (const [i, v] of points) {
      g.append(titled(el("circle", { cx: x(i), cy: y(v), r: 3, fill: s.colour, "data-day": days[i].day,
        "data-value": v }), `${days[i].day}: ${fmt(v, 3)} ${s.label}`));
    }
    svg.append(g);
    const legend = el("g", { class: "legend" });
    legend.append(el("rect", { x: m.left + 160 + n * 130, y: 8, width: 12, height: 12, fill: s.colour }),
      el("text", { x: m.left + 176 + n * 130, y: 18 }, s.label));
    svg.append(legend);
  });
}

function influencerBars(rows) {
  const svg = document.getElementById("influencers");
  svg.replaceChildren();
  if (!rows.length) {
    svg.append(el("text", { x: 20, y: 30 }, "Nobody is enlisted in this campaign."));
    return;
  }
  const { width, height } = size(svg, 280);
  const m = { left: 48, right: 16, top: 20, bottom: 60 };
  const step = (width - m.left - m.right) / rows.length;
  const max = Math.max(1, ...rows.map((r) => r.engagement));
  const h = (v) => (v / max) * (height - m.top - m.bottom);
  rows.forEach((r, i) => {
    const name = r.person ? r.person.name : r.personId;
    const bx = m.left + step * i + step * 0.15;
    const bar = titled(el("rect", { class: "bar", x: bx, y: height - m.bottom - h(r.engagement),
      width: step * 0.7, height: h(r.engagement), "data-person": r.personId, "data-engagement": r.engagement }),
      `${name}: engagement ${r.engagement} from ${r.engagers} people, ${r.posts} posts, ` +
      `${r.newPeopleReached} new people reached, ${r.wentOnToBrand} went on to the brand`);
    svg.append(bar);
    svg.append(el("text", { class: "bar-value", x: bx + step * 0.35, y: height - m.bottom - h(r.engagement) - 4,
      "text-anchor": "middle" }, String(r.engagement)));
    svg.append(el("text", { x: bx + step * 0.35, y: height - m.bottom + 14, "text-anchor": "end",
      transform: `rotate(-30 ${bx + step * 0.35} ${height - m.bottom + 14})` }, name.slice(0, 22)));
  });
  svg.append(el("line", { class: "axis", x1: m.left, y1: height - m.bottom, x2: width - m.right, y2: height - m.bottom, stroke: "#9aa3b5" }));
  svg.append(el("text", { x: m.left - 6, y: m.top + 4, "text-anchor": "end" }, String(max)));
}

function heatMap(shortlist) {
  const svg = document.getElementById("overlap");
  svg.replaceChildren();
  const picks = shortlist.picks;
  const names = picks.map((p) => (p.person ? p.person.name : p.personId).slice(0, 18));
  const { width, height } = size(svg, 460);
  const m = { left: 140, top: 110 };
  const cell = Math.max(8, Math.min((width - m.left - 20) / picks.length, (height - m.top - 10) / picks.length));
  const max = Math.max(1, ...shortlist.overlap.flat());
  shortlist.overlap.forEach((row, i) => {
    svg.append(el("text", { x: m.left - 6, y: m.top + cell * (i + 0.5) + 4, "text-anchor": "end" }, names[i]));
    const cx = m.left + cell * (i + 0.5);
    svg.append(el("text", { x: cx, y: m.top - 6, transform: `rotate(-45 ${cx} ${m.top - 6})` }, names[i]));
    row.forEach((v, j) => {
      const shade = Math.round(245 - 190 * (v / max));
      svg.append(titled(el("rect", { class: "cell", x: m.left + cell * j, y: m.top + cell * i, width: cell - 1,
        height: cell - 1, fill: `rgb(${shade},${shade},255)`, "data-i": i, "data-j": j, "data-value": v }),
        `${names[i]} & ${names[j]}: ${v} shared engagers`));
      if (cell >= 28) {
        svg.append(el("text", { x: m.left + cell * (j + 0.5), y: m.top + cell * (i + 0.5) + 4,
          "text-anchor": "middle", fill: v / max > 0.6 ? "#fff" : "#1d2330" }, String(v)));
      }
    });
  });
}

async function overlapFor(campaign) {
  const line = document.getElementById("overlap-status");
  document.getElementById("overlap").replaceChildren();
  if (!campaign.topics.length) {
    line.textContent = "The campaign has no topics: no shortlist to draw.";
    return;
  }
  try {
    // Analyses run on top-level topics and cover their subtopics: shortlist on those.
    const { topics } = await graphql(`{ topics { id parent { id } } }`, {});
    const parent = new Map(topics.map((t) => [t.id, t.parent ? t.parent.id : null]));
    const root = (id) => (parent.get(id) ? root(parent.get(id)) : id);
    const roots = [...new Set(campaign.topics.map(root))];
    // The brand's own accounts are not people to enlist.
    const own = campaign.brand ? campaign.brand.representatives.filter((r) => r.role === "official") : [];
    const brief = { topics: roots, k: SHORTLIST_SIZE, strategy: "SPREAD",
                    excludedPeople: own.map((r) => r.personId) };
    const { campaignShortlist: s } = await graphql(SHORTLIST, { brief });
    line.textContent = `A SPREAD shortlist of ${s.picks.length} of ${s.eligible} eligible people on ` +
      `${roots.join(", ")} (expected spread ${s.expectedSpread.toFixed(1)}): the people ` +
      `who engaged with both of a pair.${s.warning ? " " + s.warning : ""}`;
    heatMap(s);
  } catch (error) {
    line.textContent = `No shortlist: ${error.message}`;
  }
}

async function loadCampaign() {
  statusLine.textContent = "Loading…";
  document.body.dataset.ready = "";
  try {
    const { campaign } = await graphql(RESULTS, { id: campaignSelect.value });
    if (!campaign) throw new Error(`No campaign ${campaignSelect.value}`);
    summary(campaign);
    dailyChart(campaign.results.byDay);
    influencerBars(campaign.results.byInfluencer);
    await overlapFor(campaign);
    statusLine.textContent = `${campaign.results.byDay.length} days, ${campaign.results.byInfluencer.length} influencers`;
    document.body.dataset.ready = "true";
  } catch (error) {
    statusLine.textContent = error.message;
    document.body.dataset.ready = "error";
  }
}

async function start() {
  try {
    const { campaigns } = await graphql(CAMPAIGNS, {});
    for (const c of campaigns.nodes) {
      campaignSelect.append(el("option", { value: c.id }, `${c.name} (${c.brandId}, ${c.status.toLowerCase()})`));
    }
    const wanted = new URLSearchParams(location.search).get("campaign");
    if (wanted) {
      if (!campaigns.nodes.some((c) => c.id === wanted)) campaignSelect.append(el("option", { value: wanted }, wanted));
      campaignSelect.value = wanted;
    }
    campaignSelect.addEventListener("change", loadCampaign);
    if (!campaignSelect.value) throw new Error("No campaign yet: create one with createCampaign.");
    await loadCampaign();
  } catch (error) {
    statusLine.textContent = error.message;
    document.body.dataset.ready = "error";
  }
}

start();
