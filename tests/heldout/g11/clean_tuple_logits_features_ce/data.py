import glob
import os
import random
import re
from collections import defaultdict

from PIL import Image
from torch.utils.data import Dataset, Sampler
from torchvision import transforms


def build_transforms(h, w):
    norm = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    train = transforms.Compose([
        transforms.Resize((h, w)),
        transforms.RandomHorizontalFlip(),
        transforms.Pad(10),
        transforms.RandomCrop((h, w)),
        transforms.ToTensor(),
        norm,
        transforms.RandomErasing(p=0.5, value="random"),
    ])
    test = transforms.Compose([transforms.Resize((h, w)), transforms.ToTensor(), norm])
    return train, test


class ImageSet(Dataset):
    def __init__(self, items, transform, with_cam=False):
        self.items, self.transform, self.with_cam = items, transform, with_cam

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        path, pid, cam = self.items[i]
        img = self.transform(Image.open(path).convert("RGB"))
        return (img, pid, cam) if self.with_cam else (img, pid)


class Market1501:
    pattern = re.compile(r"([-\d]+)_c(\d)")

    def __init__(self, root):
        self.train = self._load(os.path.join(root, "bounding_box_train"), relabel=True)
        self.query = self._load(os.path.join(root, "query"))
        self.gallery = self._load(os.path.join(root, "bounding_box_test"))
        self.num_train_pids = len({pid for _, pid, _ in self.train})

    def _load(self, d, relabel=False):
        items = []
        for p in sorted(glob.glob(os.path.join(d, "*.jpg"))):
            pid, cam = map(int, self.pattern.search(p).groups())
            if pid != -1:
                items.append((p, pid, cam - 1))
        if relabel:
            mapping = {pid: i for i, pid in enumerate(sorted({pid for _, pid, _ in items}))}
            items = [(p, mapping[pid], c) for p, pid, c in items]
        return items

    def train_set(self, tf):
        return ImageSet(self.train, tf)

    def query_set(self, tf):
        return ImageSet(self.query, tf, with_cam=True)

    def gallery_set(self, tf):
        return ImageSet(self.gallery, tf, with_cam=True)


class RandomIdentitySampler(Sampler):
    def __init__(self, items, batch_size, num_instances):
        self.index_dic = defaultdict(list)
        for i, (_, pid, _) in enumerate(items):
            self.index_dic[pid].append(i)
        self.pids = list(self.index_dic)
        self.num_instances = num_instances
        self.pids_per_batch = batch_size // num_instances

    def __iter__(self):
        pids = self.pids[:]
        random.shuffle(pids)
        out = []
        for pid in pids:
            idxs = self.index_dic[pid]
            out.extend(random.choices(idxs, k=self.num_instances) if len(idxs) < self.num_instances
                       else random.sample(idxs, self.num_instances))
        return iter(out)

    def __len__(self):
        return len(self.pids) * self.num_instances
