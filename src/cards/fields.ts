/** Building card fields from sourced values: every value a non-empty string, provenance kept as the field's source. */
import type { Sourced } from '../stats/types.js';
import type { CardField, CardState } from './model.js';

/** Options of one field. */
export interface FieldOptions {
  short?: boolean;
  section?: string;
  state?: CardState;
  /** Shown when the value cannot be known at all. */
  unknown?: string;
}

/** A field with a fixed text value. */
export function textField(label: string, value: string, options: FieldOptions = {}): CardField {
  const field: CardField = { label, value: value.trim() ? value : (options.unknown ?? 'unknown') };
  if (options.short !== undefined) field.short = options.short;
  if (options.section) field.section = options.section;
  if (options.state) field.state = options.state;
  return field;
}

/** A field from a sourced value: failed values say so, snapshot values carry their date. */
export function sourcedField<T>(label: string, sourced: Sourced<T>, format: (value: T) => string, options: FieldOptions = {}): CardField {
  if (sourced.value === null || sourced.source === 'failed' || sourced.source === 'unavailable') {
    const failed = sourced.source === 'failed';
    const field = textField(label, failed ? 'unavailable (query failed)' : (options.unknown ?? 'unknown'), {
      ...options,
      state: failed ? 'warning' : options.state,
    });
    if (failed) field.source = 'failed';
    return field;
  }
  const field = textField(label, format(sourced.value), options);
  if (sourced.source === 'snapshot') {
    field.source = 'snapshot';
    if (sourced.asOf) field.asOf = sourced.asOf;
  } else if (sourced.source === 'api') {
    field.source = 'api';
  } else {
    field.source = 'live';
  }
  return field;
}

/** The worst of several states (danger > warning > info > ok). */
export function worstState(states: (CardState | undefined)[]): CardState {
  const order: CardState[] = ['ok', 'info', 'warning', 'danger'];
  return states.reduce<CardState>((worst, state) => (state && order.indexOf(state) > order.indexOf(worst) ? state : worst), 'ok');
}
