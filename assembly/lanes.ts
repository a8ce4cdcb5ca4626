// Elementwise math on four float32 lanes, shared by the kernels and the generated activation code
// (assembly/activations.generated.ts). No tables, no data segment: polynomials only.

/**
 * a·b + c on four lanes: one fused multiply-add where the module is built with relaxed SIMD (the
 * rounding of a fused or an unfused form is the runtime's choice, fixed per machine), else a multiply
 * then an add.
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/**
 * e^x on four lanes: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6 polynomial, 2ⁿ by building
 * the float's exponent bits. Clamped to [−87.3, 88.7] so the result stays a finite normal float.
 */
@inline export function exp4(x: v128): v128 {
  // pmin/pmax are single instructions (min/max are not, for their NaN rules); x first keeps a NaN a NaN
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.3)), f32x4.splat(88.7));
  // n = round(x·log2 e) by adding 1.5·2²³ (whose ulp is 1): the sum's low bits are n itself, so the
  // integer needs no float→int conversion (that one is a long instruction sequence in V8)
  const magic = f32x4.splat(12582912.0);
  const shifted = madd(x, f32x4.splat(1.44269504), magic);
  const n = f32x4.sub(shifted, magic);
  let r = madd(n, f32x4.splat(-0.693359375), x); // ln2 split in a part exact in float32 ...
  r = madd(n, f32x4.splat(2.12194440e-4), r); // ... and the rest
  let poly = f32x4.splat(1.9875691500e-4);
  poly = madd(poly, r, f32x4.splat(1.3981999507e-3));
  poly = madd(poly, r, f32x4.splat(8.3334519073e-3));
  poly = madd(poly, r, f32x4.splat(4.1665795894e-2));
  poly = madd(poly, r, f32x4.splat(1.6666665459e-1));
  poly = madd(poly, r, f32x4.splat(5.0000001201e-1));
  const r2 = f32x4.mul(r, r);
  const er = f32x4.add(madd(poly, r2, r), f32x4.splat(1));
  const twoN = i32x4.shl(i32x4.add(i32x4.sub(shifted, magic), i32x4.splat(127)), 23); // 2ⁿ as float bits
  return f32x4.mul(er, twoN);
}

/** σ(z) = 1/(1+e^−z) on four lanes. */
@inline export function sigmoid4(z: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(z))));
}

/** tanh(z) = sign(z)·(1 − e^−2|z|)/(1 + e^−2|z|) on four lanes (never overflows). */
@inline export function tanh4(z: v128): v128 {
  const one = f32x4.splat(1);
  const e = exp4(f32x4.mul(f32x4.abs(z), f32x4.splat(-2)));
  const t = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  const signBit = v128.and(z, f32x4.splat(-0.0));
  return v128.or(t, signBit);
}

/** One lane's worth of the same formulas, for tails. */
@inline export function scalarOf(v: v128): f32 { return f32x4.extract_lane(v, 0); }
