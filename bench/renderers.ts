import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { renderAdaptiveCard } from '../src/cards/adaptive';
import type { AnswerView } from '../src/cards/view-models';

export type Render = (view: AnswerView) => unknown;

export interface Renderers {
  adaptive: Render;
  /** Slack's renderer, when src/cards/blockkit exists in this checkout. */
  blockKit?: Render;
  /** Why Block Kit is not measured, when it is not. */
  blockKitNote?: string;
}

const BLOCK_KIT = join(__dirname, '..', 'src', 'cards', 'blockkit');

/** The card renderers of this checkout. Block Kit is loaded by path, so the benchmark builds with or without it. */
export async function loadRenderers(): Promise<Renderers> {
  if (!existsSync(join(BLOCK_KIT, 'index.ts')) && !existsSync(join(BLOCK_KIT, 'index.js')))
    return { adaptive: renderAdaptiveCard, blockKitNote: 'src/cards/blockkit/index.ts does not exist in this checkout' };
  const mod = (await import(BLOCK_KIT)) as { renderBlockKit?: unknown };
  if (typeof mod.renderBlockKit !== 'function') return { adaptive: renderAdaptiveCard, blockKitNote: 'src/cards/blockkit/index.ts exports no renderBlockKit' };
  const renderBlockKit = mod.renderBlockKit as Render;
  return { adaptive: renderAdaptiveCard, blockKit: (view) => renderBlockKit(view) };
}

/** Every renderer on one view, as a bot serving both Teams and Slack would. */
export function renderAll(renderers: Renderers): Render {
  return (view) => {
    renderers.adaptive(view);
    renderers.blockKit?.(view);
  };
}
