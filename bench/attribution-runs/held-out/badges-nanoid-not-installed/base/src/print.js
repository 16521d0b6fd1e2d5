import { badgesFor } from './badges.js';

const COLOURS = { attendee: 'white', speaker: 'orange', staff: 'black', press: 'blue' };

// One printer sheet line per badge: the print shop's template reads these fields.
export function printSheet(registrations) {
  return badgesFor(registrations).map((b) => ({
    first: b.name.split(' ')[0],
    full: b.name,
    company: b.company,
    colour: COLOURS[b.role],
    qr: `https://tickets.example.org/b/${b.id}`,
  }));
}
