import { HIDDEN_ACTIVATIONS, activationRegistry } from '../activations';
import type { ModelFile } from '../model-file';
import { OPTIMIZERS, optimizerRegistry } from '../optimizers';
import { setting } from '../settings';
import { defaultTrainSettings, type TrainSettings } from '../trainer';
import { architectureLine, preprocessingOf } from './model-summary';
import { pyJsonValue, pyStringLiteral } from './escape';
import { PREPROCESSING_RUNTIME } from './python-writer';

/**
 * A runnable PyTorch training script: the same architecture, initialization, loss, optimizer (the
 * engine's exact update rules), L1/L2 on weights, dropout, clipping, schedule, early stopping and seed;
 * it reads the CSV through the model's saved preprocessing, splits it, trains, reports test scores and
 * writes the result back as a Backprop Studio model file. Under torchrun it trains data-parallel (DDP).
 */
export function exportPyTorch(file: ModelFile): string {
  const pre = preprocessingOf(file);
  if (!pre) throw new Error('a PyTorch training script needs the model\'s preprocessing (which CSV columns, how encoded); this model file has none');
  const training = (file.training ?? defaultTrainSettings) as TrainSettings;
  const metrics = (file.metrics ?? {}) as Record<string, unknown>;
  const fraction = (key: string, fallback: number): number => (typeof metrics[key] === 'number' ? metrics[key] as number : fallback);
  const split = { validation: fraction('validationFraction', setting('data', 'validationFraction').default as number), test: fraction('testFraction', setting('data', 'testFraction').default as number) };
  const model = { format: file.format, version: file.version, spec: file.spec, preprocessing: pre, training, run: file.run ?? null, split, layers: file.layers };
  return [
    `# -*- coding: utf-8 -*-`,
    `"""Backprop Studio training script (generated). Network: ${architectureLine(file)}.`,
    ``,
    `Rebuilds the studio's model in PyTorch and trains it on a CSV with the saved preprocessing:`,
    ``,
    `    python3 this_script.py --csv ${csvName(file)} --out trained.model.json`,
    `    torchrun --nproc_per_node=4 this_script.py --csv ${csvName(file)}      # data-parallel on one or many machines`,
    ``,
    `Options: --epochs, --lr, --batch-size, --seed override the saved training settings; --from-weights`,
    `starts from the exported weights instead of a fresh initialization; --device cuda uses a GPU.`,
    `"""`,
    `import argparse`,
    `import datetime`,
    `import json`,
    `import math`,
    `import os`,
    `import re`,
    `import sys`,
    ``,
    `import numpy as np`,
    `import torch`,
    `import torch.nn as nn`,
    ``,
    `MODEL = ${pyJsonValue(model)}`,
    `PREPROCESSING = MODEL["preprocessing"]`,
    `# the run's first settings and its mid-run changes (each applied after the same number of updates as in the studio)`,
    `SETTINGS = dict(MODEL["run"]["initial"] if MODEL["run"] else MODEL["training"])`,
    `CHANGES = sorted(MODEL["run"]["changes"] if MODEL["run"] else [], key=lambda change: change["step"])`,
    `INPUT_SIZE = MODEL["spec"]["inputSize"]`,
    ...activationTablePyTorch(),
    ``,
    PREPROCESSING_RUNTIME,
    TRAINING_RUNTIME,
  ].join('\n');
}

/** The registry's hidden activations as torch modules, and which take He's gain (relu-like). */
function activationTablePyTorch(): string[] {
  const entries = HIDDEN_ACTIVATIONS.map((name) => `    ${pyStringLiteral(name)}: lambda: ${activationRegistry[name].pytorch},`);
  const reluLike = HIDDEN_ACTIVATIONS.filter((name) => activationRegistry[name].reluLike).map((name) => pyStringLiteral(name));
  return ['ACTIVATIONS = {', ...entries, '}', `RELU_LIKE = (${reluLike.join(', ')},)`];
}

/** The training file's name as a shell word for the usage line (anything unusual becomes data.csv). */
function csvName(file: ModelFile): string {
  const name = (file.data as { name?: string } | undefined)?.name ?? '';
  return /^[\w.-]{1,100}$/.test(name) ? name : 'data.csv';
}

/** One branch per registry entry; a name outside the registry stops the script rather than train otherwise. */
const OPTIMIZER_STEP = [
  'def optimizer_step(name, p, g, state, s, lr, step):',
  '    """One update of tensor p from its gradient g (state: its buffers, s: the optimizer settings, step: 1, 2, ...)."""',
  ...OPTIMIZERS.flatMap((name, i) => [
    `    ${i === 0 ? 'if' : 'elif'} name == ${pyStringLiteral(name)}:`,
    ...optimizerRegistry[name].pytorch.split('\n').map((line) => `        ${line}`),
  ]),
  '    else:',
  `        raise ValueError(f"unknown optimizer {name!r}: this script knows ${OPTIMIZERS.join(', ')}")`,
].join('\n');

const TRAINING_RUNTIME = String.raw`

def canonical_label(cell, decimal_comma, numbers=None):
    """A class label as the studio stores it: a number's JavaScript spelling ("1.0" -> "1"; "1,000" -> "1000" when the target records comma-thousands), else the trimmed text."""
    if not numbers:
        return _category_of(cell, decimal_comma)
    x = _read_number(cell, numbers)
    return _js_number_text(x) if not math.isnan(x) and not math.isinf(x) else cell.strip()


def read_csv(path):
    """Features [rows, INPUT_SIZE] and targets (class indices or standardized values); unusable rows are skipped."""
    import csv
    target = PREPROCESSING["target"]
    decimal_comma = PREPROCESSING["format"]["decimalComma"]
    classes = {name: k for k, name in enumerate(target["classes"] or [])}
    features, targets, skipped = [], [], 0
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for record in csv.DictReader(handle, delimiter=PREPROCESSING["format"]["delimiter"]):
            cell = record.get(target["name"]) or ""
            try:
                if target["classes"] is not None:
                    y = classes[canonical_label(cell, decimal_comma, target.get("numbers"))]
                else:
                    y = (_read_number(cell, target.get("numbers")) - target.get("mean", 0.0)) / target.get("std", 1.0)
                    if math.isnan(y) or math.isinf(y):  # an infinity or beyond float32 is a missing target
                        raise ValueError("missing target")
                features.append(transform(record))
                targets.append(y)
            except (KeyError, ValueError):
                skipped += 1
    if not features:
        sys.exit("%s: no usable rows (target column %r)" % (path, target["name"]))
    x = torch.tensor(np.stack(features), dtype=torch.float32)
    y = torch.tensor(targets, dtype=torch.long if target["classes"] is not None else torch.float32)
    return x, (y if target["classes"] is not None else y.reshape(-1, 1)), skipped


def split(n, labels, validation, test, seed):
    """A seeded split into train / validation / test indices, stratified by class for classification."""
    rng = np.random.default_rng(seed)
    groups = [np.arange(n)] if labels is None else [np.flatnonzero(labels == k) for k in np.unique(labels)]
    parts = ([], [], [])
    for group in groups:
        group = rng.permutation(group)
        n_test, n_val = int(round(len(group) * test)), int(round(len(group) * validation))
        parts[2].extend(group[:n_test])
        parts[1].extend(group[n_test:n_test + n_val])
        parts[0].extend(group[n_test + n_val:])
    return [torch.tensor(sorted(p), dtype=torch.long) for p in parts]


class MLP(nn.Module):
    """Linear layers with the spec's activations; inverted dropout after each hidden activation (nn.Dropout)."""

    def __init__(self, spec):
        super().__init__()
        sizes = [spec["inputSize"]] + [h["units"] for h in spec["hidden"]] + [spec["output"]["units"]]
        layers = []
        for l, hidden in enumerate(spec["hidden"]):
            layers += [nn.Linear(sizes[l], sizes[l + 1]), ACTIVATIONS[hidden["activation"]]()]
            if hidden["dropout"] > 0:
                layers.append(nn.Dropout(hidden["dropout"]))
        layers.append(nn.Linear(sizes[-2], sizes[-1]))  # logits (softmax lives in the loss) or values
        self.net = nn.Sequential(*layers)
        self.dense = [m for m in self.net if isinstance(m, nn.Linear)]

    def forward(self, x):
        return self.net(x)


def initialize(model, spec, generator):
    """Weights ~ N(0,1)*scale by the spec's init scheme (auto: He for relu-like, Xavier otherwise), biases 0."""
    activations = [h["activation"] for h in spec["hidden"]] + [spec["output"]["activation"]]
    for layer, activation in zip(model.dense, activations):
        fan_out, fan_in = layer.weight.shape
        relu_like = activation in RELU_LIKE
        scheme = spec["init"]
        if scheme == "he" or (scheme == "auto" and relu_like):
            scale = math.sqrt(2.0 / fan_in)
        elif scheme == "original":
            scale = math.sqrt((2.0 if relu_like else 1.0) / fan_in)
        else:
            scale = math.sqrt(2.0 / (fan_in + fan_out))
        with torch.no_grad():
            layer.weight.copy_(torch.randn(layer.weight.shape, generator=generator) * scale)
            layer.bias.zero_()


def load_weights(model, layers):
    """The exported weights ([fanIn][fanOut] per layer) into the Linear layers ([fanOut, fanIn])."""
    with torch.no_grad():
        for layer, saved in zip(model.dense, layers):
            layer.weight.copy_(torch.tensor(saved["weights"], dtype=torch.float32).T)
            layer.bias.copy_(torch.tensor(saved["bias"], dtype=torch.float32))


class StudioOptimizer(torch.optim.Optimizer):
    """The studio's update rules (optimizer_step), each exactly as the engine runs it."""

    def __init__(self, params, spec, lr):
        super().__init__(params, {"lr": lr})
        self.spec = spec
        self.steps = 0

    @torch.no_grad()
    def step(self, closure=None):
        self.steps += 1
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    optimizer_step(self.spec["name"], p, p.grad, self.state[p], self.spec, group["lr"], self.steps)


${OPTIMIZER_STEP}


def learning_rate(epoch, epochs):
    """The schedule at a 0-based epoch: constant; step (x gamma every stepEvery); cosine down to minLr."""
    base, schedule = SETTINGS["learningRate"], SETTINGS["schedule"]
    if schedule["name"] == "step":
        return base * schedule["gamma"] ** (epoch // max(1, schedule["stepEvery"]))
    if schedule["name"] == "cosine":
        progress = min(1.0, epoch / max(1, epochs))
        return schedule["minLr"] + 0.5 * (base - schedule["minLr"]) * (1 + math.cos(math.pi * progress))
    return base


def penalty(model):
    """l1 * sum|W| + l2 * sum W^2 over the weight matrices (never the biases)."""
    total = 0.0
    for layer in model.dense:
        if SETTINGS["l1"]:
            total = total + SETTINGS["l1"] * layer.weight.abs().sum()
        if SETTINGS["l2"]:
            total = total + SETTINGS["l2"] * (layer.weight ** 2).sum()
    return total


def clip(parameters):
    """Global-norm clipping (g *= c/||g|| when ||g|| > c) or elementwise clipping to [-c, c]."""
    mode, c = SETTINGS["clipping"]["mode"], SETTINGS["clipping"]["threshold"]
    grads = [p.grad for p in parameters if p.grad is not None]
    if mode == "norm":
        norm = torch.sqrt(sum((g.double() ** 2).sum() for g in grads))
        if norm > c:
            for g in grads:
                g.mul_(c / norm)
    elif mode == "value":
        for g in grads:
            g.clamp_(-c, c)


def class_weights(setting, labels, classes):
    """None, or one weight per class: "balanced" is n / (K·n_k) over the training labels (1 for an absent class)."""
    if setting in (None, "none"):
        return None
    if setting == "balanced":
        counts = torch.bincount(labels, minlength=classes).double()
        return torch.where(counts > 0, len(labels) / (classes * counts.clamp(min=1)), torch.ones_like(counts)).float()
    return torch.tensor([float(w) for w in setting.split(",")])


def training_loss(is_classifier, weights):
    """The engine's data loss: (1/m)·sum of w_y·CE for classes (CrossEntropyLoss(weight=w) summed, over m), else MSE."""
    if not is_classifier:
        return nn.MSELoss()
    summed = nn.CrossEntropyLoss(weight=weights, reduction="sum")
    return lambda out, target: summed(out, target) / len(target)


def evaluate(model, loss_fn, x, y):
    """Mean loss and (classification) accuracy with dropout off."""
    model.eval()
    with torch.no_grad():
        out = model(x)
        loss = float(loss_fn(out, y))
        accuracy = float((out.argmax(dim=1) == y).float().mean()) if y.dtype == torch.long else None
    model.train()
    return loss, accuracy


def r2_score(model, x, y):
    with torch.no_grad():
        model.eval()
        residual = float(((model(x) - y) ** 2).sum())
        total = float(((y - y.mean()) ** 2).sum())
    return 1 - residual / total if total > 0 else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", required=True, help="the training CSV (same columns as the studio's)")
    parser.add_argument("--epochs", type=int, default=SETTINGS["epochs"])
    parser.add_argument("--lr", type=float, default=None, help="base learning rate (default: the saved one)")
    parser.add_argument("--batch-size", type=int, default=SETTINGS["batchSize"])
    parser.add_argument("--seed", type=int, default=SETTINGS["seed"])
    parser.add_argument("--validation", type=float, default=MODEL["split"]["validation"], help="validation fraction")
    parser.add_argument("--test", type=float, default=MODEL["split"]["test"], help="test fraction")
    parser.add_argument("--from-weights", action="store_true", help="start from the exported weights")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--out", default=None, help="write the trained model as a Backprop Studio model file")
    args = parser.parse_args()
    if args.lr is not None:
        SETTINGS["learningRate"] = args.lr

    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    rank = 0
    if distributed:  # torchrun sets WORLD_SIZE, RANK, MASTER_ADDR
        torch.distributed.init_process_group("nccl" if args.device.startswith("cuda") else "gloo")
        rank = torch.distributed.get_rank()
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)

    x, y, skipped = read_csv(args.csv)
    is_classifier = y.dtype == torch.long
    train_idx, val_idx, test_idx = split(len(x), y.numpy() if is_classifier else None, args.validation, args.test, args.seed)
    x, y = x.to(args.device), y.to(args.device)
    model = MLP(MODEL["spec"])
    if args.from_weights:
        load_weights(model, MODEL["layers"])
    else:
        initialize(model, MODEL["spec"], generator)
    model.to(args.device)
    trained = torch.nn.parallel.DistributedDataParallel(model) if distributed else model
    loss_fn = nn.CrossEntropyLoss() if is_classifier else nn.MSELoss()
    weights = class_weights(SETTINGS.get("classWeights"), y[train_idx], MODEL["spec"]["output"]["units"]) if is_classifier else None
    train_loss_fn = training_loss(is_classifier, None if weights is None else weights.to(args.device))
    optimizer = StudioOptimizer(model.parameters(), SETTINGS["optimizer"], SETTINGS["learningRate"])
    best = (math.inf, 0, None)
    pending, steps, epochs = list(CHANGES), 0, args.epochs

    def apply_due(epoch):
        """The recorded changes due after the updates done so far; a new lr (or schedule) takes effect at once, as in the studio."""
        nonlocal epochs
        while pending and pending[0]["step"] <= steps:
            change = pending.pop(0)["changes"]
            SETTINGS.update(change)
            epochs = change.get("epochs", epochs)
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(epoch, epochs)

    apply_due(0)
    world = torch.distributed.get_world_size() if distributed else 1
    if rank == 0:
        print(json.dumps({"rows": len(x), "skipped": skipped, "train": len(train_idx), "validation": len(val_idx), "test": len(test_idx)}))

    epoch = 0
    while epoch < epochs:
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(epoch, epochs)
        order = train_idx[torch.randperm(len(train_idx), generator=generator)] if SETTINGS["shuffle"] else train_idx
        order = order[: len(order) - len(order) % world][rank::world]  # equal shares, so every process runs the same batches
        loss_sum = 0.0
        for start in range(0, len(order), args.batch_size):
            batch = order[start:start + args.batch_size]  # the last partial batch is kept
            optimizer.zero_grad()
            data_loss = train_loss_fn(trained(x[batch]), y[batch])
            (data_loss + penalty(model)).backward()
            clip(list(model.parameters()))
            optimizer.step()
            steps += 1
            if start + args.batch_size < len(order):  # a change after an epoch's last update waits for the epoch's end
                apply_due(epoch)
            loss_sum += float(data_loss) * len(batch)
        monitored_x, monitored_y = (x[val_idx], y[val_idx]) if len(val_idx) else (x[train_idx], y[train_idx])
        val_loss, val_accuracy = evaluate(model, loss_fn, monitored_x, monitored_y)
        if rank == 0:
            print(json.dumps({"epoch": epoch + 1, "loss": loss_sum / max(1, len(order)), "valLoss": val_loss, "valAccuracy": val_accuracy,
                              "learningRate": learning_rate(epoch, epochs)}))
        patience, min_delta = SETTINGS["earlyStopping"]["patience"], SETTINGS["earlyStopping"]["minDelta"]
        if val_loss < best[0] - min_delta:
            best = (val_loss, epoch, {k: v.clone() for k, v in model.state_dict().items()} if patience > 0 else None)
        elif patience > 0 and epoch - best[1] >= patience:
            break
        apply_due(epoch + 1)
        epoch += 1
    if best[2] is not None:
        model.load_state_dict(best[2])

    if rank == 0:
        held_out = test_idx if len(test_idx) else val_idx if len(val_idx) else train_idx
        loss, accuracy = evaluate(model, loss_fn, x[held_out], y[held_out])
        result = {"test_loss": loss, "test_accuracy": accuracy} if is_classifier else {"test_loss": loss, "test_r2": r2_score(model, x[held_out], y[held_out])}
        print(json.dumps(result))
        if args.out:
            layers = [{"weights": layer.weight.detach().cpu().T.tolist(), "bias": layer.bias.detach().cpu().tolist()} for layer in model.dense]
            saved = {"format": MODEL["format"], "version": MODEL["version"], "spec": MODEL["spec"], "layers": layers,
                     "preprocessing": PREPROCESSING, "training": SETTINGS}
            with open(args.out, "w", encoding="utf-8") as handle:
                json.dump(saved, handle)
    if distributed:
        torch.distributed.destroy_process_group()


if __name__ == "__main__":
    main()
`;
