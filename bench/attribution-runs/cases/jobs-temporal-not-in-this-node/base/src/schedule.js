/** The next run of a daily job at `hour`:`minute` UTC after `now` (an ISO string). */
export function nextDailyRun(now, hour, minute = 0) {
  const instant = Temporal.Instant.from(now);
  const today = instant.toZonedDateTimeISO('UTC').with({ hour, minute, second: 0, millisecond: 0, microsecond: 0, nanosecond: 0 });
  const next = Temporal.ZonedDateTime.compare(today, instant.toZonedDateTimeISO('UTC')) > 0 ? today : today.add({ days: 1 });
  return next.toInstant().toString();
}
