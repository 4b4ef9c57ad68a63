/*
 * What every Slack message and modal from the renderer must satisfy, as a list of problems (empty = fine), so a
 * failing test says what is wrong: Slack's documented limits, the undocumented total size budget, known block and
 * element types with their required fields, unique ids, never an empty text, and buttons whose value is one of the
 * view's request ids and nothing else.
 */

export type Json = Record<string, unknown>;

export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  messageJsonChars: 12_000,
  fallbackText: 3000,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  id: 255,
  optionText: 75,
  optionValue: 150,
  options: 100,
  optionGroups: 100,
  placeholder: 150,
  inputLabel: 2000,
  inputMaxLength: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
};

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object in the tree, depth first. */
export function allObjects(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const child of node) allObjects(child, out);
  else if (isObject(node)) {
    out.push(node);
    for (const child of Object.values(node)) allObjects(child, out);
  }
  return out;
}

export function mrkdwnTexts(node: unknown): string[] {
  return allObjects(node)
    .filter((o) => o.type === 'mrkdwn')
    .map((o) => String(o.text));
}

/** Every text a reader sees, in block order: mrkdwn and plain_text objects (headers, fields, context, buttons). */
export function messageTexts(node: unknown): string[] {
  return allObjects(node)
    .filter((o) => o.type === 'mrkdwn' || o.type === 'plain_text')
    .map((o) => String(o.text));
}

export function plainTexts(node: unknown): string[] {
  return allObjects(node)
    .filter((o) => o.type === 'plain_text')
    .map((o) => String(o.text));
}

export function buttons(node: unknown): Json[] {
  return allObjects(node).filter((o) => o.type === 'button');
}

const LINK = /<([^<>|]*)\|([^<>]*)>/g;

/** The "<url|title>" links of a mrkdwn text. */
export function links(text: string): Array<{ url: string; title: string }> {
  return [...text.matchAll(LINK)].map((m) => ({ url: m[1] ?? '', title: m[2] ?? '' }));
}

/** A "<" or ">" that is not part of a "<url|title>" link: a mention, a command or a link Slack would parse. */
export function strayAngles(text: string): boolean {
  return /[<>]/.test(text.replace(LINK, ''));
}

class Checker {
  readonly problems: string[] = [];
  private readonly actionIds = new Set<string>();
  private readonly blockIds = new Set<string>();

  constructor(private readonly requestIds: ReadonlySet<string>) {}

  problem(where: string, what: string): void {
    this.problems.push(`${where}: ${what}`);
  }

  keys(where: string, o: Json, allowed: string[], required: string[] = ['type']): void {
    for (const key of Object.keys(o)) if (!allowed.includes(key)) this.problem(where, `unexpected key ${key}`);
    for (const key of required) if (o[key] === undefined) this.problem(where, `missing ${key}`);
  }

  text(where: string, o: unknown, max: number, plainOnly = false): void {
    if (!isObject(o)) return this.problem(where, 'text object missing');
    if (o.type === 'plain_text') this.keys(where, o, ['type', 'text', 'emoji'], ['type', 'text']);
    else if (o.type === 'mrkdwn' && !plainOnly) {
      this.keys(where, o, ['type', 'text', 'verbatim'], ['type', 'text']);
      // Without verbatim, Slack would linkify bare URLs and parse @here in data.
      if (o.verbatim !== true) this.problem(where, 'mrkdwn without verbatim: true');
    } else return this.problem(where, `text type ${String(o.type)}${plainOnly ? ' (plain_text required)' : ''}`);
    if (typeof o.text !== 'string') return this.problem(where, 'text is not a string');
    if (o.text.trim() === '') this.problem(where, 'empty text');
    if (o.text.length > max) this.problem(where, `text of ${o.text.length} > ${max}`);
  }

  id(where: string, kind: 'action_id' | 'block_id', value: unknown, required: boolean): void {
    if (value === undefined) {
      if (required) this.problem(where, `missing ${kind}`);
      return;
    }
    if (typeof value !== 'string' || value === '' || value.length > LIMITS.id) return this.problem(where, `bad ${kind} ${String(value)}`);
    const seen = kind === 'action_id' ? this.actionIds : this.blockIds;
    if (seen.has(value)) this.problem(where, `duplicate ${kind} ${value}`);
    seen.add(value);
  }

  button(where: string, o: Json): void {
    this.keys(where, o, ['type', 'text', 'action_id', 'value', 'style'], ['type', 'text', 'action_id', 'value']);
    this.text(`${where}.text`, o.text, LIMITS.buttonText, true);
    this.id(where, 'action_id', o.action_id, true);
    if (typeof o.action_id === 'string' && !/^dc:[A-Za-z]+:\d+$/.test(o.action_id)) this.problem(where, `action_id ${o.action_id} is not dc:<verb>:<n>`);
    if (typeof o.value !== 'string' || o.value.length > LIMITS.buttonValue) this.problem(where, 'value missing or over 2,000');
    else if (!this.requestIds.has(o.value)) this.problem(where, `value is not one of the view's request ids: ${o.value.slice(0, 80)}`);
    if (o.style !== undefined && o.style !== 'primary' && o.style !== 'danger') this.problem(where, `style ${String(o.style)}`);
  }

  plainTextInput(where: string, o: Json): void {
    this.keys(where, o, ['type', 'action_id', 'multiline', 'max_length', 'initial_value', 'placeholder'], ['type', 'action_id']);
    this.id(where, 'action_id', o.action_id, true);
    const max = o.max_length;
    if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > LIMITS.inputMaxLength))
      this.problem(where, `max_length ${String(max)}`);
    if (o.initial_value !== undefined) {
      if (typeof o.initial_value !== 'string' || o.initial_value === '') this.problem(where, 'bad initial_value');
      else if (typeof max === 'number' && o.initial_value.length > max) this.problem(where, 'initial_value longer than max_length');
    }
    if (o.placeholder !== undefined) this.text(`${where}.placeholder`, o.placeholder, LIMITS.placeholder, true);
  }

  /**
   * A select: in an input block its options are the input's choices; in an actions block it stands for buttons (its
   * action_id carries the verb, each option's value is one of the view's request ids), grouped or not.
   */
  staticSelect(where: string, o: Json, inActions = false): void {
    this.keys(where, o, ['type', 'action_id', 'placeholder', 'options', 'option_groups', 'initial_option'], ['type', 'action_id']);
    this.id(where, 'action_id', o.action_id, true);
    if (inActions && typeof o.action_id === 'string' && !/^dc:[A-Za-z]+:\d+$/.test(o.action_id))
      this.problem(where, `action_id ${o.action_id} is not dc:<verb>:<n>`);
    if (o.placeholder !== undefined) this.text(`${where}.placeholder`, o.placeholder, LIMITS.placeholder, true);
    if ((o.options === undefined) === (o.option_groups === undefined)) this.problem(where, 'needs exactly one of options and option_groups');
    let options = Array.isArray(o.options) ? (o.options as unknown[]) : [];
    if (o.option_groups !== undefined) {
      const groups = Array.isArray(o.option_groups) ? (o.option_groups as unknown[]) : [];
      if (groups.length === 0 || groups.length > LIMITS.optionGroups) this.problem(where, `${groups.length} option groups`);
      options = groups.flatMap((group, index) => {
        if (!isObject(group)) {
          this.problem(where, `option group ${index} is not an object`);
          return [];
        }
        this.keys(`${where}.option_groups[${index}]`, group, ['label', 'options'], ['label', 'options']);
        this.text(`${where}.option_groups[${index}].label`, group.label, LIMITS.optionText, true);
        const grouped = Array.isArray(group.options) ? (group.options as unknown[]) : [];
        if (grouped.length === 0) this.problem(where, `option group ${index} has no options`);
        return grouped;
      });
    }
    if (options.length === 0 || options.length > LIMITS.options) this.problem(where, `${options.length} options`);
    const values = new Set<string>();
    options.forEach((option, index) => {
      if (!isObject(option)) return this.problem(where, `option ${index} is not an object`);
      this.keys(`${where}.options[${index}]`, option, ['text', 'value'], ['text', 'value']);
      this.text(`${where}.options[${index}].text`, option.text, LIMITS.optionText, true);
      const value = option.value;
      if (typeof value !== 'string' || value === '' || value.length > LIMITS.optionValue) this.problem(where, `option value ${String(value)}`);
      else if (values.has(value)) this.problem(where, `duplicate option value ${value}`);
      else {
        values.add(value);
        if (inActions && !this.requestIds.has(value)) this.problem(where, `option value is not one of the view's request ids: ${value.slice(0, 80)}`);
      }
    });
    if (o.initial_option !== undefined && !options.some((option) => JSON.stringify(option) === JSON.stringify(o.initial_option))) {
      this.problem(where, 'initial_option is not one of the options');
    }
  }

  block(where: string, o: unknown, surface: 'message' | 'modal'): void {
    if (!isObject(o)) return this.problem(where, 'block is not an object');
    this.id(where, 'block_id', o.block_id, o.type === 'input');
    switch (o.type) {
      case 'section':
        this.keys(where, o, ['type', 'block_id', 'text', 'fields', 'accessory']);
        if (o.text === undefined && o.fields === undefined) this.problem(where, 'section without text or fields');
        if (o.text !== undefined) this.text(`${where}.text`, o.text, LIMITS.sectionText);
        if (o.fields !== undefined) {
          const fields = Array.isArray(o.fields) ? (o.fields as unknown[]) : [];
          if (fields.length === 0 || fields.length > LIMITS.fields) this.problem(where, `${fields.length} fields`);
          fields.forEach((field, index) => this.text(`${where}.fields[${index}]`, field, LIMITS.fieldText));
        }
        if (o.accessory !== undefined) {
          if (isObject(o.accessory) && o.accessory.type === 'button') this.button(`${where}.accessory`, o.accessory);
          else this.problem(where, 'accessory is not a button');
        }
        return;
      case 'header':
        this.keys(where, o, ['type', 'block_id', 'text'], ['type', 'text']);
        return this.text(`${where}.text`, o.text, LIMITS.headerText, true);
      case 'context': {
        this.keys(where, o, ['type', 'block_id', 'elements'], ['type', 'elements']);
        const elements = Array.isArray(o.elements) ? (o.elements as unknown[]) : [];
        if (elements.length === 0 || elements.length > LIMITS.contextElements) this.problem(where, `${elements.length} context elements`);
        return elements.forEach((element, index) => this.text(`${where}.elements[${index}]`, element, LIMITS.contextText));
      }
      case 'actions': {
        this.keys(where, o, ['type', 'block_id', 'elements'], ['type', 'elements']);
        const elements = Array.isArray(o.elements) ? (o.elements as unknown[]) : [];
        if (elements.length === 0 || elements.length > LIMITS.actionsElements) this.problem(where, `${elements.length} actions elements`);
        return elements.forEach((element, index) => {
          if (isObject(element) && element.type === 'button') this.button(`${where}.elements[${index}]`, element);
          else if (isObject(element) && element.type === 'static_select') this.staticSelect(`${where}.elements[${index}]`, element, true);
          else this.problem(where, `element ${index} is neither a button nor a select`);
        });
      }
      case 'divider':
        return this.keys(where, o, ['type', 'block_id']);
      case 'input': {
        // A confirmation in a message carries its inputs (their values come back with the Confirm click); nothing else may.
        if (surface !== 'modal' && !['reason', 'isolationType', 'scanType', 'indicatorAction', 'expiryDays'].includes(String(o.block_id)))
          return this.problem(where, 'input block in a message');
        this.keys(where, o, ['type', 'block_id', 'label', 'optional', 'element'], ['type', 'label', 'element', 'block_id']);
        this.text(`${where}.label`, o.label, LIMITS.inputLabel, true);
        if (o.optional !== undefined && typeof o.optional !== 'boolean') this.problem(where, 'optional is not a boolean');
        const element = o.element;
        if (isObject(element) && element.type === 'plain_text_input') this.plainTextInput(`${where}.element`, element);
        else if (isObject(element) && element.type === 'static_select') this.staticSelect(`${where}.element`, element);
        else this.problem(where, 'input element is neither plain_text_input nor static_select');
        if (isObject(element) && element.action_id !== o.block_id) this.problem(where, 'action_id differs from block_id');
        return;
      }
      default:
        return this.problem(where, `unknown block type ${String(o.type)}`);
    }
  }

  blocks(blocks: unknown, surface: 'message' | 'modal'): void {
    if (!Array.isArray(blocks)) return this.problem('blocks', 'not an array');
    const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.modalBlocks;
    if (blocks.length === 0 || blocks.length > max) this.problem('blocks', `${blocks.length} blocks (1..${max})`);
    blocks.forEach((block, index) => this.block(`blocks[${index}]`, block, surface));
  }
}

/** Problems of a rendered message; `requestIds` are the ids of every button of the view it was rendered from. */
export function messageProblems(message: unknown, requestIds: ReadonlySet<string>): string[] {
  const checker = new Checker(requestIds);
  if (!isObject(message)) return ['message is not an object'];
  checker.keys('message', message, ['text', 'blocks'], ['text', 'blocks']);
  const { text, blocks } = message;
  if (typeof text !== 'string' || text.trim() === '') checker.problem('text', 'empty or not a string');
  else {
    if (text.length > LIMITS.fallbackText) checker.problem('text', `${text.length} characters`);
    // Slack parses the top-level text as mrkdwn, and notifications show it.
    if (/[<>]/.test(text)) checker.problem('text', 'unescaped < or >');
  }
  checker.blocks(blocks, 'message');
  const size = JSON.stringify(blocks).length;
  if (size > LIMITS.messageJsonChars) checker.problem('blocks', `${size} characters of JSON > ${LIMITS.messageJsonChars}`);
  return checker.problems;
}

export function modalProblems(modal: unknown, requestIds: ReadonlySet<string> = new Set()): string[] {
  const checker = new Checker(requestIds);
  if (!isObject(modal)) return ['modal is not an object'];
  checker.keys(
    'modal',
    modal,
    ['type', 'callback_id', 'title', 'submit', 'close', 'notify_on_close', 'private_metadata', 'blocks'],
    ['type', 'title', 'blocks'],
  );
  if (modal.type !== 'modal') checker.problem('modal', `type ${String(modal.type)}`);
  checker.text('title', modal.title, LIMITS.modalTitle, true);
  if (modal.submit !== undefined) checker.text('submit', modal.submit, LIMITS.modalButton, true);
  else if (allObjects(modal.blocks).some((o) => o.type === 'input')) checker.problem('modal', 'input blocks without submit');
  if (modal.close !== undefined) checker.text('close', modal.close, LIMITS.modalButton, true);
  if (typeof modal.callback_id !== 'string' || modal.callback_id.length > LIMITS.id) checker.problem('callback_id', 'missing or too long');
  if (modal.private_metadata !== undefined && (typeof modal.private_metadata !== 'string' || modal.private_metadata.length > LIMITS.privateMetadata)) {
    checker.problem('private_metadata', 'not a string of at most 3,000');
  }
  checker.blocks(modal.blocks, 'modal');
  return checker.problems;
}

/** The request ids of every button in a view (any object with a verb and a request id). */
export function viewRequestIds(view: unknown): Set<string> {
  return new Set(
    allObjects(view)
      .filter((o) => typeof o.verb === 'string' && typeof o.requestId === 'string')
      .map((o) => String(o.requestId)),
  );
}
