import argparse
import csv
import glob
import os
import time

from predictor import Predictor


def main():
    ap = argparse.ArgumentParser(description="Run the leaf disease classifier on a folder of images")
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--images", required=True, help="folder with .jpg/.png files")
    ap.add_argument("--out", default="predictions.csv")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--topk", type=int, default=3)
    args = ap.parse_args()

    paths = sorted(
        glob.glob(os.path.join(args.images, "*.jpg")) + glob.glob(os.path.join(args.images, "*.png"))
    )
    if not paths:
        raise SystemExit(f"no images found in {args.images}")

    predictor = Predictor(args.ckpt)
    t0 = time.time()
    rows = predictor.predict_paths(paths, batch_size=args.batch_size, topk=args.topk)
    dt = time.time() - t0
    print(f"{len(rows)} images in {dt:.1f}s ({len(rows) / dt:.1f} img/s)")

    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["image", "label", "score"] + [f"alt_{k}" for k in range(1, args.topk)])
        for r in rows:
            w.writerow([os.path.basename(r["path"]), r["labels"][0], r["scores"][0]] + r["labels"][1:])
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
