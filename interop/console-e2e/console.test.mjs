// Drives the Junction console in headless Chromium (Debian's chromium, through playwright-core):
// the operator signs in and approves a tenant's trunk ticket, watches the tenant's private
// connection and its BGP session turn ACTIVE and Established on a page that updates by itself,
// looks at operations, routers, a router's sessions and plan, and the audit log, and signs out;
// then another tenant signs in and sees none of the first tenant's resources, and is refused the
// operator's pages. Every page is saved as a screenshot in JUNCTION_SCREENSHOTS.
//
// Run by ConsoleBrowserTest (interop/src/test/java/dev/junction/interop), which starts the server
// and sets the environment: JUNCTION_URL, JUNCTION_OPERATOR_TOKEN, JUNCTION_TENANT_TOKEN,
// JUNCTION_OTHER_TOKEN, JUNCTION_FOLDER, JUNCTION_TICKET, JUNCTION_CHROMIUM,
// JUNCTION_USER_DATA_DIR, JUNCTION_SCREENSHOTS.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
};

const base = env("JUNCTION_URL");
const operatorToken = env("JUNCTION_OPERATOR_TOKEN");
const tenantToken = env("JUNCTION_TENANT_TOKEN");
const otherToken = env("JUNCTION_OTHER_TOKEN");
const folder = env("JUNCTION_FOLDER");
const ticket = env("JUNCTION_TICKET");
const shots = env("JUNCTION_SCREENSHOTS");
mkdirSync(shots, { recursive: true });

const WAIT = { timeout: 60_000 };

/** Calls the server's APIs as the holder of {@code token}, as an SDK would. */
async function api(token, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
  return JSON.parse(text);
}

/** Follows operation {@code id} through the Yandex API until it is done; fails on its error. */
async function awaitOperation(token, id) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const operation = await api(token, "GET", `/operations/${id}`);
    if (operation.done) {
      assert.equal(operation.error, undefined, `operation ${id}: ${JSON.stringify(operation.error)}`);
      return operation;
    }
    assert.ok(Date.now() < deadline, `operation ${id} finishes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let step = 0;
async function shoot(page, name) {
  step += 1;
  await page.screenshot({
    path: join(shots, `${String(step).padStart(2, "0")}-${name}.png`),
    fullPage: true,
  });
}

async function signIn(page, token) {
  await page.goto(`${base}/console`);
  assert.match(page.url(), /\/console\/sign-in$/, "signed out, the console opens the sign-in page");
  await page.fill("#token", token);
  await Promise.all([page.waitForURL(/\/console$/), page.click("form.sign-in button")]);
}

const context = await chromium.launchPersistentContext(env("JUNCTION_USER_DATA_DIR"), {
  executablePath: env("JUNCTION_CHROMIUM"),
  headless: true,
  viewport: { width: 1360, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const page = context.pages()[0] ?? (await context.newPage());
try {
  // The operator signs in.
  await page.goto(`${base}/console`);
  await shoot(page, "sign-in");
  await signIn(page, operatorToken);
  assert.match(await page.textContent("#who"), /\(operator\)/);

  // ... and approves the tenant's ticket.
  await page.goto(`${base}/console/tickets`);
  const row = page.locator(`#pending tr[data-id="${ticket}"]`);
  await row.waitFor(WAIT);
  await shoot(page, "tickets-awaiting-approval");
  await Promise.all([page.waitForURL(/\/console\/tickets\?done=/), row.locator("button.approve").click()]);
  const notice = await page.textContent("#notice");
  const approved = notice.match(/operation (\S+) creates trunk (\S+) /);
  assert.ok(approved, `the notice names the operation and the trunk: ${notice}`);
  await page.locator(`#settled tr:has-text("${ticket}")`).waitFor(WAIT);
  await shoot(page, "ticket-approved");
  const [, operationId, trunkId] = approved;
  await awaitOperation(tenantToken, operationId);

  // The tenant creates a private connection through the API; the operator watches it.
  const created = await api(tenantToken, "POST", "/cic/v1/privateConnections", {
    folderId: folder,
    name: "console-pc",
    trunkConnectionId: trunkId,
    vlanId: "120",
    ipv4Peering: {
      peeringSubnet: "169.254.120.0/30",
      peerIp: "169.254.120.1",
      cloudIp: "169.254.120.2",
      peerBgpAsn: "65001",
      peerBgpMd5Key: "console-e2e-md5-key",
    },
  });
  const connection = created.metadata.privateConnectionId;
  assert.ok(connection, JSON.stringify(created));
  await page.goto(`${base}/console/resources`);
  const pc = page.locator(`tr[data-id="${connection}"]`);
  await pc.waitFor(WAIT);
  const first = `${await pc.locator("td.status").textContent()} / ${await pc.locator("td.bgp").textContent()}`;
  assert.notEqual(first, "ACTIVE / Established", "the page first shows the connection in progress");
  assert.equal(await page.getAttribute("#main", "data-live"), "true", "a page in progress refreshes");
  // Gone if the page reloads: it must change in place.
  await page.evaluate(() => {
    window.junctionNotReloaded = true;
  });
  await shoot(page, "resources-in-progress");
  await page.locator(`tr[data-id="${connection}"] td.status:has-text("ACTIVE")`).waitFor(WAIT);
  await page.locator(`tr[data-id="${connection}"] td.bgp:has-text("Established")`).waitFor(WAIT);
  await page.locator('#main[data-live="false"]').waitFor(WAIT);
  assert.equal(await page.evaluate(() => window.junctionNotReloaded), true, "updated without reload");
  const html = await page.content();
  assert.ok(!html.includes("console-e2e-md5-key"), "no MD5 key on the page");
  assert.ok(!html.includes(operatorToken), "no token on the page");
  await shoot(page, "resources-established");

  await page.goto(`${base}/console/operations`);
  await page.locator("h1:has-text('Operations')").waitFor(WAIT);
  await shoot(page, "operations");

  await page.goto(`${base}/console/routers`);
  await page.locator("#routers a").first().waitFor(WAIT);
  await shoot(page, "routers");
  // The router that runs the connection: the page of each router lists what runs on it.
  const routers = await page.locator("#routers a").evaluateAll((links) => links.map((a) => a.href));
  let found = false;
  for (const href of routers) {
    await page.goto(href);
    if ((await page.locator(`#sessions tr[data-subject="${connection}"]`).count()) > 0) {
      found = true;
      break;
    }
  }
  assert.ok(found, `a router runs ${connection}`);
  await page.locator(`#sessions tr[data-subject="${connection}"] td.bgp:has-text("Established")`).waitFor(WAIT);
  assert.ok(!(await page.content()).includes("console-e2e-md5-key"), "the plan masks MD5 keys");
  await shoot(page, "router-sessions-and-plan");

  await page.goto(`${base}/console/audit?principal=operator`);
  const approval = page.locator(`#audit tr:has-text("/console/tickets/${ticket}/approve")`);
  await approval.first().waitFor(WAIT);
  assert.match(await approval.first().textContent(), /\bok$/, "the approval is in the audit log, ok");
  await shoot(page, "audit-log");

  await Promise.all([page.waitForURL(/\/console\/sign-in$/), page.click("header button.link")]);

  // Another tenant sees none of it, and is refused the operator's pages.
  await signIn(page, otherToken);
  assert.match(await page.textContent("#who"), /\(tenant /);
  await page.goto(`${base}/console/resources`);
  const theirs = await page.content();
  assert.ok(!theirs.includes(connection), "another tenant does not see the connection");
  assert.ok(!theirs.includes(trunkId), "another tenant does not see the trunk");
  assert.ok(!theirs.includes(folder), "another tenant does not see the folder");
  await shoot(page, "other-tenant-resources");
  for (const path of ["/console/routers", "/console/tickets", "/console/audit"]) {
    const refused = await page.goto(`${base}${path}`);
    assert.equal(refused.status(), 403, path);
    assert.match(await page.textContent("h1"), /Not allowed/);
  }
  await shoot(page, "other-tenant-refused");
  const operations = await (await page.goto(`${base}/console/operations`)).text();
  assert.ok(!operations.includes(connection), "another tenant does not see the operations");
  console.log(`console e2e: ok (${step} screenshots)`);
} catch (e) {
  await page.screenshot({ path: join(shots, "failure.png"), fullPage: true }).catch(() => {});
  console.error(`on ${page.url()}:\n${await page.content().catch(() => "")}`);
  throw e;
} finally {
  await context.close();
}
