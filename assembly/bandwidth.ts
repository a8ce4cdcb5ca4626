// The bench's bandwidth probe: reads a buffer as fast as one core can (four independent vector sums, 64
// bytes per step), so time per byte is the read bandwidth of wherever the buffer lives (cache or memory).

/** Σ of `count` floats at x (count a multiple of 16), by f32x4 lanes; the bench times it, the value only keeps the loads alive. */
export function streamSum(x: usize, count: i32): f32 {
  let s0 = f32x4.splat(0), s1 = s0, s2 = s0, s3 = s0;
  const end = x + (<usize>count << 2);
  for (let p = x; p < end; p += 64) {
    s0 = f32x4.add(s0, v128.load(p)); s1 = f32x4.add(s1, v128.load(p, 16));
    s2 = f32x4.add(s2, v128.load(p, 32)); s3 = f32x4.add(s3, v128.load(p, 48));
  }
  return f32x4.extract_lane(f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3)), 0);
}
