/**
 * JSON `null` in an optional field of a log line or attribute file means the field is absent: logs and account
 * files exported from databases write nulls, and no valid record may be lost for it. Required fields stay required.
 */
import { z } from 'zod';

/** Per object schema: its optional keys, and the object schemas nested under keys (to treat their nulls too). */
interface NullPlan {
  optional: string[];
  nested: [string, z.ZodObject][];
}

const plans = new WeakMap<z.ZodType, NullPlan | null>();

function planOf(schema: z.ZodType): NullPlan | null {
  let plan = plans.get(schema);
  if (plan !== undefined) return plan;
  plan = null;
  if (schema instanceof z.ZodObject) {
    plan = { optional: [], nested: [] };
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      if (field.safeParse(undefined).success) plan.optional.push(key);
      if (field instanceof z.ZodObject) plan.nested.push([key, field]);
    }
  }
  plans.set(schema, plan);
  return plan;
}

/**
 * Deletes, in place, every `null` under an optional key of `schema` (and of object schemas nested in it) from a
 * freshly parsed JSON value, and returns the value. Nulls under required keys stay, so the schema reports them.
 */
export function dropNullOptionals<T>(value: T, schema: z.ZodType): T {
  const plan = planOf(schema);
  if (!plan || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  for (const key of plan.optional) if (record[key] === null) delete record[key];
  for (const [key, inner] of plan.nested) dropNullOptionals(record[key], inner);
  return value;
}
