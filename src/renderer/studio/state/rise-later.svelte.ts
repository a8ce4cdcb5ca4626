import { untrack } from 'svelte';
import { inLaterFrame } from './frame-queue';

/**
 * A flag that follows `source`: off at once, on in a later frame of its own. The design and settings
 * panels are locked the moment a run starts, and unlocked once the run's end has been drawn (enabling
 * some forty controls restyles each of them; a wide file's target is a typed field, since flipping a select's
 * `disabled` restyles each of its options: typed-column.ts).
 * Must be made in a component's script (it owns an effect).
 */
export class RiseLater {
  #value = $state(false);

  constructor(source: () => boolean) {
    this.#value = untrack(source);
    $effect(() => {
      if (!source()) {
        this.#value = false;
        return;
      }
      if (untrack(() => this.#value)) return;
      return inLaterFrame(() => { this.#value = true; });
    });
  }

  get value(): boolean { return this.#value; }
}
