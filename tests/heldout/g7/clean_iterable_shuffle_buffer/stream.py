import glob
import random

import numpy as np
import torch
from torch.utils.data import IterableDataset, get_worker_info


class TokenShardStream(IterableDataset):
    """Streams fixed-length windows from .npy token shards.

    Shards are visited in a random order every pass and windows go through a
    reservoir-style shuffle buffer, so no sampler is needed on the DataLoader.
    """

    def __init__(self, pattern, seq_len=512, buffer_size=8192, seed=0):
        super().__init__()
        self.files = sorted(glob.glob(pattern))
        assert self.files, f"no shards match {pattern}"
        self.seq_len = seq_len
        self.buffer_size = buffer_size
        self.seed = seed
        self.epoch = 0

    def set_epoch(self, epoch):
        self.epoch = epoch

    def _windows(self, files, rng):
        rng.shuffle(files)
        for path in files:
            tokens = np.load(path, mmap_mode="r")
            n = (len(tokens) - 1) // self.seq_len
            order = list(range(n))
            rng.shuffle(order)
            for i in order:
                chunk = np.asarray(tokens[i * self.seq_len : (i + 1) * self.seq_len + 1], dtype=np.int64)
                yield torch.from_numpy(chunk)

    def __iter__(self):
        info = get_worker_info()
        wid, nw = (info.id, info.num_workers) if info else (0, 1)
        rng = random.Random(self.seed + 1000 * self.epoch + wid)
        files = self.files[wid::nw]
        buf = []
        for item in self._windows(list(files), rng):
            if len(buf) < self.buffer_size:
                buf.append(item)
                continue
            j = rng.randrange(len(buf))
            yield buf[j]
            buf[j] = item
        rng.shuffle(buf)
        yield from buf
