// Whole-vector kernels: reductions (norms, penalties), scaling, and the optimizers' elementwise updates.
// Same memory conventions as kernels.ts (float32 buffers in the host's memory, byte addresses, counts);
// the entry file re-exports everything here.

// ---------------------------------------------------------------------------------- vector reductions

/** Σ x[i]² accumulated in float64. */
export function sumSquares(x: usize, count: i32): f64 {
  return squares(x, 0, count, false);
}

/** x += y, and Σ of the sums' squares in float64: a batch's two halves' gradients added and the sum's squared norm taken in one pass. */
export function addSquares(x: usize, y: usize, count: i32): f64 {
  return squares(x, y, count, true);
}

/**
 * Σ x[i]² in float64 (with `add`, after x[i] += y[i]; inlined with a constant `add`, so each export has its
 * own loop): eight float64 chains, sixteen floats a pass. The squares of floats are exact in float64, so a
 * fused multiply-add rounds as the multiply then add would (once, in the add), in half the instructions.
 */
@inline function squares(x: usize, y: usize, count: i32, add: bool): f64 {
  let s0 = f64x2.splat(0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
  let i = 0;
  for (; i + 16 <= count; i += 16) {
    const p = x + (<usize>i << 2), q = y + (<usize>i << 2);
    let u = v128.load(p), v = v128.load(p, 16), w = v128.load(p, 32), z = v128.load(p, 48);
    if (add) {
      u = f32x4.add(u, v128.load(q)); v = f32x4.add(v, v128.load(q, 16)); w = f32x4.add(w, v128.load(q, 32)); z = f32x4.add(z, v128.load(q, 48));
      v128.store(p, u); v128.store(p, v, 16); v128.store(p, w, 32); v128.store(p, z, 48);
    }
    const u0 = f64x2.promote_low_f32x4(u), u1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(u, u, 2, 3, 0, 1));
    const v0 = f64x2.promote_low_f32x4(v), v1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    const w0 = f64x2.promote_low_f32x4(w), w1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(w, w, 2, 3, 0, 1));
    const z0 = f64x2.promote_low_f32x4(z), z1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(z, z, 2, 3, 0, 1));
    s0 = madd64(u0, u0, s0); s1 = madd64(u1, u1, s1); s2 = madd64(v0, v0, s2); s3 = madd64(v1, v1, s3);
    s4 = madd64(w0, w0, s4); s5 = madd64(w1, w1, s5); s6 = madd64(z0, z0, s6); s7 = madd64(z1, z1, s7);
  }
  const all = f64x2.add(f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3)), f64x2.add(f64x2.add(s4, s5), f64x2.add(s6, s7)));
  let sum = f64x2.extract_lane(all, 0) + f64x2.extract_lane(all, 1);
  for (; i < count; i++) {
    const off = <usize>i << 2;
    let value = load<f32>(x + off);
    if (add) { value += load<f32>(y + off); store<f32>(x + off, value); }
    const v = <f64>value;
    sum += v * v;
  }
  return sum;
}

/** a·b + c on two float64 lanes: fused where the module has relaxed SIMD, else a multiply then an add. */
@inline function madd64(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

/**
 * L1/L2 on one weight matrix in one pass: dW += λ1·sign(W) + 2λ2·W, and returns λ1·Σ|W| + λ2·ΣW² with
 * both sums accumulated in float64.
 */
export function penalize(w: usize, dw: usize, count: i32, l1: f64, l2: f64): f64 {
  const l1f = <f32>l1, twoL2f = <f32>(2 * l2);
  const a1 = f32x4.splat(l1f), a2 = f32x4.splat(twoL2f), zero = f32x4.splat(0), one = f32x4.splat(1), minusOne = f32x4.splat(-1);
  let abs0 = f64x2.splat(0), abs1 = abs0, sq0 = abs0, sq1 = abs0;
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const off = <usize>i << 2;
    const x = v128.load(w + off);
    const sign = v128.bitselect(one, v128.bitselect(minusOne, zero, f32x4.lt(x, zero)), f32x4.gt(x, zero));
    v128.store(dw + off, f32x4.add(v128.load(dw + off), f32x4.add(f32x4.mul(a1, sign), f32x4.mul(a2, x))));
    const lo = f64x2.promote_low_f32x4(x), hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1));
    abs0 = f64x2.add(abs0, f64x2.abs(lo)); abs1 = f64x2.add(abs1, f64x2.abs(hi));
    sq0 = f64x2.add(sq0, f64x2.mul(lo, lo)); sq1 = f64x2.add(sq1, f64x2.mul(hi, hi));
  }
  const absBoth = f64x2.add(abs0, abs1), sqBoth = f64x2.add(sq0, sq1);
  let abs = f64x2.extract_lane(absBoth, 0) + f64x2.extract_lane(absBoth, 1);
  let sq = f64x2.extract_lane(sqBoth, 0) + f64x2.extract_lane(sqBoth, 1);
  for (; i < count; i++) {
    const off = <usize>i << 2;
    const x = load<f32>(w + off);
    const sign: f32 = x > 0 ? 1 : x < 0 ? -1 : 0;
    store<f32>(dw + off, load<f32>(dw + off) + (l1f * sign + twoL2f * x));
    abs += Math.abs(<f64>x); sq += <f64>x * <f64>x;
  }
  return l1 * abs + l2 * sq;
}

/** x[i] *= s. */
export function scale(x: usize, count: i32, s: f32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const off = <usize>i << 2;
    v128.store(x + off, f32x4.mul(v128.load(x + off), sv));
  }
  for (; i < count; i++) { const off = <usize>i << 2; store<f32>(x + off, load<f32>(x + off) * s); }
}

// ---------------------------------------------------------------------------------------- optimizers

/** SGD: W −= lr·g. */
export function sgd(params: usize, grads: usize, count: i32, lr: f32): void {
  const rate = f32x4.splat(lr);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const off = <usize>i << 2;
    v128.store(params + off, f32x4.sub(v128.load(params + off), f32x4.mul(rate, v128.load(grads + off))));
  }
  for (; i < count; i++) {
    const off = <usize>i << 2;
    store<f32>(params + off, load<f32>(params + off) - lr * load<f32>(grads + off));
  }
}

/** Classic momentum: v = μv − lr·g, W += v. */
export function momentumClassic(params: usize, grads: usize, velocity: usize, count: i32, mu: f32, lr: f32): void {
  const muv = f32x4.splat(mu), rate = f32x4.splat(lr);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const off = <usize>i << 2;
    const v = f32x4.sub(f32x4.mul(muv, v128.load(velocity + off)), f32x4.mul(rate, v128.load(grads + off)));
    v128.store(velocity + off, v);
    v128.store(params + off, f32x4.add(v128.load(params + off), v));
  }
  for (; i < count; i++) {
    const off = <usize>i << 2;
    const v = mu * load<f32>(velocity + off) - lr * load<f32>(grads + off);
    store<f32>(velocity + off, v);
    store<f32>(params + off, load<f32>(params + off) + v);
  }
}

/** The origin's momentum: v = βv + (1−β)g, W −= lr·v. */
export function momentumEma(params: usize, grads: usize, velocity: usize, count: i32, beta: f32, lr: f32): void {
  const bv = f32x4.splat(beta), rest = f32x4.splat(1 - beta), rate = f32x4.splat(lr);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const off = <usize>i << 2;
    const v = f32x4.add(f32x4.mul(bv, v128.load(velocity + off)), f32x4.mul(rest, v128.load(grads + off)));
    v128.store(velocity + off, v);
    v128.store(params + off, f32x4.sub(v128.load(params + off), f32x4.mul(rate, v)));
  }
  for (; i < count; i++) {
    const off = <usize>i << 2;
    const v = beta * load<f32>(velocity + off) + (1 - beta) * load<f32>(grads + off);
    store<f32>(velocity + off, v);
    store<f32>(params + off, load<f32>(params + off) - lr * v);
  }
}

/** Adam: m = β1m + (1−β1)g, v = β2v + (1−β2)g², W −= lr·(m·c1)/(√(v·c2) + ε), c = bias corrections. */
export function adam(params: usize, grads: usize, m1: usize, m2: usize, count: i32,
  lr: f32, beta1: f32, beta2: f32, epsilon: f32, c1: f32, c2: f32): void {
  adamStep(params, grads, m1, m2, count, lr, beta1, beta2, epsilon, c1, c2, 1);
}

/** AdamW (torch.optim.AdamW): decoupled weight decay W ← W·(1 − lr·λ), then the adam step. */
export function adamw(params: usize, grads: usize, m1: usize, m2: usize, count: i32,
  lr: f32, beta1: f32, beta2: f32, epsilon: f32, c1: f32, c2: f32, weightDecay: f32): void {
  adamStep(params, grads, m1, m2, count, lr, beta1, beta2, epsilon, c1, c2, 1 - lr * weightDecay);
}

/** RMSprop (torch.optim.RMSprop, no momentum, not centred): v = ρv + (1−ρ)g², W −= lr·g/(√v + ε). */
export function rmsprop(params: usize, grads: usize, sq: usize, count: i32, lr: f32, rho: f32, epsilon: f32): void {
  const r = f32x4.splat(rho), rest = f32x4.splat(1 - rho), rate = f32x4.splat(lr), eps = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const off = <usize>i << 2;
    const g = v128.load(grads + off);
    const v = f32x4.add(f32x4.mul(r, v128.load(sq + off)), f32x4.mul(rest, f32x4.mul(g, g)));
    v128.store(sq + off, v);
    const delta = f32x4.div(f32x4.mul(rate, g), f32x4.add(f32x4.sqrt(v), eps));
    v128.store(params + off, f32x4.sub(v128.load(params + off), delta));
  }
  for (; i < count; i++) {
    const off = <usize>i << 2;
    const g = load<f32>(grads + off);
    const v = rho * load<f32>(sq + off) + (1 - rho) * g * g;
    store<f32>(sq + off, v);
    store<f32>(params + off, load<f32>(params + off) - (lr * g) / (Mathf.sqrt(v) + epsilon));
  }
}

/** W ← W·keep − lr·(m·c1)/(√(v·c2) + ε) in one pass: adam (keep = 1, exact) and adamw (keep = 1 − lr·λ, rounded as two steps). */
@inline function adamStep(params: usize, grads: usize, m1: usize, m2: usize, count: i32,
  lr: f32, beta1: f32, beta2: f32, epsilon: f32, c1: f32, c2: f32, keep: f32): void {
  const b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2), r1 = f32x4.splat(1 - beta1), r2 = f32x4.splat(1 - beta2);
  const step = f32x4.splat(lr * c1), cv = f32x4.splat(c2), eps = f32x4.splat(epsilon), kept = f32x4.splat(keep);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const off = <usize>i << 2;
    const g = v128.load(grads + off);
    const m = f32x4.add(f32x4.mul(b1, v128.load(m1 + off)), f32x4.mul(r1, g));
    const v = f32x4.add(f32x4.mul(b2, v128.load(m2 + off)), f32x4.mul(r2, f32x4.mul(g, g)));
    v128.store(m1 + off, m);
    v128.store(m2 + off, v);
    const delta = f32x4.div(f32x4.mul(step, m), f32x4.add(f32x4.sqrt(f32x4.mul(v, cv)), eps));
    v128.store(params + off, f32x4.sub(f32x4.mul(v128.load(params + off), kept), delta));
  }
  for (; i < count; i++) {
    const off = <usize>i << 2;
    const g = load<f32>(grads + off);
    const m = beta1 * load<f32>(m1 + off) + (1 - beta1) * g;
    const v = beta2 * load<f32>(m2 + off) + (1 - beta2) * g * g;
    store<f32>(m1 + off, m);
    store<f32>(m2 + off, v);
    store<f32>(params + off, load<f32>(params + off) * keep - (lr * c1 * m) / (Mathf.sqrt(v * c2) + epsilon));
  }
}

