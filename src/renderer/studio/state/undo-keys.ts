/**
 * Who gets Ctrl/Cmd+Z: the field's own text undo or the studio's history.
 *
 * The rule: while a text or number field holds typing that is not committed yet (from its first
 * keystroke until Enter, leaving the field or its `change` event), the keys are the browser's, so
 * typing is undone character by character as in any form; the history holds that typing as one open
 * entry that follows along. Once the field is committed, or anywhere else on the page (buttons,
 * menus, a field not typed in since it took focus), the keys undo and redo the studio's design.
 * The desktop menu's Edit → Undo/Redo send a command that follows the same rule (`runUndoCommand`).
 */

/** The history moves the keys and the menu drive. */
export type UndoAction = 'undo' | 'redo';

/** Ctrl/Cmd+Z → undo; Shift+Ctrl/Cmd+Z and Ctrl/Cmd+Y → redo; anything else null. */
export function undoKeyAction(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): UndoAction | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !event.shiftKey) return 'redo';
  return null;
}

/** Input types whose text the browser can undo (a checkbox or a range slider has no typing). */
const TEXT_INPUT_TYPES = new Set(['text', 'number', 'search', 'email', 'url', 'tel', 'password', '']);

/** A field with its own text undo: a text-like input, a textarea or editable content. */
export function isTextEntry(target: EventTarget | null): boolean {
  const element = target as { tagName?: string; type?: string; isContentEditable?: boolean } | null;
  if (!element || typeof element.tagName !== 'string') return false;
  if (element.isContentEditable) return true;
  if (element.tagName === 'TEXTAREA') return true;
  return element.tagName === 'INPUT' && TEXT_INPUT_TYPES.has((element.type ?? '').toLowerCase());
}

/** Which field, if any, holds typing not committed yet (fed the page's focusin, input and change events). */
export class TextEditing {
  #typingIn: EventTarget | null = null;

  /** An `input` event: typing in a text field starts (or goes on). */
  noteInput(target: EventTarget | null): void {
    if (isTextEntry(target)) this.#typingIn = target;
  }

  /** A `change` event (Enter, leaving the field, a spinner click): the typing is committed. */
  noteCommit(): void {
    this.#typingIn = null;
  }

  /** A `focusin`: focus moved, so no field is being typed in any longer. */
  noteFocus(target: EventTarget | null): void {
    if (target !== this.#typingIn) this.#typingIn = null;
  }

  /** Whether the keys in this element belong to its own text undo. */
  isTypingIn(target: EventTarget | null): boolean {
    return target !== null && target === this.#typingIn;
  }

  get isTyping(): boolean {
    return this.#typingIn !== null;
  }
}

/** What a shortcut or menu command moves: the history's undo/redo, or the browser's text undo. */
export interface UndoTargets {
  undo(): boolean;
  redo(): boolean;
  textEditing: TextEditing;
  /** the browser's own text undo/redo in the focused field (what Edit → Undo does in any app) */
  nativeEdit: (action: UndoAction) => void;
}

/** A key press: true when the history took it (the caller prevents the browser's default). */
export function handleUndoKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'target'>, targets: UndoTargets): boolean {
  const action = undoKeyAction(event);
  if (!action || targets.textEditing.isTypingIn(event.target)) return false;
  if (action === 'undo') targets.undo();
  else targets.redo();
  return true;
}

/** Edit → Undo/Redo from the desktop menu: the field's text while it holds typing, else the history. */
export function runUndoCommand(action: UndoAction, targets: UndoTargets): void {
  if (targets.textEditing.isTyping) targets.nativeEdit(action);
  else if (action === 'undo') targets.undo();
  else targets.redo();
}
