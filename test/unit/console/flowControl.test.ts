import { describe, expect, it } from 'vitest';
import {
  ACK_BATCH,
  FlowController,
  HIGH_WATERMARK,
  LOW_WATERMARK,
} from '../../../src/main/console';

function make(high?: number, low?: number) {
  const calls: string[] = [];
  const flow = new FlowController({
    high,
    low,
    onPause: () => calls.push('pause'),
    onResume: () => calls.push('resume'),
  });
  return { flow, calls };
}

describe('FlowController', () => {
  it('defaults to xterm.js guide watermarks', () => {
    expect(HIGH_WATERMARK).toBe(256 * 1024);
    expect(LOW_WATERMARK).toBe(32 * 1024);
    expect(ACK_BATCH).toBe(32 * 1024);
    const { flow } = make();
    expect([flow.high, flow.low]).toEqual([HIGH_WATERMARK, LOW_WATERMARK]);
  });

  it('pauses once above the high watermark and resumes once below the low one', () => {
    const { flow, calls } = make(100, 20);
    flow.sent(100);
    expect(calls).toEqual([]);
    flow.sent(1);
    expect(calls).toEqual(['pause']);
    flow.sent(50);
    expect(calls).toEqual(['pause']);
    expect(flow.paused).toBe(true);
    flow.ack(100);
    expect(flow.unacked).toBe(51);
    expect(calls).toEqual(['pause']);
    flow.ack(32);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.paused).toBe(false);
    flow.ack(19);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('clamps acks beyond what was sent and ignores garbage', () => {
    const { flow, calls } = make(100, 20);
    flow.sent(150);
    for (const bad of [-5, 0, 1.5, Number.NaN, Infinity, -Infinity, 2 ** 60]) flow.ack(bad);
    expect(flow.unacked).toBe(150);
    expect(calls).toEqual(['pause']);
    flow.ack(1e9);
    expect(flow.unacked).toBe(0);
    expect(calls).toEqual(['pause', 'resume']);
    flow.ack(1e9);
    expect(flow.unacked).toBe(0);
    flow.sent(-3);
    flow.sent(Number.NaN);
    expect(flow.unacked).toBe(0);
    flow.sent(101);
    expect(calls).toEqual(['pause', 'resume', 'pause']);
  });

  it('reset forgets what is in flight and resumes a paused source', () => {
    const { flow, calls } = make(100, 20);
    flow.sent(500);
    flow.reset();
    expect(flow.unacked).toBe(0);
    expect(calls).toEqual(['pause', 'resume']);
    flow.reset();
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('rejects nonsensical watermarks', () => {
    expect(() => make(10, 10)).toThrow(RangeError);
    expect(() => make(0, 0)).toThrow(RangeError);
    expect(() => make(10, -1)).toThrow(RangeError);
  });
});
