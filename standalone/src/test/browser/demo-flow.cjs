// The web demo driven like a shopper would, in headless Chromium through playwright-core (run by BrowserDemoTest).
// Usage: node demo-flow.cjs <playwright-core dir> <chromium binary> <demo URL> <screenshot dir> <expected products>
//        <an image file to upload>
// Prints one JSON report of what the page showed on its last line; exits 1 (after a failure.png) on the first step
// whose expectation the page does not meet within its bounded wait.
"use strict";
const [playwrightDir, chromiumPath, url, shots, expectedProducts, uploadFile] = process.argv.slice(2);
const { chromium } = require(playwrightDir);
const path = require("path");

const STEP_MS = 60_000;      // a page update (a search, a feedback, the live view)
const TRAIN_MS = 300_000;    // a training run on two shared cores
const report = { steps: [] };

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function shot(page, name) {
  const file = path.join(shots, name);
  await page.screenshot({ path: file, fullPage: true });
  report.steps.push(name);
}

async function cards(page) {
  return page.$$eval("#results li.card", (items) => items.map((li) => ({
    productId: li.dataset.productId,
    title: li.querySelector(".title").textContent,
    score: Number(li.querySelector(".score").textContent),
    lineage: li.querySelector(".lineage").textContent,
  })));
}

async function searchWith(page, caption) {
  await page.fill("#caption", caption);
  const before = await page.textContent("#status");
  await page.focus("#caption");
  await page.keyboard.press("Enter");   // the form submits from the keyboard
  await page.waitForFunction((previous) => {
    const status = document.querySelector("#status").textContent;
    return status !== previous && !status.startsWith("Searching");
  }, before, { timeout: STEP_MS });
  const status = await page.textContent("#status");
  check(!(await page.$("#status.error")), `the search failed: ${status}`);
  return { status, hits: await cards(page) };
}

(async () => {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const consoleErrors = [];
  page.on("console", (message) => { if (message.type() === "error") consoleErrors.push(message.text()); });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  try {
    // 1. the page: the catalogue, the live view of the stream, the serving model
    await page.goto(url, { timeout: STEP_MS });
    await page.waitForSelector("#catalogue button.product img", { timeout: STEP_MS });
    await page.waitForFunction((n) => document.querySelector("#live-index").firstChild
      && document.querySelector("#live-index").firstChild.textContent === n, expectedProducts, { timeout: STEP_MS });
    await page.waitForFunction(() => !document.querySelector("#model-serving").textContent.includes("…"),
      null, { timeout: STEP_MS });
    await page.waitForFunction(() => [...document.querySelectorAll("#catalogue img")].slice(0, 10)
      .every((img) => img.complete && img.naturalWidth > 0), null, { timeout: STEP_MS });
    report.live = {
      catalogueEvents: await page.textContent("#live-catalogue"),
      indexSize: await page.textContent("#live-index"),
      triplets: await page.textContent("#live-triplets"),
      trainerLog: await page.textContent("#live-trainer"),
    };
    report.servingBefore = await page.textContent("#model-serving");
    report.catalogueShown = await page.$$eval("#catalogue button.product", (b) => b.length);
    report.unlabelledControls = await page.$$eval("input, select", (controls) => controls
      .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute("aria-label")).map((c) => c.id || c.name));

    // 2. a reference from the catalogue, a caption typed, the top k
    const first = await page.$("#catalogue button.product");
    report.referenceId = await first.getAttribute("data-product-id");
    await first.click();
    await page.waitForFunction((id) => document.querySelector("#reference-id")
      && document.querySelector("#reference-id").textContent.includes(id), report.referenceId, { timeout: STEP_MS });
    report.focusAfterPick = await page.evaluate(() => document.activeElement.id);
    report.caption = "is red and has long sleeves";
    const firstSearch = await searchWith(page, report.caption);
    report.firstStatus = firstSearch.status;
    report.firstHits = firstSearch.hits;
    await page.waitForFunction(() => [...document.querySelectorAll("#results img")]
      .every((img) => img.complete && img.naturalWidth > 0), null, { timeout: STEP_MS });
    await shot(page, "01-results.png");

    // 3. click a result: it becomes the new reference, the turn goes to the history strip, refine again
    const second = firstSearch.hits[1];
    await page.click(`#results li.card[data-product-id="${second.productId}"] button.pick`);
    await page.waitForFunction((id) => document.querySelector("#reference-id")
      && document.querySelector("#reference-id").textContent.includes(id), second.productId, { timeout: STEP_MS });
    report.refinedReferenceId = second.productId;
    report.historyAfterRefine = await page.$$eval("#history li", (items) => items.map((li) => li.textContent));
    report.refineCaption = "is shorter and blue";
    const refined = await searchWith(page, report.refineCaption);
    report.refinedHits = refined.hits;

    // 4. "this is what I wanted": feedback to the trainer
    const chosen = refined.hits[0];
    await page.click(`#results li.card[data-product-id="${chosen.productId}"] button.wanted`);
    await page.waitForFunction(() => document.querySelector("#status").textContent.includes("cir.triplets"),
      null, { timeout: STEP_MS });
    report.feedbackTarget = chosen.productId;
    report.feedbackStatus = await page.textContent("#status");
    report.feedbackButton = await page.textContent(
      `#results li.card[data-product-id="${chosen.productId}"] button.wanted`);
    await page.waitForSelector("#history li img", { timeout: STEP_MS });
    await shot(page, "02-refined-feedback.png");

    // 5. retrain now: the run's progress, its outcome, the new version serving
    await page.click("#retrain");
    await page.waitForFunction(() => /promoted|rejected|failed|skipped|interrupted/
      .test(document.querySelector("#retrain-status").textContent), null, { timeout: TRAIN_MS });
    report.retrainStatus = await page.textContent("#retrain-status");
    const published = /(\S+) published/.exec(report.retrainStatus);
    report.publishedVersion = published ? published[1] : null;
    if (report.publishedVersion) {
      await page.waitForFunction((v) => document.querySelector("#model-serving").textContent === v,
        report.publishedVersion, { timeout: STEP_MS });
      await page.waitForSelector("#recall-chart svg rect.serving", { timeout: STEP_MS });
    }
    report.servingAfter = await page.textContent("#model-serving");
    report.versionsShown = await page.$$eval("#model-versions li", (items) => items.map((li) => li.textContent));
    const after = await searchWith(page, report.refineCaption + " with a logo");
    report.hitsAfterRetrain = after.hits;
    report.statusAfterRetrain = after.status;
    await shot(page, "03-retrained.png");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shots, "readme.jpg"), type: "jpeg", quality: 80 });

    // 6. an uploaded image as the reference (a multipart search; feedback needs a catalogue product)
    await page.setInputFiles("#upload", uploadFile);
    await page.waitForFunction(() => document.querySelector("#reference strong")
      && document.querySelector("#reference strong").textContent === "Your image", null, { timeout: STEP_MS });
    const uploaded = await searchWith(page, "is red");
    report.uploadHits = uploaded.hits.length;
    report.uploadFeedbackDisabled = await page.$$eval("#results button.wanted", (buttons) =>
      buttons.every((b) => b.disabled));

    // 7. phone width: one column, nothing wider than the screen
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url, { timeout: STEP_MS });
    await page.waitForSelector("#catalogue button.product img", { timeout: STEP_MS });
    report.phoneOverflowPx = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await shot(page, "04-phone.png");

    // 8. the keyboard alone: Tab reaches the skip link first, then the catalogue search
    await page.keyboard.press("Tab");
    report.firstTab = await page.evaluate(() => document.activeElement.textContent.trim());
    report.consoleErrors = consoleErrors;
    console.log(JSON.stringify(report));
  } catch (error) {
    await page.screenshot({ path: path.join(shots, "failure.png"), fullPage: true }).catch(() => {});
    report.error = String(error && error.stack || error);
    report.consoleErrors = consoleErrors;
    console.log(JSON.stringify(report));
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
})();
