// Reads .ics files with Mozilla's ical.js (Thunderbird's parser) and prints, as JSON, what
// it understood: calendar properties, time zones and, for every event, its fields with the
// start and end converted to UTC. Used by tests/exporters/test_ics.py.
//
//   node tests/exporters/icaljs_read.mjs FILE.ics [FILE.ics ...]
//
// Each file is read on its own: the time-zone registry is emptied first and filled only
// with the file's own VTIMEZONEs, so a TZID without its VTIMEZONE leaves the time
// floating, which the tests forbid (that is how Thunderbird would mis-place it).
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

function time(event, name) {
  const property = event.component.getFirstProperty(name);
  if (!property) return null;
  const value = property.getFirstValue();
  const floating = value.zone === ICAL.Timezone.localTimezone;
  const utc = value.convertToZone(ICAL.Timezone.utcTimezone);
  return {
    utc: utc.toString(),
    tzid: property.getParameter("tzid") ?? null,
    zone: value.zone ? value.zone.tzid : null,
    floating,
    isDate: value.isDate, // an all-day event's DATE: floating by nature, not a mistake
  };
}

function readCalendar(path) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  const timezones = calendar.getAllSubcomponents("vtimezone").map((vtimezone) => {
    ICAL.TimezoneService.register(vtimezone);
    return {
      tzid: text(vtimezone, "tzid"),
      observances: vtimezone.getAllSubcomponents().map((observance) => ({
        kind: observance.name,
        dtstart: text(observance, "dtstart"),
        rrule: text(observance, "rrule"),
        rdates: observance.getAllProperties("rdate").length,
        offsetFrom: text(observance, "tzoffsetfrom"),
        offsetTo: text(observance, "tzoffsetto"),
      })),
    };
  });
  const refresh = calendar.getFirstProperty("refresh-interval");
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const organizer = component.getFirstProperty("organizer");
    return {
      properties: component.getAllProperties().map((p) => p.name),
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      location: event.location,
      url: text(component, "url"),
      status: text(component, "status"),
      transp: text(component, "transp"),
      sequence: event.sequence,
      categories: component.getAllProperties("categories").flatMap((p) => p.getValues()),
      organizer: organizer ? String(organizer.getFirstValue()) : null,
      organizerCN: organizer ? (organizer.getParameter("cn") ?? null) : null,
      dtstamp: text(component, "dtstamp"),
      lastModified: text(component, "last-modified"),
      start: time(event, "dtstart"),
      end: time(event, "dtend"),
    };
  });
  return {
    properties: calendar.getAllProperties().map((p) => p.name),
    prodid: text(calendar, "prodid"),
    version: text(calendar, "version"),
    calscale: text(calendar, "calscale"),
    method: text(calendar, "method"),
    name: text(calendar, "name"),
    xWrCalname: text(calendar, "x-wr-calname"),
    description: text(calendar, "description"),
    xWrCaldesc: text(calendar, "x-wr-caldesc"),
    xWrTimezone: text(calendar, "x-wr-timezone"),
    refreshInterval: refresh ? String(refresh.getFirstValue()) : null,
    refreshValueType: refresh ? refresh.type : null,
    publishedTtl: text(calendar, "x-published-ttl"),
    url: text(calendar, "url"),
    source: text(calendar, "source"),
    timezones,
    events,
  };
}

const result = {};
for (const path of process.argv.slice(2)) {
  result[path] = readCalendar(path);
}
process.stdout.write(JSON.stringify(result));
