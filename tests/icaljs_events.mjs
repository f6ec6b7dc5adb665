// Reads an ICS feed with ical.js and prints each event as JSON, by UID: its summary, start and
// end as ical.js gives them, and whether they are dates (all-day) rather than times.
// node icaljs_events.mjs <ical.js module> <feed.ics>
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, feed] = process.argv.slice(2);
const ICAL = (await import(pathToFileURL(modulePath).href)).default;

const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(feed, "utf8")));
const found = {};
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  found[event.uid] = {
    summary: event.summary,
    start: event.startDate.toString(),
    end: event.endDate.toString(),
    allDay: event.startDate.isDate && event.endDate.isDate,
  };
}
process.stdout.write(JSON.stringify(found));
