import { expect } from 'chai';

import { BoundedQueue } from '../../history/bounded-queue.js';

describe('BoundedQueue', () => {
  it('push() drops the oldest item once the limit is reached, and says so', () => {
    const queue = new BoundedQueue<number>(3);
    const dropped = [1, 2, 3, 4, 5].map((item) => queue.push(item));

    expect(dropped).to.deep.equal([false, false, false, true, true]);
    expect(queue.peek(10)).to.deep.equal([3, 4, 5]);
  });

  it('peek() leaves items queued until discard() removes them', () => {
    const queue = new BoundedQueue<number>(10);
    [1, 2, 3].forEach((item) => queue.push(item));

    expect(queue.peek(2)).to.deep.equal([1, 2]);
    expect(queue.size).to.equal(3);
    queue.discard(2);
    expect(queue.peek(5)).to.deep.equal([3]);
  });

  it('behaves like a plain array across many drops, discards and compactions', () => {
    const queue = new BoundedQueue<number>(5_000);
    let model: number[] = [];
    for (let item = 0; item < 20_000; item += 1) {
      queue.push(item);
      model.push(item);
      if (model.length > 5_000) model.shift();
      if (item % 7 === 0) {
        queue.discard(3);
        model = model.slice(3);
      }
    }

    expect(queue.size).to.equal(model.length);
    expect(queue.peek(queue.size)).to.deep.equal(model);
  });
});
