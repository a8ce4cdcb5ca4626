// The last n mod 4 columns of a matmul as vector lanes: each row of B's few remaining columns is read as
// one f32x4 (reading up to three floats past them, inside the memory) and only the valid lanes are stored.
// Each lane multiplies then adds, as the scalar tails and the packed edge tiles do, so every path gives
// these columns the same bits (a row alone or in a batch, packed or not, fused build or not).

/** c + a·b with two roundings (a multiply, then an add), on four lanes. */
@inline function mulAdd(a: v128, b: v128, c: v128): v128 {
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * gemm's last r = n − j < 4 columns, four rows at a time: row p of B's r columns is read as one f32x4
 * (lanes r… are never stored). Returns n, or j when that read would pass the end of the memory.
 */
export function narrowColumns(a: usize, ai: usize, ap: usize, b: usize, bp: usize, bias: usize, c: usize, ci: usize,
  m4: i32, k: i32, n: i32, j: i32): i32 {
  const r = n - j;
  const bj = b + (<usize>j << 2);
  if (!columnsReadable(bj, bp, k)) return j;
  const init = biasLanes(bias, j, r);
  const ai2 = ai + ai, ai3 = ai2 + ai;
  for (let i = 0; i < m4; i += 4) {
    let c0 = init, c1 = init, c2 = init, c3 = init;
    let pa = a + <usize>i * ai, pb = bj;
    for (let p = 0; p < k; p++) {
      const w = v128.load(pb);
      c0 = mulAdd(v128.load32_splat(pa), w, c0);
      c1 = mulAdd(v128.load32_splat(pa + ai), w, c1);
      c2 = mulAdd(v128.load32_splat(pa + ai2), w, c2);
      c3 = mulAdd(v128.load32_splat(pa + ai3), w, c3);
      pa += ap; pb += bp;
    }
    const pc = c + <usize>i * ci + (<usize>j << 2);
    storeLanes(pc, c0, r); storeLanes(pc + ci, c1, r); storeLanes(pc + 2 * ci, c2, r); storeLanes(pc + 3 * ci, c3, r);
  }
  return n;
}

/** gemmRow's last r < 4 columns (from column j), summed as narrowColumns sums them: bias, then p = 0, 1, …. */
export function rowTail(a: usize, ap: usize, bj: usize, bp: usize, bias: usize, c: usize, k: i32, j: i32, r: i32): void {
  let sum = biasLanes(bias, j, r);
  let pa = a, pb = bj;
  for (let p = 0; p < k; p++) { sum = mulAdd(v128.load32_splat(pa), v128.load(pb), sum); pa += ap; pb += bp; }
  storeLanes(c + (<usize>j << 2), sum, r);
}

/** Whether the f32x4 at bj + p·bp lies inside the memory for every p < k (narrow columns read past B's row). */
@inline export function columnsReadable(bj: usize, bp: usize, k: i32): bool {
  return k >= 1 && bj + <usize>(k - 1) * bp + 16 <= (<usize>memory.size() << 16);
}

/** bias[j … j+r) in the first r lanes (0 without a bias). */
@inline function biasLanes(bias: usize, j: i32, r: i32): v128 {
  let init = f32x4.splat(0);
  if (!bias) return init;
  const bb = bias + (<usize>j << 2);
  init = f32x4.replace_lane(init, 0, load<f32>(bb));
  if (r > 1) init = f32x4.replace_lane(init, 1, load<f32>(bb, 4));
  if (r > 2) init = f32x4.replace_lane(init, 2, load<f32>(bb, 8));
  return init;
}

/** The first r (1 to 3) lanes of v to p, p + 4, p + 8. */
@inline function storeLanes(p: usize, v: v128, r: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (r > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (r > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}
