/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import type { AdaptiveCard } from '../../src/cards/render-card';

/**
 * Renders posted cards with the official Adaptive Cards JavaScript renderer (the `adaptivecards`
 * package) in headless Chromium, at a chat client's card width, and reports what a reader would
 * see go wrong: renderer warnings, unexpanded `${…}`, clipped buttons or text, a card too tall.
 *
 * One browser and one page serve every card: each card is rendered into its own box in that page.
 */

/** The widths a RingCentral chat gives a card: a phone (360 px) and the desktop conversation pane (500 px). */
export const CARD_WIDTHS = [360, 500] as const;

/** What the renderer and the layout said about one card at one width. */
export interface CardRenderReport {
  label: string;
  width: number;
  /** Parse warnings and validation failures of the renderer, as its own messages. */
  rendererProblems: string[];
  /** Visible text still holding a template expression. */
  unexpanded: string[];
  /** Buttons and text whose content is wider than their box ("title: 412 > 148 px"). */
  clipped: string[];
  /** The rendered card's height in px. */
  height: number;
}

const CHROMIUM_CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** The Chromium to drive: CHROMIUM_PATH, else the first candidate on PATH (Debian's `chromium` package). */
export function findChromium(): string | undefined {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const name of CHROMIUM_CANDIDATES) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH: try the next name
    }
  }
  return undefined;
}

/**
 * A host config close to the RingCentral app's cards: its sans-serif font at 14 px, buttons side by
 * side on one line (so a row of long titles is cut off, as it is in the app), titles never wrapping.
 */
const HOST_CONFIG = {
  fontFamily: "'Liberation Sans', Arial, sans-serif",
  spacing: { small: 4, default: 8, medium: 16, large: 24, extraLarge: 32, padding: 16 },
  actions: { maxActions: 6, buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', allowTitleToWrap: false, spacing: 'default' },
  factSet: { title: { weight: 'bolder', maxWidth: 150 }, value: {}, spacing: 8 },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF' },
    emphasis: { backgroundColor: '#F2F4F7' },
    good: { backgroundColor: '#E7F5EC' },
    attention: { backgroundColor: '#FDECEC' },
    warning: { backgroundColor: '#FFF4E0' },
    accent: { backgroundColor: '#E8F1FC' },
  },
};

/** A page with the renderer loaded; `render` runs inside it. */
const PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; padding: 16px; background: #f3f4f6; font-family: 'Liberation Sans', Arial, sans-serif; }
.card-box { background: #fff; border: 1px solid #d9dce1; border-radius: 8px; margin-bottom: 16px; overflow: hidden; }
.ac-pushButton { min-height: 32px; border-radius: 16px; }
</style></head><body><div id="cards"></div></body></html>`;

/** Runs in the page: parse, validate, render and measure one card. */
function renderInPage(args: { id: string; width: number; card: unknown; hostConfig: unknown }) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const AC = (window as any).AdaptiveCards;
  const box = document.createElement('div');
  box.className = 'card-box';
  box.id = args.id;
  box.style.width = `${args.width}px`;
  document.getElementById('cards')!.appendChild(box);

  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(args.hostConfig);
  const context = new AC.SerializationContext();
  card.parse(args.card, context);
  const rendererProblems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    rendererProblems.push(`parse: ${event.message}`);
  }
  const validation = card.validateProperties();
  for (const event of validation.validationEvents) rendererProblems.push(`validation: ${event.message}`);

  const rendered: HTMLElement | undefined = card.render();
  if (!rendered) {
    rendererProblems.push('render: the renderer produced no element');
    return { rendererProblems, unexpanded: [], clipped: [], height: 0 };
  }
  box.appendChild(rendered);

  const unexpanded: string[] = [];
  const visible = box.innerText;
  const leftovers = visible.match(/\$\{[^}]*\}?/g) ?? [];
  unexpanded.push(...leftovers);
  box.querySelectorAll('input, textarea, select, option').forEach((element) => {
    const value = (element as HTMLInputElement).value ?? '';
    const placeholder = (element as HTMLInputElement).placeholder ?? '';
    for (const text of [value, placeholder, element.textContent ?? '']) if (text.includes('${')) unexpanded.push(text);
  });

  const clipped: string[] = [];
  const name = (element: Element) => (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
  const overflows = (element: Element) => element.scrollWidth > element.clientWidth + 1;
  const cardRight = rendered.getBoundingClientRect().right;
  const outside = (element: Element) => element.getBoundingClientRect().right > cardRight + 0.5;
  box.querySelectorAll('.ac-pushButton').forEach((button) => {
    const title = button.firstElementChild ?? button;
    if (overflows(button) || overflows(title)) {
      clipped.push(`button "${name(button)}": ${title.scrollWidth} > ${title.clientWidth} px`);
    } else if (outside(button)) {
      clipped.push(`button "${name(button)}": ends at ${Math.round(button.getBoundingClientRect().right)} px, past the card's edge at ${Math.round(cardRight)} px`);
    }
  });
  // Text may only wrap between words: a word (or a command written with no-break spaces) that does
  // not fit its box counts as clipped, instead of being broken in the middle.
  box.querySelectorAll<HTMLElement>('.ac-textBlock').forEach((block) => {
    block.style.overflowWrap = 'normal';
    block.style.wordWrap = 'normal';
    if (overflows(block)) clipped.push(`text "${name(block)}": ${block.scrollWidth} > ${block.clientWidth} px`);
    else if (outside(block)) clipped.push(`text "${name(block)}": past the card's edge`);
  });
  box.querySelectorAll<HTMLElement>('.ac-textBlock').forEach((block) => {
    block.style.removeProperty('overflow-wrap');
    block.style.wordWrap = 'break-word';
  });
  // Everything else the renderer cuts with an ellipsis: choice and toggle labels, input labels.
  box.querySelectorAll<HTMLElement>('*').forEach((element) => {
    if (element.closest('.ac-pushButton') || element.classList.contains('ac-textBlock')) return;
    if (getComputedStyle(element).textOverflow === 'ellipsis' && overflows(element)) {
      clipped.push(`label "${name(element)}": ${element.scrollWidth} > ${element.clientWidth} px`);
    }
  });
  if (overflows(rendered)) clipped.push(`card: ${rendered.scrollWidth} > ${rendered.clientWidth} px`);

  return { rendererProblems, unexpanded, clipped, height: Math.ceil(rendered.getBoundingClientRect().height) };
}

/** A Chromium page holding the renderer, for any number of cards. */
export class CardBrowser {
  private count = 0;

  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  /** Starts headless Chromium at `executablePath` with one page and the renderer loaded. */
  static async open(executablePath: string): Promise<CardBrowser> {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    const page = await browser.newPage({ viewport: { width: 600, height: 800 }, deviceScaleFactor: 1 });
    await page.setContent(PAGE_HTML);
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    // Markdown as the RingCentral app shows it: **bold** and _italic_; everything else as typed.
    await page.evaluate(() => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const AC = (window as any).AdaptiveCards;
      AC.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml: string; didProcess: boolean }) => {
        const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        result.outputHtml = `<p>${escaped.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\n/g, '<br>')}</p>`;
        result.didProcess = true;
      };
    });
    return new CardBrowser(browser, page);
  }

  /** Renders `card` at `width` px; with `pngPath`, also saves a picture of it. */
  async render(label: string, card: AdaptiveCard | object, width: number, pngPath?: string): Promise<CardRenderReport> {
    const id = `card-${++this.count}`;
    const result = await this.page.evaluate(renderInPage, { id, width, card, hostConfig: HOST_CONFIG });
    if (pngPath) await this.page.locator(`#${id}`).screenshot({ path: pngPath });
    // Keep the page small: one card at a time stays in it.
    await this.page.evaluate((boxId) => document.getElementById(boxId)?.remove(), id);
    return { label, width, ...result };
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** "status without changes" → "status-without-changes". */
export function fileNameOf(label: string, width: number): string {
  return `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${width}.png`;
}

/** Makes `dir` and returns it. */
export function pngDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
