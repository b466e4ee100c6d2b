from tests.marked import assert_marked, snippet_tests


def _fundus(returned: str) -> str:
    """A Dataset that loads images through PIL and ImageOps steps in a helper method, and whose
    `__getitem__` returns `returned` made from the array `img`."""
    return _FUNDUS.format(returned=returned)


_FUNDUS = """
        import numpy as np
        import torch
        from PIL import Image, ImageOps
        from torch.utils.data import DataLoader, Dataset

        class Fundus(Dataset):
            def __init__(self, files, size=256):
                self.files, self.size = files, size

            def __len__(self):
                return len(self.files)

            def _load(self, i):
                img = Image.open(self.files[i]).convert("RGB")
                img = ImageOps.fit(img, (self.size, self.size))
                return ImageOps.mirror(img).rotate(15)

            def __getitem__(self, i):
                img = np.asarray(self._load(i))
                return {returned}

        for images in DataLoader(Fundus(files), batch_size=16, shuffle=True):
            logits = model(images)
"""


FLAGGED = {
    "pil_to_tensor_only": """
        import torchvision.transforms as T

        transform = T.Compose([T.Resize(32), T.PILToTensor()])  # <- TL013
    """,
    "v2_to_image_only": """
        from torchvision.transforms import v2

        train_transform = v2.Compose([v2.RandomResizedCrop(224), v2.ToImage()])  # <- TL013
    """,
    "v2_to_dtype_without_scale": """
        import torch
        from torchvision.transforms import v2

        transform = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32)])  # <- TL013
    """,
    "v2_to_dtype_scale_false": """
        import torch
        from torchvision.transforms import v2

        transform = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=False), v2.RandomHorizontalFlip()])  # <- TL013
    """,
    "dataset_argument": """
        import torchvision
        from torchvision import transforms

        train_set = torchvision.datasets.CIFAR10("data", train=True, transform=transforms.Compose([transforms.RandomCrop(32, padding=4), transforms.PILToTensor()]))  # <- TL013
    """,
    "aliased_compose": """
        from torchvision.transforms import Compose, PILToTensor, Resize

        pipeline = Compose([Resize(64), PILToTensor()])  # <- TL013
    """,
    "inside_a_function": """
        from torchvision.transforms import v2

        def make_transform(size):
            return v2.Compose([v2.Resize(size), v2.CenterCrop(size), v2.ToImage()])  # <- TL013
    """,
    "tuple_of_steps": """
        import torchvision.transforms as T

        tf = T.Compose((T.Grayscale(), T.PILToTensor()))  # <- TL013
    """,
    "dataset_data_cast_to_float": """
        import torch
        from torch.utils.data import DataLoader, TensorDataset
        from torchvision import datasets

        train_set = datasets.MNIST("data", train=True, download=True)
        X = train_set.data.float().view(-1, 784)  # <- TL013
        for xb, yb in DataLoader(TensorDataset(X, train_set.targets), batch_size=64, shuffle=True):
            loss = criterion(model(xb), yb)
    """,
    "decoded_image_cast_in_a_dataset": """
        import torch
        from torch.utils.data import DataLoader, Dataset
        from torchvision.io import read_image

        class Photos(Dataset):
            def __init__(self, paths):
                self.paths = paths

            def __len__(self):
                return len(self.paths)

            def __getitem__(self, i):
                return read_image(self.paths[i]).to(torch.float32)  # <- TL013

        for images in DataLoader(Photos(paths), batch_size=16, shuffle=True):
            out = model(images)
    """,
    "pil_arrays_stacked_and_cast": """
        import numpy as np
        import torch
        from PIL import Image

        images = np.stack([np.array(Image.open(p).convert("RGB")) for p in paths])
        batch = torch.from_numpy(images).permute(0, 3, 1, 2).float()  # <- TL013
        logits = model(batch)
    """,
    "augmenting_helper_flips_and_rotates_before_the_cast": """
        import cv2
        import numpy as np
        import torch
        from torch.utils.data import DataLoader, Dataset

        class Scans(Dataset):
            def __init__(self, files):
                self.files = files

            def __len__(self):
                return len(self.files)

            def _jitter(self, arr):
                if np.random.rand() < 0.5:
                    arr = arr[::-1, :]
                arr = np.rot90(arr, np.random.randint(4))
                return np.ascontiguousarray(arr)

            def __getitem__(self, k):
                arr = cv2.resize(cv2.imread(self.files[k]), (128, 128))
                arr = self._jitter(arr)
                return torch.from_numpy(arr.transpose(2, 0, 1)).float()  # <- TL013

        for scans in DataLoader(Scans(files), batch_size=8, shuffle=True):
            scores = net(scans)
    """,
    "float_pixels_moved_with_a_dtype_are_reported_where_made": """
        import numpy as np
        import torch
        from PIL import Image

        frames = np.stack([np.array(Image.open(p), dtype=np.float32) for p in paths])  # <- TL013
        batch = torch.from_numpy(frames).permute(0, 3, 1, 2)
        logits = model(batch.to("cuda", dtype=torch.float32))
    """,
    "pil_image_ops_in_a_loading_method": _fundus(
        "torch.from_numpy(img.copy()).permute(2, 0, 1).float()  # <- TL013"
    ),
    "crop_helper_keeps_the_pixels": """
        import random

        import cv2
        import torch
        from torch.utils.data import DataLoader, Dataset

        def random_crop(image, size):
            h, w = image.shape[:2]
            if h == size and w == size:
                return image
            y, x = random.randint(0, h - size), random.randint(0, w - size)
            return image[y:y + size, x:x + size]

        class Patches(Dataset):
            def __init__(self, paths):
                self.paths = paths

            def __len__(self):
                return len(self.paths)

            def __getitem__(self, i):
                patch = random_crop(cv2.imread(self.paths[i]), 96)
                return torch.from_numpy(patch.transpose(2, 0, 1).copy()).float()  # <- TL013

        for patches in DataLoader(Patches(paths), batch_size=8, shuffle=True):
            out = net(patches)
    """,
    "cv2_contrast_kept_then_cast": """
        import cv2
        import torch
        from torch.utils.data import DataLoader, Dataset

        class Tiles(Dataset):
            def __init__(self, paths):
                self.paths = paths

            def __len__(self):
                return len(self.paths)

            def __getitem__(self, i):
                tile = cv2.convertScaleAbs(cv2.imread(self.paths[i]), alpha=1.2, beta=10)
                return torch.from_numpy(tile).permute(2, 0, 1).float()  # <- TL013

        for tiles in DataLoader(Tiles(paths), batch_size=8, shuffle=True):
            masks = net(tiles)
    """,
}

CLEAN = {
    "pil_image_ops_then_scaled": _fundus(
        "torch.from_numpy(img.copy()).permute(2, 0, 1).float() / 255.0"
    ),
    "to_tensor_scales": """
        from torchvision import transforms

        transform = transforms.Compose([transforms.ToTensor()])
    """,
    "to_tensor_and_normalize": """
        from torchvision import transforms

        transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
    """,
    "v2_with_scaled_dtype": """
        import torch
        from torchvision.transforms import v2

        transform = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    """,
    "pil_to_tensor_then_convert_dtype": """
        import torch
        import torchvision.transforms as T

        transform = T.Compose([T.PILToTensor(), T.ConvertImageDtype(torch.float)])
    """,
    "pil_to_tensor_then_normalize": """
        import torchvision.transforms as T

        transform = T.Compose([T.PILToTensor(), T.Normalize(mean=[127.5], std=[127.5])])
    """,
    "pil_to_tensor_then_lambda": """
        import torchvision.transforms as T

        transform = T.Compose([T.PILToTensor(), T.Lambda(lambda x: x.float() / 255)])
    """,
    "steps_built_elsewhere": """
        import torchvision.transforms as T

        transform = T.Compose(steps)
    """,
    "augmentation_only_pipeline": """
        from torchvision.transforms import v2

        augment = v2.Compose([v2.RandomHorizontalFlip(), v2.RandomRotation(10)])
    """,
    "dataset_data_scaled": """
        from torchvision import datasets

        train_set = datasets.MNIST("data", train=True, download=True)
        X = train_set.data.float().view(-1, 784) / 255.0
        logits = model(X)
    """,
    "model_divides_its_own_input": """
        import torch
        import torch.nn as nn
        from torchvision.io import read_image

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(3, 8, 3)

            def forward(self, x):
                return self.conv(x / 255.0)

        model = Net()
        out = model(read_image(path).float().unsqueeze(0))
    """,
    "uint8_masks_cast_for_the_loss": """
        import cv2
        import torch

        mask = torch.from_numpy(cv2.imread(mask_path, 0)).float()
        loss = criterion(model(image), mask)
    """,
    "submodule_of_the_model_scales_the_input": """
        import torch
        import torch.nn as nn
        from torchvision.io import read_image

        class Rescale(nn.Module):
            def forward(self, x):
                return x.div(255.0)

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.scale = Rescale()
                self.conv = nn.Conv2d(3, 8, 3)

            def forward(self, x):
                return self.conv(self.scale(x))

        def predict(model, path):
            return model(read_image(path).float().unsqueeze(0))

        predict(Net(), "a.png")
    """,
    "helper_crops_pixels_it_then_scales": """
        import cv2
        import numpy as np
        import torch

        def centre(arr):
            return np.ascontiguousarray(arr[::-1])

        pixels = centre(cv2.imread(path))
        out = model(torch.from_numpy(pixels).float() / 255.0)
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_message_names_the_conversion():
    (finding,) = assert_marked(FLAGGED["v2_to_dtype_without_scale"])
    assert "converts images with ToImage + ToDtype without scale=True" in finding.message
    assert finding.severity.value == "warning"
