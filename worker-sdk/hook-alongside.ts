// Listening to some server events changes Node's default handling of them, so the SDK listens
// only once the application does, and then ahead of it.
import type { EventEmitter } from 'node:events';

/** Whatever listener EventEmitter takes, spelled without `any`. */
type Listener = Parameters<EventEmitter['prependListener']>[1];

/** Prepends `listener` to `event` as soon as any other listener for it exists; never alone. */
export function hookAlongside(emitter: EventEmitter, event: string, listener: Listener): void {
  if (emitter.listenerCount(event) > 0) {
    emitter.prependListener(event, listener);
    return;
  }
  const onNewListener = (added: string | symbol) => {
    if (added !== event) return;
    emitter.off('newListener', onNewListener);
    // 'newListener' fires before the application's listener is added, so ours comes first.
    emitter.prependListener(event, listener);
  };
  emitter.on('newListener', onNewListener);
}
