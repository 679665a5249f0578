type Element = Record<string, unknown>;

const isElement = (value: unknown): value is Element => typeof value === 'object' && value !== null && !Array.isArray(value);
const elements = (value: unknown): Element[] => (Array.isArray(value) ? value.filter(isElement) : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** The value an input shows: a toggle as on/off, a choice by its title. */
function inputValue(input: Element): string | undefined {
  const value = text(input.value);
  if (input.type === 'Input.Toggle') return value === (text(input.valueOn) ?? 'true') ? 'on' : 'off';
  if (input.type === 'Input.ChoiceSet' && value !== undefined) {
    const chosen = value.split(',').map((v) => elements(input.choices).find((c) => c.value === v)?.title ?? v);
    return chosen.join(', ');
  }
  return value;
}

function actionLines(actions: unknown): string[] {
  return elements(actions).flatMap((action) => {
    const title = text(action.title);
    if (action.type === 'Action.ShowCard' && isElement(action.card)) return [`[Button: ${title ?? 'Show'}]`, ...cardLines(action.card)];
    return title === undefined ? [] : [`[Button: ${title}]`];
  });
}

function elementLines(element: Element): string[] {
  const type = typeof element.type === 'string' ? element.type : '';
  switch (type) {
    case 'TextBlock': {
      const line = text(element.text);
      return line === undefined ? [] : [line];
    }
    case 'RichTextBlock':
      return [elements(element.inlines).map((run) => (typeof run.text === 'string' ? run.text : '')).join('').trim()].filter((line) => line !== '');
    case 'FactSet':
      return elements(element.facts).map((fact) => `${text(fact.title) ?? ''}: ${text(fact.value) ?? ''}`.trim());
    case 'Container':
      return [...elements(element.items).flatMap(elementLines), ...actionLines(isElement(element.selectAction) ? [element.selectAction] : [])];
    case 'ColumnSet':
      return elements(element.columns).flatMap((column) => elements(column.items).flatMap(elementLines));
    case 'ActionSet':
      return actionLines(element.actions);
    case 'Image': {
      const alt = text(element.altText);
      return alt === undefined ? [] : [`[Image: ${alt}]`];
    }
    default:
      if (type.startsWith('Input.')) {
        const label = text(element.label) ?? text(element.title) ?? text(element.placeholder) ?? text(element.id) ?? 'input';
        const value = inputValue(element);
        return [value === undefined ? `[${label}]` : `[${label}: ${value}]`];
      }
      return [];
  }
}

function cardLines(card: Element): string[] {
  return [...elements(card.body).flatMap(elementLines), ...actionLines(card.actions)];
}

/**
 * An Adaptive Card as plain text, one line per thing a person would read: TextBlocks, FactSet rows as
 * "Title: value", inputs as "[label: value]" and actions as "[Button: title]"; containers and
 * column sets are walked in order. Meant for terminals and logs, not for fidelity.
 */
export function cardToText(card: object): string {
  return cardLines(card as Element).join('\n');
}
