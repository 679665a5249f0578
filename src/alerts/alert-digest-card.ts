import { renderCard, type AdaptiveCard } from '../cards/render-card';
import { DAILY_POST_CAP } from '../policy/daily-post-cap';
import { formatCardTime } from '../cards/format-card-time';

/** Alerts listed on one digest card; the rest are counted. */
export const DIGEST_LISTED = 50;

/**
 * One card for the alerts a chat missed while RingCentral's daily post cap held it (cards/alert-digest.json):
 * each alert's time and headline (the alert card's, src/alerts/alert-headline.ts), oldest first, and why they come together.
 * Times are in the one card time format (src/cards/format-card-time.ts), in the chat's zone.
 */
export function alertDigestCard(input: { alerts: { title: string; at: Date }[]; heldSince: Date; timeZone: string }): AdaptiveCard {
  const count = input.alerts.length;
  const title = `${count} ${count === 1 ? 'alert' : 'alerts'} held back by RingCentral's daily post limit`;
  const explanation =
    `RingCentral lets a bot post ${DAILY_POST_CAP.toLocaleString('en-US')} times a day. This chat reached that limit, so these alerts waited ` +
    `until ${formatCardTime(input.heldSince, input.timeZone)} and come here together. SMS alerts went out as usual.`;
  return renderCard('alert-digest', {
    fallbackText: title,
    title,
    explanation,
    alerts: input.alerts.slice(0, DIGEST_LISTED).map((a) => ({ title: a.title, when: formatCardTime(a.at, input.timeZone) })),
    more: Math.max(0, count - DIGEST_LISTED),
  });
}
