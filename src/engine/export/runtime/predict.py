def predict(row):
    """Classification: {"label", "probabilities": {class: p}}; regression: {"value"} in the target's units."""
    outputs = forward([transform(row)])[0]
    target = PREPROCESSING["target"]
    if target["classes"] is None:
        return {"value": float(outputs[0]) * target.get("std", 1.0) + target.get("mean", 0.0)}
    best = int(np.argmax(outputs))
    return {"label": target["classes"][best], "probabilities": {name: float(p) for name, p in zip(target["classes"], outputs)}}


if __name__ == "__main__":
    import csv
    import sys

    # python3 this_file.py rows.csv: one prediction per row as JSON lines
    with open(sys.argv[1], newline="", encoding="utf-8-sig") as handle:
        for record in csv.DictReader(handle, delimiter=PREPROCESSING["format"]["delimiter"]):
            print(json.dumps(predict(record)))
