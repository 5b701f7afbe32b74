import { expect } from 'chai';

import { PROTOCOL_VERSION } from '../../worker-sdk/protocol.js';

describe('protocol', () => {
  it('is version 1', () => {
    expect(PROTOCOL_VERSION).to.equal(1);
  });
});
