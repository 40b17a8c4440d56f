#!/usr/bin/env python3
"""Export the official NAS-Bench-301 v1.0 XGBoost ensemble for archwalk.

Run it where the `nasbench301` package, `xgboost` and the v1.0 models are installed:

    python export_xgb.py PATH/TO/nb_models_1.0/xgb_v1.0 OUT_DIR [--genotypes 200] [--seed 0]

then `archwalk benchmark import nb301-xgb OUT_DIR --name NAME`. It writes

    OUT_DIR/member_<i>.json  every ensemble member, booster.save_model (XGBoost JSON)
    OUT_DIR/metadata.json    how NB301 builds its features and combines the members
    OUT_DIR/golden.json      random genotypes with NB301's own feature vector and every
                             member's prediction, which archwalk must reproduce to import

Everything is computed by nasbench301's own code (load_ensemble, convert_genotype_to_config,
ConfigLoader.query_config_dict, XGBModel.query), so archwalk checks itself against it.
"""
import argparse
import json
import os
import random
import sys

import numpy as np
import xgboost as xgb

import nasbench301 as nb
from nasbench301.api import fixed_hyperparameters
from nasbench301.representations import OPS, Genotype

ARCH_MARKERS = (":edge_normal_", ":edge_reduce_", ":inputs_node_normal_", ":inputs_node_reduce_")


def random_genotype(rng):
    """Uniform DARTS genotype: per node two distinct earlier inputs, an op per edge."""
    cells = []
    for _ in range(2):
        cell = []
        for j in range(4):
            a, b = rng.sample(range(j + 2), 2)
            cell += [(rng.choice(OPS), a), (rng.choice(OPS), b)]
        cells.append(cell)
    return Genotype(normal=cells[0], normal_concat=[2, 3, 4, 5], reduce=cells[1], reduce_concat=[2, 3, 4, 5])


def genotype_text(g):
    cell = lambda c: "[" + ", ".join("('%s', %d)" % (op, i) for op, i in c) + "]"
    return "Genotype(normal=%s, normal_concat=[2, 3, 4, 5], reduce=%s, reduce_concat=[2, 3, 4, 5])" % (cell(g.normal), cell(g.reduce))


def describe(hp):
    spec = {"name": hp.name, "type": type(hp).__name__.replace("Hyperparameter", "").lower()}
    if hasattr(hp, "choices"):
        spec["type"] = "categorical"
        spec["choices"] = [str(c) for c in hp.choices]
    return spec


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", help="the xgb_v1.0 ensemble directory (holds surrogate_model.model files)")
    parser.add_argument("out_dir")
    parser.add_argument("--genotypes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    api = nb.load_ensemble(args.model_dir)
    members = api.model.ensemble_members
    if api.model.model_config.get("model") != "xgb":
        sys.exit("%s holds a %r ensemble, not the XGBoost one" % (args.model_dir, api.model.model_config.get("model")))
    loader = members[0].config_loader
    names = loader.config_space.get_hyperparameter_names()
    os.makedirs(args.out_dir, exist_ok=True)

    files = []
    for i, member in enumerate(members):
        files.append("member_%d.json" % i)
        member.model.save_model(os.path.join(args.out_dir, files[-1]))

    rng = random.Random(args.seed)
    golden, vectors = [], []
    for _ in range(args.genotypes):
        g = random_genotype(rng)
        config = {**fixed_hyperparameters, **api.convert_representation(g, "genotype")}
        x = loader.query_config_dict(dict(config)).get_array().reshape(1, -1)
        x[np.isnan(x)] = -1  # as XGBModel.query does
        preds = [float(np.asarray(m.query(dict(config))).ravel()[0]) for m in members]
        direct = [float(m.model.predict(xgb.DMatrix(x))[0]) for m in members]
        assert np.allclose(preds, direct, rtol=0, atol=1e-6), "member.query and Booster.predict disagree"
        golden.append({"genotype": genotype_text(g), "features": [float(v) for v in x[0]], "predictions": preds})
        vectors.append(x[0])

    # The training hyperparameters are fixed, so their vector values are the same for every genotype.
    vectors = np.array(vectors)
    arch = [any(mk in n for mk in ARCH_MARKERS) for n in names]
    for j, is_arch in enumerate(arch):
        if not is_arch and not np.all(vectors[:, j] == vectors[0, j]):
            sys.exit("feature %s varies between genotypes although it is not an architecture parameter" % names[j])

    metadata = {
        "format": "nb301-xgb-export",
        "version": 1,
        "members": files,
        "features": [describe(loader.config_space.get_hyperparameter(n)) for n in names],
        "fixedVector": [None if is_arch else float(vectors[0, j]) for j, is_arch in enumerate(arch)],
        "inactiveValue": -1,
        "combine": {"mean": "mean", "noise": "normal-population-std"},
        "target": "val_accuracy_percent",
        "versions": {"xgboost": xgb.__version__, "numpy": np.__version__, "nasbench301": getattr(nb, "__version__", "unknown")},
        "boosterAttributes": [m.model.attributes() for m in members],
    }
    with open(os.path.join(args.out_dir, "metadata.json"), "w") as f:
        json.dump(metadata, f, indent=1)
    with open(os.path.join(args.out_dir, "golden.json"), "w") as f:
        json.dump({"seed": args.seed, "genotypes": golden}, f)
    print("wrote %d members, %d features and %d golden genotypes to %s" % (len(files), len(names), len(golden), args.out_dir))


if __name__ == "__main__":
    main()
