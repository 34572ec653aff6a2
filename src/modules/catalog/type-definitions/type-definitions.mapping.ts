// The export/import representation of a schema: JSON Schema ↔ `properties[]`, without loss for
// stored (normalized) schemas: fromProperties(toProperties(s)) equals s.
//   name ↔ the property's key            displayOrder ↔ its position (1-based)
//   type ↔ type                          displayName ↔ title (the name when there is no title)
//   description ↔ description (null: none)  isMandatory ↔ listed in `required`
//   defaultValue ↔ `{ "value": default }` (null: no default)
//   validationRules ↔ every other keyword of the property (enum, minLength, items, ...; null: none)
import type { PropertyItem, SchemaDefinition } from './type-definitions.model';
import { PROPERTY_NAME, type Problems } from './type-definitions.schema';

const OWN_FIELDS = ['type', 'title', 'description', 'default'];

export function toProperties(def: SchemaDefinition): Required<PropertyItem>[] {
  return Object.entries(def.properties).map(([name, s], i) => {
    const { type, title, description, default: dflt, ...rules } = s;
    return {
      name,
      type: String(type),
      displayName: typeof title === 'string' ? title : name,
      description: typeof description === 'string' ? description : null,
      isMandatory: def.required?.includes(name) ?? false,
      defaultValue: dflt === undefined ? null : { value: dflt },
      validationRules: Object.keys(rules).length ? rules : null,
      displayOrder: i + 1,
    };
  });
}

/** The schema `items` describe (ordered by displayOrder, then position), and what is wrong with them. */
export function fromProperties(items: PropertyItem[], base = 'properties'): { schema: SchemaDefinition; problems: Problems } {
  const problems: Problems = {};
  const add = (path: string, m: string) => void (problems[path] ??= []).push(m);
  const ordered = items.map((p, i) => ({ p, i })).sort((a, b) => (a.p.displayOrder ?? a.i + 1) - (b.p.displayOrder ?? b.i + 1) || a.i - b.i);
  const properties: SchemaDefinition['properties'] = {};
  const required: string[] = [];
  for (const { p, i } of ordered) {
    const at = `${base}.${i}`;
    if (!PROPERTY_NAME.test(p.name)) {
      add(`${at}.name`, 'property names start with a letter and hold letters, digits, _ or - (at most 64)');
      continue;
    }
    if (Object.hasOwn(properties, p.name)) add(`${at}.name`, `repeats property "${p.name}"`);
    const rules = p.validationRules ?? {};
    for (const k of OWN_FIELDS) if (k in rules) add(`${at}.validationRules.${k}`, `${k} has its own field`);
    const dv = p.defaultValue;
    if (dv && (Object.keys(dv).length !== 1 || !('value' in dv))) add(`${at}.defaultValue`, 'must be {"value": <default>} or null');
    properties[p.name] = {
      type: p.type,
      ...(p.displayName !== p.name ? { title: p.displayName } : {}),
      ...(typeof p.description === 'string' ? { description: p.description } : {}),
      ...(dv && 'value' in dv ? { default: dv.value } : {}),
      ...rules,
    };
    if (p.isMandatory) required.push(p.name);
  }
  return { schema: required.length ? { properties, required } : { properties }, problems };
}
