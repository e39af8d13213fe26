// Every network-interconnects method of the official Cloudflare SDK, at 4.1.0 and at 7.3.0,
// against a running Junction server. The server's address and credentials come from the
// environment: JUNCTION_BASE_URL (ending in /client/v4), JUNCTION_TOKEN, JUNCTION_EMAIL and
// JUNCTION_GLOBAL_KEY (the operator's), JUNCTION_READER_TOKEN (Magic WAN Read on both accounts),
// JUNCTION_STRANGER_TOKEN (another tenant's) and JUNCTION_LIMITED_TOKEN_<major> (Magic Transit
// Write on one account, for the rate limit).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const baseURL = process.env.JUNCTION_BASE_URL;
const apiToken = process.env.JUNCTION_TOKEN;
const OCCUPIED_SLOT = '0fb3747c-ec57-4999-a654-0947c84b650e'; // held by the demo trunk

const versions = [
  { version: '4.1.0', pkg: 'cloudflare4', account: '4a1000000000000000000000000000a4', site: 'fra01', major: 4 },
  { version: '7.3.0', pkg: 'cloudflare7', account: '7a3000000000000000000000000000a7', site: 'iad01', major: 7 },
];

function sdk(pkg) {
  const module = require(pkg);
  return module.default ?? module;
}

async function eventually(read, accept, what) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function rejectsWith(promise, errorClass, status, code) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${error?.constructor?.name}: ${error}`);
    assert.equal(error.status, status);
    assert.equal(error.errors[0].code, code);
    return true;
  });
}

for (const { version, pkg, account, site, major } of versions) {
  const Cloudflare = sdk(pkg);
  const client = new Cloudflare({ apiToken, baseURL });
  const ni = client.networkInterconnects;
  const account_id = account;

  describe(`cloudflare ${version}`, () => {
    test('lists slots with filters and gets one', async () => {
      const free = await ni.slots.list({ account_id, occupied: false, speed: '10G', site });
      assert.ok(free.items.length > 0);
      for (const slot of free.items) {
        assert.equal(slot.occupied, false);
        assert.equal(slot.site, site);
        assert.equal(slot.speed, '10G');
        assert.ok(Array.isArray(slot.facility.address));
      }
      const one = await ni.slots.get(free.items[0].id, { account_id });
      assert.equal(one.id, free.items[0].id);
      const byAddress = await ni.slots.list({ account_id, address_contains: 'Kleyer' });
      assert.ok(byAddress.items.every((slot) => slot.site === 'fra01'));
    });

    test('pages through slots with next', async () => {
      const seen = [];
      let cursor;
      do {
        const page = await ni.slots.list({ account_id, limit: 5, ...(cursor === undefined ? {} : { cursor }) });
        assert.ok(page.items.length <= 5);
        seen.push(...page.items.map((slot) => slot.id));
        cursor = page.next ?? undefined;
      } while (cursor !== undefined);
      assert.equal(seen.length, 12);
      assert.equal(new Set(seen).size, 12);
    });

    test('runs a direct interconnect and its CNI', async () => {
      const free = await ni.slots.list({ account_id, occupied: false, speed: '10G', site });
      const slot_id = free.items[0].id;
      const created = await ni.interconnects.create({ account_id, account, slot_id, type: 'direct', speed: '10G' });
      assert.equal(created.type, 'direct');
      assert.equal(created.slot_id, slot_id);
      assert.equal(created.site, site);
      assert.ok(created.virtual_port_reservation_id);
      const icon = created.name;

      const listed = await ni.interconnects.list({ account_id, type: 'direct', site });
      assert.ok(listed.items.some((item) => item.name === icon));
      assert.equal((await ni.interconnects.get(icon, { account_id })).slot_id, slot_id);
      assert.equal((await ni.slots.get(slot_id, { account_id })).occupied, true);
      await eventually(() => ni.interconnects.status(icon, { account_id }), (s) => s.state === 'Healthy', 'status');

      const loaParams = version === '7.3.0' ? { account_id, name: 'ACME Corp' } : { account_id };
      const loa = await ni.interconnects.loa(icon, loaParams).asResponse();
      assert.equal(loa.status, 200);
      assert.equal(loa.headers.get('content-type'), 'application/pdf');
      const pdf = Buffer.from(await loa.arrayBuffer());
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');

      const cni = await ni.cnis.create({
        account_id,
        account,
        interconnect: icon,
        magic: { conduit_name: `conduit-${version.replaceAll('.', '-')}`, description: 'via the SDK', mtu: 1500 },
        bgp: { customer_asn: 65000, extra_prefixes: ['10.0.0.0/24'], md5_key: 'abc' },
      });
      assert.match(cni.p2p_ip, /\/31$/);
      assert.match(cni.cust_ip, /\/31$/);
      assert.equal(cni.bgp.customer_asn, 65000);
      assert.equal((await ni.cnis.get(cni.id, { account_id })).interconnect, icon);
      const bySlot = await ni.cnis.list({ account_id, slot: slot_id });
      assert.deepEqual(bySlot.items.map((item) => item.id), [cni.id]);
      const all = await ni.cnis.list({ account_id, limit: 10 });
      assert.ok(all.items.some((item) => item.id === cni.id));

      const updated = await ni.cnis.update(cni.id, {
        account_id,
        id: cni.id,
        account,
        cust_ip: cni.cust_ip,
        p2p_ip: cni.p2p_ip,
        interconnect: icon,
        magic: { conduit_name: cni.magic.conduit_name, description: 'replaced', mtu: 1400 },
        bgp: { customer_asn: 65010, extra_prefixes: [] },
      });
      assert.equal(updated.magic.mtu, 1400);
      assert.equal(updated.bgp.customer_asn, 65010);

      await ni.cnis.delete(cni.id, { account_id });
      await rejectsWith(ni.cnis.get(cni.id, { account_id }), Cloudflare.NotFoundError, 404, 1002);
      await ni.interconnects.delete(icon, { account_id });
      await rejectsWith(ni.interconnects.get(icon, { account_id }), Cloudflare.NotFoundError, 404, 1002);
      assert.equal((await ni.slots.get(slot_id, { account_id })).occupied, false);
    });

    test('runs a gcp_partner interconnect, which has no LOA', async () => {
      const created = await ni.interconnects.create({
        account_id,
        account,
        type: 'gcp_partner',
        bandwidth: '1G',
        pairing_key: `pk-${version}/us-east4/1`,
      });
      assert.equal(created.type, 'gcp_partner');
      assert.equal(created.region, 'us-east4');
      const icon = created.name;
      assert.equal((await ni.interconnects.get(icon, { account_id })).type, 'gcp_partner');
      const partners = await ni.interconnects.list({ account_id, type: 'gcp_partner' });
      assert.ok(partners.items.some((item) => item.name === icon));
      await eventually(() => ni.interconnects.status(icon, { account_id }), (s) => s.state === 'Healthy', 'status');
      await rejectsWith(ni.interconnects.loa(icon, { account_id }), Cloudflare.NotFoundError, 404, 1002);
      await ni.interconnects.delete(icon, { account_id });
    });

    test('keeps the account settings', async () => {
      assert.equal((await ni.settings.get({ account_id })).default_asn, 13335);
      assert.equal((await ni.settings.update({ account_id, default_asn: 64600 })).default_asn, 64600);
      assert.equal((await ni.settings.update({ account_id })).default_asn, 64600);
      assert.equal((await ni.settings.get({ account_id })).default_asn, 64600);
    });

    test('answers errors the SDK understands', async () => {
      await rejectsWith(
        ni.interconnects.create({ account_id, account, slot_id: 'not-a-slot-id', type: 'direct' }),
        Cloudflare.BadRequestError, 400, 1001);
      await rejectsWith(ni.interconnects.get('no-such-interconnect', { account_id }), Cloudflare.NotFoundError, 404, 1002);
      await rejectsWith(
        ni.interconnects.create({ account_id, account, slot_id: OCCUPIED_SLOT, type: 'direct' }),
        Cloudflare.ConflictError, 409, 1003);
    });

    test('authenticates with X-Auth-Email and X-Auth-Key', async () => {
      const legacy = new Cloudflare({
        apiEmail: process.env.JUNCTION_EMAIL,
        apiKey: process.env.JUNCTION_GLOBAL_KEY,
        baseURL,
      });
      assert.ok((await legacy.networkInterconnects.settings.get({ account_id })).default_asn);
      const stranger = new Cloudflare({ apiToken: 'not-a-token', baseURL, maxRetries: 0 });
      await rejectsWith(stranger.networkInterconnects.settings.get({ account_id }), Cloudflare.AuthenticationError, 401, 10000);
    });

    test('answers callers as their permission groups allow', async () => {
      const reader = new Cloudflare({ apiToken: process.env.JUNCTION_READER_TOKEN, baseURL, maxRetries: 0 });
      const readable = reader.networkInterconnects;
      assert.ok(Array.isArray((await readable.interconnects.list({ account_id })).items));
      assert.ok((await readable.settings.get({ account_id })).default_asn);
      await rejectsWith(
        readable.settings.update({ account_id, default_asn: 64601 }),
        Cloudflare.PermissionDeniedError, 403, 1009);
      const stranger = new Cloudflare({ apiToken: process.env.JUNCTION_STRANGER_TOKEN, baseURL, maxRetries: 0 });
      await rejectsWith(
        stranger.networkInterconnects.settings.get({ account_id }), Cloudflare.NotFoundError, 404, 1002);
    });

    test('gets 429 over the rate limit and retries after Retry-After', async () => {
      const token = process.env[`JUNCTION_LIMITED_TOKEN_${major}`];
      const hasty = new Cloudflare({ apiToken: token, baseURL, maxRetries: 0 });
      // Waves of 50 at once: one request after another runs no faster than the server answers,
      // which on a busy machine stays under the limit's rate however many are sent.
      let limited;
      for (let wave = 0; wave < 40 && !limited; wave++) {
        const answers = await Promise.allSettled(
          Array.from({ length: 50 }, () => hasty.networkInterconnects.settings.get({ account_id })));
        limited = answers.find((answer) => answer.status === 'rejected')?.reason;
      }
      assert.ok(limited instanceof Cloudflare.RateLimitError, `expected RateLimitError, got ${limited}`);
      assert.equal(limited.status, 429);
      assert.equal(limited.errors[0].code, 10002);
      const patient = new Cloudflare({ apiToken: token, baseURL, maxRetries: 3 });
      assert.ok((await patient.networkInterconnects.settings.get({ account_id })).default_asn);
    });
  });
}
