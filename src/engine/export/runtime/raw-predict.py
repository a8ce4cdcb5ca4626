def predict(features):
    """Outputs for one input vector (already preprocessed as during training)."""
    return {"outputs": forward([features])[0].tolist()}
