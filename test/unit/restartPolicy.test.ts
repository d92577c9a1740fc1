import assert from 'node:assert/strict';
import { RestartPolicy } from '../../client/src/restartPolicy';

describe('language server restart policy', () => {
  it('restarts at once, then waits longer after each crash, then stops after the fifth crash in three minutes', () => {
    let now = 0;
    const policy = new RestartPolicy(4, 180_000, () => now);
    const waits = [1, 2, 3, 4, 5].map(() => {
      now += 10_000;
      return policy.afterCrash();
    });
    assert.deepEqual(waits, [0, 1000, 2000, 4000, undefined]);
  });

  it('forgets crashes older than the window, and all crashes on a manual restart', () => {
    let now = 0;
    const policy = new RestartPolicy(4, 180_000, () => now);
    for (let i = 0; i < 4; i++) policy.afterCrash();
    now += 200_000;
    assert.equal(policy.afterCrash(), 0, 'crashes long ago do not count');
    policy.afterCrash();
    policy.reset();
    assert.equal(policy.recentCrashes, 0);
    assert.equal(policy.afterCrash(), 0);
  });
});
