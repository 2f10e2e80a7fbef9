// Fedify (an ActivityPub library no one here wrote) reads a Plural node:
// each URL given is looked up with Fedify's own fetching and JSON-LD
// processing and parsed into its vocabulary classes; actors' keys are
// fetched and imported as WebCrypto keys. Prints one JSON line per object
// and exits non-zero on the first failure.
//
//   node lookup.mjs <kind>=<url> ...     kind: group | place | person | event | application
import {
  Application,
  CryptographicKey,
  Event,
  getDocumentLoader,
  Group,
  lookupObject,
  Person,
  Place,
} from "@fedify/fedify";

// Plural runs on loopback in the tests: allow private addresses here only.
const documentLoader = getDocumentLoader({ allowPrivateAddress: true });
const options = { documentLoader, contextLoader: documentLoader };

const classes = { group: Group, place: Group, person: Person, event: Event, application: Application };

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

for (const arg of process.argv.slice(2)) {
  const [kind, url] = arg.split(/=(.*)/s);
  const cls = classes[kind] ?? fail(`unknown kind ${kind}`);
  const object = await lookupObject(url, options);
  if (object == null) fail(`${url}: lookupObject found nothing`);
  if (!(object instanceof cls)) fail(`${url}: expected ${cls.name}, got ${object.constructor.name}`);
  const out = { kind, url, type: object.constructor.name, id: object.id?.href, name: object.name?.toString() };
  if (kind === "event") {
    if (object.startTime == null) fail(`${url}: no startTime`);
    out.startTime = object.startTime.toString();
    out.endTime = object.endTime?.toString();
    const location = await object.getLocation(options);
    if (!(location instanceof Place)) fail(`${url}: location is not a Place`);
    out.location = location.name?.toString();
    out.attributedTo = object.attributionId?.href;
  } else {
    out.preferredUsername = object.preferredUsername?.toString();
    out.inbox = object.inboxId?.href;
    out.outbox = object.outboxId?.href;
    out.followers = object.followersId?.href;
    out.sharedInbox = object.endpoints?.sharedInbox?.href;
    const key = await object.getPublicKey(options);
    if (!(key instanceof CryptographicKey)) fail(`${url}: no public key`);
    if (key.ownerId?.href !== object.id?.href) fail(`${url}: key owner ${key.ownerId?.href} is not ${object.id?.href}`);
    if (key.publicKey == null || key.publicKey.algorithm.name !== "RSASSA-PKCS1-v1_5") fail(`${url}: key not imported`);
    out.key = key.id?.href;
    out.keyAlgorithm = key.publicKey.algorithm.name;
    if (out.inbox == null || out.outbox == null) fail(`${url}: no inbox or outbox`);
  }
  console.log(JSON.stringify(out));
}
