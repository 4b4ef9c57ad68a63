/*
 * The subset of Adaptive Card Templating our templates use, expanded directly: `${name}` (a whole string keeps the
 * value's type; inside a longer string it is interpolated), `$when` (the element is dropped unless true) and `$data`
 * (an array repeats the element once per item, with that item as the scope). Names are looked up in the current
 * scope only, as the templating language does without `$root`. adaptivecards-templating evaluates every binding
 * through adaptive-expressions, which cost most of a lookup's CPU; test/cards/expand-template.test.ts holds this
 * expander to that library's output.
 */

type Json = unknown;
type Scope = Record<string, unknown>;

const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const PART = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function bind(text: string, scope: Scope): Json {
  const whole = WHOLE.exec(text);
  if (whole) {
    const value = scope[whole[1]!];
    // An unknown name stays as written, as the library leaves a binding it cannot evaluate.
    return value === undefined ? text : value;
  }
  if (!text.includes('${')) return text;
  return text.replace(PART, (match, name: string) => {
    const value = scope[name];
    return value === undefined ? match : typeof value === 'string' ? value : JSON.stringify(value);
  });
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One template element in a scope: zero elements ($when false), one, or one per $data item. */
function expandElement(element: Record<string, Json>, scope: Scope): Json[] {
  if ('$data' in element) {
    const data = typeof element.$data === 'string' ? bind(element.$data, scope) : element.$data;
    const { $data: _data, ...rest } = element;
    const items = Array.isArray(data) ? data : [data];
    return items.flatMap((item) => expandElement(rest, isObject(item) ? (item as Scope) : {}));
  }
  if ('$when' in element) {
    const when = typeof element.$when === 'string' ? bind(element.$when, scope) : element.$when;
    if (when !== true) return [];
  }
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(element)) {
    if (key === '$when') continue;
    if (isObject(value)) {
      // A property whose object is dropped by its own $when disappears with it.
      const expanded = expandElement(value, scope);
      if (expanded.length > 0) out[key] = expanded.length === 1 ? expanded[0] : expanded;
    } else out[key] = expandValue(value, scope);
  }
  return [out];
}

function expandValue(value: Json, scope: Scope): Json {
  if (typeof value === 'string') return bind(value, scope);
  if (Array.isArray(value)) return value.flatMap((v) => (isObject(v) ? expandElement(v, scope) : [expandValue(v, scope)]));
  if (isObject(value)) {
    const expanded = expandElement(value, scope);
    return expanded.length === 1 ? expanded[0] : expanded;
  }
  return value;
}

export function expandCardTemplate(template: Record<string, Json>, data: Scope): Record<string, Json> {
  return expandValue(template, data) as Record<string, Json>;
}
