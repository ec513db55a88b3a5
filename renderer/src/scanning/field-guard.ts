/**
 * A keyboard-wedge scanner types its label into whichever text field has the focus, a key at a time,
 * before the last key tells that it was a scan. The field's value is noted when a burst's first key
 * arrives (a keydown comes before the character is inserted) and put back when the burst turns out
 * to be a scan, so a PIN, a search or a card field never keeps a scanned label.
 */
export interface FieldSnapshot {
  field: HTMLInputElement | HTMLTextAreaElement;
  value: string;
  selectionStart: number | null;
  selectionEnd: number | null;
}

const TEXT_TYPES = new Set(['text', 'search', 'password', 'tel', 'email', 'url', 'number', '']);

export function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  return (el instanceof HTMLInputElement && TEXT_TYPES.has(el.type)) || el instanceof HTMLTextAreaElement;
}

export function snapshotFocusedField(): FieldSnapshot | null {
  const field = document.activeElement;
  if (!isTextField(field)) return null;
  let selectionStart: number | null = null;
  let selectionEnd: number | null = null;
  try {
    ({ selectionStart, selectionEnd } = field);
  } catch {
    // input type=number has no selection
  }
  return { field, value: field.value, selectionStart, selectionEnd };
}

/** Puts the noted value back, telling React through an input event as typing would. */
export function restoreField(snapshot: FieldSnapshot | null): void {
  if (!snapshot || !snapshot.field.isConnected || snapshot.field.value === snapshot.value) return;
  const { field } = snapshot;
  // React tracks the value a controlled field was given; only the prototype's setter reaches the DOM
  // behind its back, so the input event below is seen as a change.
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field) as object, 'value')?.set;
  if (setter) setter.call(field, snapshot.value);
  else field.value = snapshot.value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  try {
    if (snapshot.selectionStart !== null) field.setSelectionRange(snapshot.selectionStart, snapshot.selectionEnd);
  } catch {
    // no selection on this type
  }
}
