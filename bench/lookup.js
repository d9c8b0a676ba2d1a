// Look-up time of the SQLite store at several database sizes, in one process: the mean CPU time
// of `findByEmails` for addresses drawn at random over the whole table, after a warm-up pass.
// Look-ups are made 50 at a time, as the benchmark's 50 connections make them, so the store
// answers them in one batch (see createLookupBatcher) and a lone look-up's wait for the end of
// the event-loop turn is not counted as look-up time. The sizes take turns batch by batch, so a
// change in the machine's load during the run weighs on all of them alike.
// Usage: node bench/lookup.js <build folder> <count>=<file> ...
const [build, ...sets] = process.argv.slice(2);
const { openSqliteStore } = await import(`${build}/src/customers/sqlite-store.js`);
const { default: Database } = await import("better-sqlite3");
const { emailOf } = await import("./dataset.js");

const SAMPLE = 20_000;
const BATCH = 5_000;
const ROUNDS = 3;
const TOGETHER = 50;

let seed = 12345;
function random() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}

const subjects = sets.map((set) => {
  const [countText, file] = set.split("=");
  const count = Number(countText);
  return {
    count,
    store: openSqliteStore(file, { readonly: true }),
    emails: Array.from({ length: SAMPLE }, () => [emailOf(1 + Math.floor(random() * count))]),
    micros: 0,
    done: 0,
  };
});

for (const subject of subjects) {
  for (let at = 0; at < SAMPLE; at += TOGETHER) {
    await Promise.all(
      subject.emails.slice(at, at + TOGETHER).map((email) => subject.store.findByEmails(email)),
    );
  }
}
for (let round = 0; round < ROUNDS; round += 1) {
  for (let from = 0; from < SAMPLE; from += BATCH) {
    for (const subject of subjects) {
      const batch = subject.emails.slice(from, from + BATCH);
      const before = process.cpuUsage();
      for (let at = 0; at < batch.length; at += TOGETHER) {
        const group = batch.slice(at, at + TOGETHER);
        const found = await Promise.all(group.map((email) => subject.store.findByEmails(email)));
        const missing = found.indexOf(undefined);
        if (missing !== -1) throw new Error(`${group[missing]} not found`);
      }
      const used = process.cpuUsage(before);
      subject.micros += used.user + used.system;
      subject.done += batch.length;
    }
  }
}
const results = { store: {}, probe: {} };
for (const subject of subjects) {
  results.store[subject.count] = subject.micros / subject.done;
  await subject.store.close();
}

// The floor under the ratio: one probe of the address index and nothing else (no customer row,
// no addresses, no orders, no JavaScript record), through better-sqlite3 with the store's memory
// map, for the same addresses. Its ratio between sizes is what memory alone costs.
const probes = subjects.map((subject) => {
  const [, file] = sets.find((set) => Number(set.split("=")[0]) === subject.count).split("=");
  const db = new Database(file, { readonly: true });
  db.pragma("mmap_size = 1073741824");
  db.pragma("cache_size = -32000");
  const probe = db.prepare("SELECT customer_id FROM customer_emails WHERE email = ?").pluck();
  return { subject, db, probe, micros: 0, done: 0 };
});
for (const each of probes) for (const [email] of each.subject.emails) each.probe.get(email);
for (let round = 0; round < ROUNDS; round += 1) {
  for (const each of probes) {
    const before = process.cpuUsage();
    each.db.exec("BEGIN");
    for (const [email] of each.subject.emails) {
      if (each.probe.get(email) === undefined) throw new Error(`${email} not found`);
    }
    each.db.exec("COMMIT");
    const used = process.cpuUsage(before);
    each.micros += used.user + used.system;
    each.done += each.subject.emails.length;
  }
}
for (const each of probes) {
  results.probe[each.subject.count] = each.micros / each.done;
  each.db.close();
}
process.stdout.write(`${JSON.stringify(results)}\n`);
