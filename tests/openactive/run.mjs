// Validates a Plural node's OpenActive feeds with @openactive/rpde-validator.
//
//   node run.mjs <node base URL>   read <base>/openactive/, take each feed
//                                  listed in the Dataset's distribution, and
//                                  walk and validate it
//   node run.mjs --feed <URL>      walk and validate one feed URL
//
// Prints every finding; exits 1 on any failure, and on any warning except
// "fewer than 500 items per page" (a small node cannot fill a page) and one
// known quirk: the validator's walk checks the page it ends on as if it were
// a middle page (which should be cached for an hour), while its own
// last-page check requires the last page to be cached for 8 seconds at most.
// Both are the same kind of page (empty, naming itself as next), so the
// warning is let through only for a page that really is the last one.
import validator from '@openactive/rpde-validator';

const { RpdeValidator } = validator;
const ALLOWED_WARNINGS = new Set(['minimum_items_per_page']);

async function feedsOf(base) {
  const res = await fetch(new URL('/openactive/', base));
  if (res.status !== 200) throw new Error(`dataset site: HTTP ${res.status}`);
  const html = await res.text();
  const m = html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/);
  if (!m) throw new Error('dataset site: no JSON-LD block');
  const dataset = JSON.parse(m[1]);
  if (dataset['@type'] !== 'Dataset') throw new Error(`dataset site: @type is ${dataset['@type']}`);
  const urls = (dataset.distribution || [])
    .filter((d) => d['@type'] === 'DataDownload'
      && d.encodingFormat === 'application/vnd.openactive.rpde+json; version=1')
    .map((d) => d.contentUrl);
  if (urls.length === 0) throw new Error('dataset site: no RPDE feed in distribution');
  return urls;
}

async function isLastPage(url) {
  const page = await (await fetch(url)).json();
  return Array.isArray(page.items) && page.items.length === 0 && page.next === url;
}

async function validate(url) {
  const log = await RpdeValidator(url, { pageLimit: 50, timeoutMs: 10000 });
  let bad = 0;
  for (const page of log.pages) {
    for (const e of page.errors) {
      const quirk = e.type === 'missing_cache_control' && await isLastPage(page.url);
      const fatal = e.severity === 'failure'
        || (e.severity === 'warning' && !ALLOWED_WARNINGS.has(e.type) && !quirk);
      if (fatal) bad += 1;
      console.log(`${fatal ? 'FAIL' : 'note'} [${e.severity} ${e.type}] ${page.url}: ${e.message}`);
    }
  }
  console.log(`${bad === 0 ? 'ok  ' : 'FAIL'} ${url}: ${log.pages.length} page(s) walked, ${bad} problem(s)`);
  return bad;
}

const args = process.argv.slice(2);
let urls;
try {
  urls = args[0] === '--feed' ? [args[1]] : await feedsOf(args[0]);
} catch (e) {
  console.log(`FAIL ${e.message}`);
  process.exit(1);
}
let problems = 0;
for (const url of urls) {
  problems += await validate(url);
}
process.exit(problems === 0 ? 0 : 1);
