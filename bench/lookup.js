// Look-up time of the SQLite store at several database sizes, in one process: the mean time of
// `findByEmails` for addresses drawn at random over the whole table, after one warm-up pass.
// Usage: node bench/lookup.js <build folder> <count>=<file> ...
const [build, ...sets] = process.argv.slice(2);
const { openSqliteStore } = await import(`${build}/src/customers/sqlite-store.js`);
const { emailOf } = await import("./dataset.js");

const SAMPLE = 50_000;
const ROUNDS = 4;
const results = {};
for (const set of sets) {
  const [countText, file] = set.split("=");
  const count = Number(countText);
  const store = openSqliteStore(file, { readonly: true });
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const emails = Array.from({ length: SAMPLE }, () => [emailOf(1 + Math.floor(random() * count))]);
  for (const email of emails) await store.findByEmails(email);
  let found = 0;
  const started = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const email of emails) if (await store.findByEmails(email)) found += 1;
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1000;
  if (found !== SAMPLE * ROUNDS) throw new Error(`only ${found} of ${SAMPLE * ROUNDS} found`);
  results[count] = elapsed / (SAMPLE * ROUNDS);
  await store.close();
}
process.stdout.write(`${JSON.stringify(results)}\n`);
