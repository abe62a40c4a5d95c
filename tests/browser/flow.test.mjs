// A journalist's session in headless Chromium against a running gazette:
// search, tick a country, page forward, open an article, follow an expert, and check
// that the URL alone restores the search. Screenshots of each step go to
// target/screenshots/. The server's address comes from GAZETTE_URL (run.sh sets it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const BASE = process.env.GAZETTE_URL;
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, "..", "..", "target", "screenshots");
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

let profileDir;
let context;

before(async () => {
  assert.ok(BASE, "GAZETTE_URL must point at a running gazette (run ./run.sh)");
  mkdirSync(SHOTS, { recursive: true });
  profileDir = mkdtempSync(join(tmpdir(), "gazette-chromium-"));
  // A persistent context is how Playwright takes a fresh --user-data-dir.
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
});

after(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

function params(page) {
  return new URL(page.url()).searchParams;
}

async function resultCount(page) {
  const text = await page.locator(".summary .count strong").innerText();
  return Number(text.replace(/,/g, ""));
}

test("search, narrow by country, page, open an article, follow an expert", async () => {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (err) => errors.push(String(err)));

  // 1. Search (per_page=5 keeps the small fixture multi-page; the form carries it on).
  await page.goto(`${BASE}/?per_page=5`);
  await page.getByLabel("Search the archive").fill("energy");
  await Promise.all([page.waitForURL(/q=energy/), page.getByRole("button", { name: "Search" }).click()]);
  await shot(page, "01-search");
  const allCount = await resultCount(page);
  assert.ok(allCount >= 6, `expected several matches for "energy", got ${allCount}`);
  assert.equal(params(page).get("per_page"), "5");
  assert.ok(await page.locator("mark").first().isVisible(), "snippets highlight the query");
  assert.ok(await page.locator("svg.timeline-chart a").count() > 0, "timeline bars are drawn");

  // 2. Tick a country: the script submits at once; results narrow, the box stays ticked.
  const country = page.locator("#facet-country input[type=checkbox]").first();
  const code = await country.getAttribute("value");
  const countryLabel = (await page.locator(`label[for="${await country.getAttribute("id")}"] .facet-label`).innerText()).trim();
  const facetCount = Number(
    await page.locator(`label[for="${await country.getAttribute("id")}"] .facet-count`).innerText(),
  );
  await Promise.all([page.waitForURL(new RegExp(`country=${code}`)), country.check()]);
  await shot(page, "02-country");
  const narrowed = await resultCount(page);
  assert.equal(narrowed, facetCount, "the facet count predicted the narrowed total");
  assert.ok(narrowed <= allCount);
  assert.ok(await page.locator(`#facet-country input[value="${code}"]`).isChecked());
  assert.ok(
    await page.locator(".chips.selected a.removable", { hasText: countryLabel }).isVisible(),
    "the selected country shows as a removable chip",
  );
  const hitCount = await page.locator("li.hit").count();
  for (let i = 0; i < hitCount; i += 1) {
    const tags = await page.locator("li.hit").nth(i).locator("a.chip.country").allInnerTexts();
    assert.ok(tags.includes(countryLabel), `hit ${i} is tagged ${countryLabel}: ${tags}`);
  }

  // 3. Page forward: state is kept, the page number moves.
  if (narrowed > 5) {
    await Promise.all([page.waitForURL(/page=2/), page.locator("a[rel=next]").click()]);
    await shot(page, "03-page-2");
    const p = params(page);
    assert.equal(p.get("q"), "energy");
    assert.equal(p.get("country"), code);
    assert.equal(p.get("per_page"), "5");
    assert.ok(await page.locator("nav.pager [aria-current=page]", { hasText: "2" }).isVisible());
  }
  const savedSearch = page.url();

  // 4. Open an article from the results.
  const firstHit = page.locator("li.hit h3 a").first();
  const title = (await firstHit.innerText()).trim();
  await Promise.all([page.waitForURL(/\/articles\//), firstHit.click()]);
  await shot(page, "04-article");
  assert.equal((await page.locator("h1").innerText()).trim(), title);
  assert.ok((await page.locator(".article-text p").count()) > 0, "the article text is shown");

  // 5. Follow a quoted expert to their quotes.
  const speaker = page.locator(".speaker h3 a").first();
  assert.ok((await speaker.count()) > 0, "the fixture articles quote someone");
  const name = (await speaker.innerText()).trim();
  await Promise.all([page.waitForURL(/\/experts\//), speaker.click()]);
  await shot(page, "05-expert");
  assert.equal((await page.locator("h1").innerText()).trim(), name);
  assert.ok((await page.locator(".quote-list li").count()) > 0, "the expert's quotes are listed");

  // 6. The saved URL alone restores the search.
  await page.goto(savedSearch);
  await shot(page, "06-restored");
  assert.equal(await page.getByLabel("Search the archive").inputValue(), "energy");
  assert.ok(await page.locator(`#facet-country input[value="${code}"]`).isChecked());
  assert.equal(await resultCount(page), narrowed);

  assert.deepEqual(errors, [], "no script errors");
  await page.close();
});

test("filters work with JavaScript off", async () => {
  // A persistent context cannot open a second, script-less context: use a short-lived
  // browser (Playwright gives it a fresh temporary profile of its own).
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${BASE}/?q=energy`);
    const country = page.locator("#facet-country input[type=checkbox]").first();
    const code = await country.getAttribute("value");
    await country.check();
    await Promise.all([
      page.waitForURL(new RegExp(`country=${code}`)),
      page.getByRole("button", { name: "Apply filters" }).click(),
    ]);
    await shot(page, "07-no-js-filter");
    assert.equal(params(page).get("q"), "energy");
    assert.ok(await page.locator(`#facet-country input[value="${code}"]`).isChecked());
  } finally {
    await browser.close();
  }
});

test("long facet lists have show-more and a type-to-filter box", async () => {
  const page = await context.newPage();
  await page.goto(`${BASE}/`);
  const box = page.locator("#facet-country");
  const filter = box.locator("input.facet-filter");
  assert.ok(await filter.isVisible(), "the script reveals the filter box on long lists");
  const more = box.locator("details.facet-more");
  assert.equal(await more.getAttribute("open"), null, "extra values start folded away");
  const total = await box.locator(".facet-values li").count();
  assert.ok(total >= 10, `the fixture tags at least 10 countries (got ${total})`);
  await filter.fill("rus");
  await shot(page, "09-facet-filter");
  const visible = await box.locator(".facet-values li:visible .facet-label").allInnerTexts();
  assert.deepEqual(visible.map((t) => t.trim()), ["Russia"]);
  assert.notEqual(await more.getAttribute("open"), null, "filtering opens the folded values");
  await filter.fill("");
  const shownAtOnce = await box.locator(":scope > ul.facet-values > li").count();
  assert.equal(await box.locator(".facet-values li:visible").count(), shownAtOnce, "clearing restores the list");
  await page.close();
});

test("a phone-sized screen shows results and filters", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${BASE}/?q=energy`);
  await shot(page, "08-phone");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no horizontal scrolling on a phone (page is ${width}px wide)`);
  assert.ok(await page.locator("li.hit").first().isVisible());
  await page.close();
});
