// Fans control events out to every subscriber. A listener that throws is dropped, and never
// breaks the emitter: events come from the daemon's hot paths.
import type { ControlEvent } from './control-target.js';

export type ControlListener = (event: ControlEvent) => void;

export class EventHub {
  readonly #listeners = new Set<ControlListener>();

  emit(event: ControlEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        this.#listeners.delete(listener);
      }
    }
  }

  subscribe(listener: ControlListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
