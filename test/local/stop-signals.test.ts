import { EventEmitter } from 'node:events';
import { onStopSignals } from '../../local/stop-signals';

describe('onStopSignals', () => {
  function setup() {
    const target = new EventEmitter();
    let now = 1_000;
    const calls: string[] = [];
    const off = onStopSignals(
      { graceful: (s) => calls.push(`graceful ${s}`), force: (s) => calls.push(`force ${s}`) },
      { target, dedupeMs: 1000, now: () => now },
    );
    return { target, calls, off, advance: (ms: number) => (now += ms) };
  }

  it('counts the copies of one Ctrl-C (terminal, npm, tsx) arriving within the window once', () => {
    const { target, calls, advance } = setup();
    target.emit('SIGINT', 'SIGINT');
    advance(5);
    target.emit('SIGINT', 'SIGINT');
    advance(900);
    target.emit('SIGTERM', 'SIGTERM');
    expect(calls).toEqual(['graceful SIGINT']);
  });

  it('forces the exit on a signal after the window', () => {
    const { target, calls, advance } = setup();
    target.emit('SIGINT', 'SIGINT');
    advance(1500);
    target.emit('SIGINT', 'SIGINT');
    expect(calls).toEqual(['graceful SIGINT', 'force SIGINT']);
  });

  it('removes its listeners', () => {
    const { target, calls, off } = setup();
    off();
    target.emit('SIGINT', 'SIGINT');
    expect(calls).toEqual([]);
    expect(target.listenerCount('SIGINT') + target.listenerCount('SIGTERM')).toBe(0);
  });
});
