import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCard, type AdaptiveCard } from '../../../src/cards/render-card';
import { CommandRegistry } from '../../../src/bot/command-registry';
import { helpCard, helpCommand } from '../../../src/bot/commands/help-command';
import { configCommands } from '../../../src/bot/commands/config-commands';
import { CARD_WIDTHS, CardBrowser, fileNameOf, findChromium, pngDir, type CardRenderReport } from '../../support/card-browser';
import { ADMIN_ID, LONGEST, RENDER_CASES } from './card-fixtures';

/**
 * Every card template, with realistic data for each of its states and the longest realistic values,
 * rendered by the official Adaptive Cards renderer in headless Chromium at a phone's and a desktop
 * chat's card width. PNGs go to CARDS_PREVIEW_DIR (`npm run cards:preview`: docs/cards/), else a temp folder.
 */

const chromium = findChromium();
// Outside CI a machine without Chromium skips, and says so; CI installs it (.ci/run), so there it must run.
const skipReason = chromium ? undefined : 'no Chromium found (install Debian\'s chromium package, or set CHROMIUM_PATH)';
if (skipReason && process.env['CI']) throw new Error(`The card browser test cannot run in CI: ${skipReason}`);
if (skipReason) console.warn(`card browser test skipped: ${skipReason}`);

/** The tallest a card may be at 360 px before it is too long to read in a chat. */
// A digest lists up to 50 held-back alerts, one line each: long by design.
// help: the noise-control commands (issue 10) add a section; digest and history list up to 20 alerts.
const HEIGHT_BOUND: Record<string, number> = { events: 2600, status: 1500, help: 2400, directives: 1400, alert: 1500, 'alert-digest': 2400, digest: 1500, history: 1500 };
const DEFAULT_HEIGHT_BOUND = 700;

const helpRegistry = () => {
  const registry = new CommandRegistry();
  registry.register(helpCommand(registry));
  for (const command of configCommands()) registry.register(command);
  return registry;
};

const CASES: { label: string; name: string; card: AdaptiveCard }[] = [
  ...RENDER_CASES.map((c) => ({ label: c.label, name: c.name, card: renderCard(c.name, c.data as never) })),
  { label: 'help with every command', name: 'help', card: helpCard(helpRegistry()) },
];

const previewDir = process.env['CARDS_PREVIEW_DIR'];
const outDir = pngDir(previewDir ?? join(tmpdir(), 'audit-trail-bot-cards'));
/** docs/cards/ gets the states a reader meets; the longest-value stress cases go only to the temp folder. */
const pictureOf = (label: string, width: number): string | undefined =>
  previewDir && label.startsWith('longest') ? undefined : join(outDir, fileNameOf(label, width));

/** A card whose buttons cannot all fit at 360 px: the check must catch it. */
const CLIPPED_MENU = {
  type: 'AdaptiveCard',
  version: '1.3',
  body: [{ type: 'TextBlock', text: 'Audit Trail Bot settings', wrap: true }],
  actions: ['Set account directives', 'Choose notification events', 'Status', 'Logout'].map((title) => ({
    type: 'Action.Submit',
    title,
    data: { action: 'openMenu', adminId: ADMIN_ID },
  })),
};

describe.skipIf(skipReason !== undefined)(`cards in a real browser (adaptivecards renderer, headless Chromium)${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let browser: CardBrowser;
  const reports = new Map<string, CardRenderReport>();

  beforeAll(async () => {
    browser = await CardBrowser.open(chromium!);
    for (const c of CASES) {
      for (const width of CARD_WIDTHS) {
        reports.set(`${c.label}@${width}`, await browser.render(c.label, c.card, width, pictureOf(c.label, width)));
      }
    }
  }, 120_000);
  afterAll(async () => browser?.close());

  describe.each(CASES.flatMap((c) => CARD_WIDTHS.map((width) => [`${c.label} at ${width} px`, c, width] as const)))('%s', (_title, c, width) => {
    const report = () => reports.get(`${c.label}@${width}`)!;

    it('When it is rendered, then the renderer reports no parse or validation warning', () => {
      expect(report().rendererProblems).toEqual([]);
    });

    it('When it is rendered, then no ${…} is left unexpanded', () => {
      expect(report().unexpanded).toEqual([]);
    });

    it('When it is rendered, then no button title or text is cut off', () => {
      expect(report().clipped).toEqual([]);
    });

    it('When it is rendered, then it is no taller than its bound', () => {
      expect(report().height).toBeGreaterThan(40);
      expect(report().height).toBeLessThanOrEqual(HEIGHT_BOUND[c.name] ?? DEFAULT_HEIGHT_BOUND);
    });
  });

  it('When a menu has four long button titles, then at 360 px the check reports the buttons cut off', async () => {
    const report = await browser.render('clipped menu', CLIPPED_MENU, 360);
    expect(report.rendererProblems).toEqual([]);
    expect(report.clipped.length).toBeGreaterThan(0);
    expect(report.clipped.join('\n')).toMatch(/button "(Status|Logout|Choose notification events)"/);
  });

  it('When a card holds an unexpanded expression, an unknown element and an unbreakable long word, then each is reported', async () => {
    const report = await browser.render(
      'broken',
      {
        type: 'AdaptiveCard',
        version: '1.3',
        body: [
          { type: 'TextBlock', text: 'Sending to ${count} numbers', wrap: true },
          { type: 'Input.Rating', id: 'stars' },
          { type: 'TextBlock', text: `sms\u00a0to\u00a0${'<number>\u00a0'.repeat(12)}`, wrap: true },
        ],
      },
      360,
    );
    expect(report.unexpanded).toEqual(['${count}']);
    expect(report.rendererProblems.join('\n')).toContain('Input.Rating');
    expect(report.clipped.join('\n')).toContain('text "sms');
  });

  it('When a choice label is longer than the card and does not wrap, then the check reports it cut off', async () => {
    const choices = { type: 'Input.ChoiceSet', id: 'chatIds', isMultiSelect: true, style: 'expanded', choices: [{ title: LONGEST.chatName, value: '1' }] };
    const card = (wrap: boolean) => ({ type: 'AdaptiveCard', version: '1.3', body: [{ ...choices, ...(wrap ? { wrap: true } : {}) }] });
    expect((await browser.render('choice', card(false), 360)).clipped.join('\n')).toContain(`label "${LONGEST.chatName}"`);
    expect((await browser.render('choice', card(true), 360)).clipped).toEqual([]);
  });

  it('When the longest values are rendered, then the 60-character chat name and 40-character display name are shown whole', () => {
    expect(LONGEST.chatName).toHaveLength(60);
    expect(LONGEST.displayName).toHaveLength(40);
    expect(LONGEST.smsPreview).toHaveLength(1000);
    expect(LONGEST.recipients).toHaveLength(5);
    const events = CASES.find((c) => c.label === 'longest events')!;
    expect(JSON.stringify(events.card).match(/"Input.Toggle"/g)).toHaveLength(35 + 1); // 35 events and the RingCX toggle
    for (const width of CARD_WIDTHS) expect(reports.get(`longest status@${width}`)!.clipped).toEqual([]);
  });
});
