import { Template } from 'adaptivecards-templating';
import welcome from '../../cards/welcome.json';
import help from '../../cards/help.json';

/** The data each template in cards/ is expanded with. */
export interface CardData {
  welcome: { installerName: string; accountId: string };
  help: { commands: { usage: string; summary: string }[] };
}

export type CardName = keyof CardData;

const templates: Record<CardName, object> = { welcome, help };

/** An Adaptive Card ready to post: `type`, `version` and the expanded body. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body: object[];
  actions?: object[];
  fallbackText?: string;
  [key: string]: unknown;
}

/** Expands cards/<name>.json with `data` (adaptivecards-templating). */
export function renderCard<N extends CardName>(name: N, data: CardData[N]): AdaptiveCard {
  const expanded = new Template(templates[name]).expand({ $root: data }) as AdaptiveCard;
  return expanded;
}
