import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

export const UNIQUE_ITEMS = 'uniqueItems';

/**
 * No item repeated, checked in linear time (class-validator's `@ArrayUnique()` compares every
 * pair, so a long array took seconds). Items are compared by value: primitives as they are,
 * objects by their JSON.
 */
export function UniqueItems(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: UNIQUE_ITEMS,
      validator: {
        validate: (value: unknown) => !Array.isArray(value) || hasNoRepeats(value),
        defaultMessage: buildMessage((each) => `${each}$property must not repeat an item`, options),
      },
    },
    options,
  );
}

function hasNoRepeats(items: readonly unknown[]): boolean {
  const seen = new Set<unknown>();
  for (const item of items) {
    const key = item !== null && typeof item === 'object' ? JSON.stringify(item) : item;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}
