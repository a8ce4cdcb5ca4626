#!/usr/bin/env python3
"""scikit-learn's MLP with its defaults beside ours: writes the datasets and the seeded splits, then scores sklearn.

  python3 bench/defaults/sklearn_mlp.py prepare   # .cache/<name>.csv and .cache/<name>.s<seed>.{train,test}.csv
  python3 bench/defaults/sklearn_mlp.py run       # .cache/results-sklearn.json

MLPClassifier / MLPRegressor(hidden_layer_sizes=(128, 64, 32)), every other argument its default; the
features go through mean imputation + standard scaling (numbers) and most-frequent imputation + one-hot
(text), fitted on the training rows only. The same train/test files are what bench/defaults/ours.ts reads.
"""
import csv, json, os, sys, warnings
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(HERE, '.cache')


def config():
    with open(os.path.join(HERE, 'datasets.json')) as f:
        return json.load(f)


def load_source(entry):
    """(header, rows as lists of strings) with the target last."""
    source = entry['source']
    if source.startswith('sklearn:'):
        from sklearn import datasets
        bunch = getattr(datasets, source.split(':')[1])()
        names = [str(n).replace(' ', '_') for n in bunch.feature_names]
        if entry['task'] == 'classification':
            labels = [str(bunch.target_names[k]) if hasattr(bunch, 'target_names') else f'c{k}' for k in bunch.target]
        else:
            labels = [repr(float(y)) for y in bunch.target]
        rows = [[repr(float(v)) for v in x] + [y] for x, y in zip(bunch.data, labels)]
        return names + ['target'], rows
    with open(os.path.join(HERE, source), newline='') as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader]
    t = header.index(entry['target'])
    rows = [r for r in rows if r[t].strip() != '']  # rows without a target cannot be scored
    if 'maxRows' in entry:
        rows = rows[:entry['maxRows']]
    order = [i for i in range(len(header)) if i != t] + [t]
    return [header[i] for i in order], [[r[i] for i in order] for r in rows]


def write_csv(path, header, rows):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def prepare():
    from sklearn.model_selection import train_test_split
    os.makedirs(CACHE, exist_ok=True)
    cfg = config()
    for entry in cfg['datasets']:
        header, rows = load_source(entry)
        write_csv(os.path.join(CACHE, entry['name'] + '.csv'), header, rows)
        labels = [r[-1] for r in rows] if entry['task'] == 'classification' else None
        for seed in cfg['seeds']:
            train, test = train_test_split(rows, test_size=cfg['testFraction'], random_state=seed, stratify=labels)
            write_csv(os.path.join(CACHE, f"{entry['name']}.s{seed}.train.csv"), header, train)
            write_csv(os.path.join(CACHE, f"{entry['name']}.s{seed}.test.csv"), header, test)
        print(f"{entry['name']}: {len(rows)} rows, {len(header) - 1} columns", file=sys.stderr)


def read_split(path):
    with open(path, newline='') as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    return header, rows


def is_number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


def features(train_rows, test_rows):
    """Mean-imputed, standardized numbers and most-frequent-imputed one-hot text, fitted on train."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    n = len(train_rows[0]) - 1
    text = [j for j in range(n) if any(r[j] != '' and not is_number(r[j]) for r in train_rows)]
    numeric = [j for j in range(n) if j not in text]

    def matrix(rows):
        cols = []
        for j in range(n):
            if j in text:
                cols.append(np.array([r[j] if r[j] != '' else None for r in rows], dtype=object))
            else:
                cols.append(np.array([float(r[j]) if r[j] != '' else np.nan for r in rows], dtype=object))
        return np.stack(cols, axis=1)

    parts = [('num', make_pipeline(SimpleImputer(strategy='mean'), StandardScaler()), numeric)]
    if text:
        parts.append(('text', make_pipeline(SimpleImputer(strategy='most_frequent', missing_values=None),
                                            OneHotEncoder(handle_unknown='ignore')), text))
    transform = ColumnTransformer(parts, sparse_threshold=0)
    return transform.fit_transform(matrix(train_rows)).astype(float), transform.transform(matrix(test_rows)).astype(float)


def run():
    from sklearn.metrics import accuracy_score, r2_score
    from sklearn.neural_network import MLPClassifier, MLPRegressor
    from sklearn.exceptions import ConvergenceWarning
    warnings.filterwarnings('ignore', category=ConvergenceWarning)
    cfg = config()
    only = sys.argv[2:]
    results = {}
    for entry in cfg['datasets']:
        if only and entry['name'] not in only:
            continue
        scores = []
        for seed in cfg['seeds']:
            _, train = read_split(os.path.join(CACHE, f"{entry['name']}.s{seed}.train.csv"))
            _, test = read_split(os.path.join(CACHE, f"{entry['name']}.s{seed}.test.csv"))
            x_train, x_test = features(train, test)
            if entry['task'] == 'classification':
                model = MLPClassifier(hidden_layer_sizes=(128, 64, 32), random_state=seed)
                model.fit(x_train, [r[-1] for r in train])
                scores.append(accuracy_score([r[-1] for r in test], model.predict(x_test)))
            else:
                model = MLPRegressor(hidden_layer_sizes=(128, 64, 32), random_state=seed)
                model.fit(x_train, [float(r[-1]) for r in train])
                scores.append(r2_score([float(r[-1]) for r in test], model.predict(x_test)))
        results[entry['name']] = {'metric': 'accuracy' if entry['task'] == 'classification' else 'r2', 'scores': scores}
        print(f"{entry['name']}: mean {np.mean(scores):.4f} worst {np.min(scores):.4f}", file=sys.stderr)
    path = os.path.join(CACHE, 'results-sklearn.json')
    merged = {}
    if only and os.path.exists(path):
        with open(path) as f:
            merged = json.load(f)
    merged.update(results)
    with open(path, 'w') as f:
        json.dump(merged, f, indent=1)


if __name__ == '__main__':
    {'prepare': prepare, 'run': run}[sys.argv[1] if len(sys.argv) > 1 else 'run']()
