// Look-up time of the SQLite store at several database sizes, in one process: the mean CPU time
// of `findByEmails` for addresses drawn at random over the whole table, after a warm-up pass.
// Look-ups are made 50 at a time, as the benchmark's 50 connections make them, so the store
// answers them in one batch (see createLookupBatcher) and a lone look-up's wait for the end of
// the event-loop turn is not counted as look-up time. The sizes take turns batch by batch, so a
// change in the machine's load during the run weighs on all of them alike.
// Usage: node bench/lookup.js <build folder> <count>=<file> ...
const [build, ...sets] = process.argv.slice(2);
const { openSqliteStore } = await import(`${build}/src/customers/sqlite-store.js`);
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
const results = {};
for (const subject of subjects) {
  results[subject.count] = subject.micros / subject.done;
  await subject.store.close();
}
process.stdout.write(`${JSON.stringify(results)}\n`);
