from tests.marked import assert_marked, snippet_tests

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
}

CLEAN = {
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
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_message_names_the_conversion():
    (finding,) = assert_marked(FLAGGED["v2_to_dtype_without_scale"])
    assert "converts images with ToImage + ToDtype without scale=True" in finding.message
    assert finding.severity.value == "warning"
