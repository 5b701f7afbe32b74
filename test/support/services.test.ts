import { expect } from 'chai';

import { getFreePort } from './http-client.js';
import { mariadbService, postgresService, requireService, type Service } from './services.js';

const REQUIRE = 'SUPERVISOR_TEST_REQUIRE_SERVICES';

/** Runs requireService() with a stand-in for mocha's context; returns what it printed. */
async function check(service: Service): Promise<{ skipped: boolean; printed: string[] }> {
  let skipped = false;
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  try {
    await requireService({ skip: () => void (skipped = true) } as never, service);
  } finally {
    console.log = log;
  }
  return { skipped, printed };
}

describe('requireService() (the database tests’ gate)', () => {
  const saved = process.env[REQUIRE];

  afterEach(() => {
    if (saved === undefined) delete process.env[REQUIRE];
    else process.env[REQUIRE] = saved;
  });

  for (const make of [postgresService, mariadbService]) {
    it(`skips with a line naming ${make().name}, its address and why, if unreachable`, async () => {
      delete process.env[REQUIRE];
      const service = make(await getFreePort());

      const { skipped, printed } = await check(service);

      expect(skipped).to.equal(true);
      expect(printed).to.have.length(1);
      expect(printed[0]).to.include(`skipped: ${service.name} at ${service.address}`);
      expect(printed[0]).to.include('ECONNREFUSED');
    });
  }

  it('fails instead of skipping when SUPERVISOR_TEST_REQUIRE_SERVICES=1', async () => {
    process.env[REQUIRE] = '1';
    const service = postgresService(await getFreePort());

    const error = await check(service).then(
      () => undefined,
      (failure: Error) => failure,
    );

    expect(error?.message).to.match(
      /^PostgreSQL at 127\.0\.0\.1:\d+ cannot be reached \(.*ECONNREFUSED/,
    );
    expect(error?.message).to.include('SUPERVISOR_TEST_REQUIRE_SERVICES=1 makes this a failure');
  });
});
