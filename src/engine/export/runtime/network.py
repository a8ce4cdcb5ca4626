# ACTIVATIONS BEGIN: the writer puts the registry's table (src/engine/activations.ts) here
_FUNCTIONS = {"linear": lambda z: z}
# ACTIVATIONS END


def _softmax(z):
    """Each row shifted by its own max; exp stored as float32, summed in order in float64 (as the engine does)."""
    shifted = np.exp(z.astype(np.float64) - z.max(axis=1, keepdims=True))
    total = shifted[:, 0].copy()
    for j in range(1, shifted.shape[1]):
        total += shifted[:, j]
    return (shifted.astype(np.float32).astype(np.float64) / total[:, None]).astype(np.float32)


def _dense(a, weights, bias):
    """z = a.W + b accumulated input by input into float32, each product in float64 (the engine's order)."""
    z = np.repeat(bias[None, :], a.shape[0], axis=0)
    wide = weights.astype(np.float64)
    for p in range(weights.shape[0]):
        z = (z.astype(np.float64) + a[:, p:p + 1].astype(np.float64) * wide[p]).astype(np.float32)
    return z


def forward(features):
    """Network outputs for input rows [rows, INPUT_SIZE]: class probabilities (softmax) or values (linear)."""
    a = np.atleast_2d(np.asarray(features, dtype=np.float32))
    if a.shape[1] != INPUT_SIZE:
        raise ValueError("expected %d inputs per row, got %d" % (INPUT_SIZE, a.shape[1]))
    for (weights, bias), activation in zip(LAYERS, ACTIVATIONS):
        z = _dense(a, weights, bias)
        a = _softmax(z) if activation == "softmax" else _FUNCTIONS[activation](z.astype(np.float64)).astype(np.float32)
    return a
