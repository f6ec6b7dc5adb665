// Reads an ICS feed with ical.js and prints each event's occurrences as JSON, by UID: UTC
// instants (2027-03-29T08:00:00Z) for timed events, dates for all-day ones.
// node icaljs_expand.mjs <ical.js module> <feed.ics> <from> <to>
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, feed, from, to] = process.argv.slice(2);
const ICAL = (await import(pathToFileURL(modulePath).href)).default;

const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(feed, "utf8")));
// Events name their zone by TZID; the feed's own VTIMEZONEs say what each zone does.
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}
const start = ICAL.Time.fromDateTimeString(from);
const end = ICAL.Time.fromDateTimeString(to);
const found = {};
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  const seen = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && next.compare(end) < 0; next = iterator.next()) {
    if (next.compare(start) < 0) continue;
    seen.push(next.isDate ? next.toString() : next.convertToZone(ICAL.Timezone.utcTimezone).toString());
  }
  found[event.uid] = seen;
}
process.stdout.write(JSON.stringify(found));
