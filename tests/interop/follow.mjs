// Fedify as an ActivityPub *server* following a Plural group: it serves its
// own actor (a Person with an RSA key), sends a signed Follow, receives
// Plural's signed Accept (verified by Fedify), asks Plural's API to publish
// an event in the group, and receives the signed Create(Event). Prints one
// JSON line and exits 0, or prints FAIL and exits 1.
//
//   node follow.mjs <plural base URL> <group id URL> <group slug> <API token>
import http from "node:http";
import {
  Accept,
  Create,
  createFederation,
  Endpoints,
  Event,
  Follow,
  generateCryptoKeyPair,
  getDocumentLoader,
  lookupObject,
  MemoryKvStore,
  Person,
} from "@fedify/fedify";

const [plural, groupUrl, groupSlug, token] = process.argv.slice(2);
const fail = (message) => {
  console.error(`FAIL: ${message}`);
  process.exit(1);
};
const within = (promise, ms, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);

const keys = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
// Plural runs on loopback in the tests: allow private addresses here only.
const federation = createFederation({ kv: new MemoryKvStore(), allowPrivateAddress: true });
federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (identifier !== "fedi") return null;
    const [pair] = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: "Fedify follower",
      inbox: ctx.getInboxUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      publicKey: pair.cryptographicKey,
    });
  })
  .setKeyPairsDispatcher(async (_ctx, identifier) => (identifier === "fedi" ? [keys] : []));

let accepted, created;
const acceptedP = new Promise((resolve) => (accepted = resolve));
const createdP = new Promise((resolve) => (created = resolve));
federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Accept, async (_ctx, accept) => accepted(accept))
  .on(Create, async (_ctx, create) => {
    const object = await create.getObject();
    if (object instanceof Event) created({ create, event: object });
  });

const server = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const request = new Request(new URL(req.url, `http://${req.headers.host}`), {
    method: req.method,
    headers,
    body: ["GET", "HEAD"].includes(req.method) ? undefined : Buffer.concat(chunks),
  });
  const response = await federation.fetch(request, { contextData: undefined });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const ctx = federation.createContext(new URL(base), undefined);

try {
  const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
  const group = await lookupObject(groupUrl, { documentLoader, contextLoader: documentLoader });
  if (group == null) fail(`could not look up ${groupUrl}`);
  const me = ctx.getActorUri("fedi");
  await ctx.sendActivity({ identifier: "fedi" }, group, new Follow({ id: new URL(`${base}/follows/1`), actor: me, object: group.id }));
  const accept = await within(acceptedP, 30000, "Plural's Accept");
  if (accept.actorId?.href !== group.id.href) fail(`Accept from ${accept.actorId?.href}`);

  const day = new Date(Date.now() + 4 * 86400000).toISOString().slice(0, 10);
  const res = await fetch(`${plural}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ group: groupSlug, publish: true, title: "Interop picnic", venue: "The common", date: day,
      start_time: "12:00", end_time: "15:00", is_free: true }),
  });
  if (res.status !== 201) fail(`Plural refused the event: ${res.status} ${await res.text()}`);
  const { create, event } = await within(createdP, 30000, "Plural's Create(Event)");
  if (create.actorId?.href !== group.id.href) fail(`Create from ${create.actorId?.href}`);
  console.log(JSON.stringify({
    follower: me.href,
    accepted: accept.id?.href,
    created: create.id?.href,
    event: event.name?.toString(),
    startTime: event.startTime?.toString(),
  }));
} catch (e) {
  fail(e.stack ?? String(e));
} finally {
  server.close();
}
process.exit(0);
