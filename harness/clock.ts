// Preloaded with `node --import` into the action's process by the runner when a test fixes the world's clock
// (calendars across a daylight-saving change, whatever day the tests run on). The action itself has no
// such seam: nothing a workflow sets can move its clock.
//
// It shifts Date.now() and `new Date()` by a fixed offset, so the run starts at HARNESS_NOW and its clock
// runs on at the wall clock's pace; timers are untouched.

import { HARNESS_NOW } from "./clock-name.ts";

const given = process.env[HARNESS_NOW];
if (given !== undefined && given !== "") {
  const start = Date.parse(given);
  if (Number.isNaN(start)) throw new Error(`${HARNESS_NOW} "${given}" is not a time`);
  const RealDate = Date;
  const offset = start - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
