from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "train_loader_without_shuffle": """
        import torch
        from torch.utils.data import DataLoader

        train_loader = DataLoader(dataset, batch_size=64)  # <- TL016
    """,
    "train_dataset_argument": """
        import torch

        loader = torch.utils.data.DataLoader(train_set, batch_size=32, num_workers=4)  # <- TL016
    """,
    "explicit_shuffle_false": """
        from torch.utils.data import DataLoader

        train_dl = DataLoader(ds, batch_size=128, shuffle=False)  # <- TL016
    """,
    "inside_a_function": """
        import torch.utils.data as data

        def make_loaders(train_data, val_data):
            train = data.DataLoader(train_data, batch_size=16)  # <- TL016
            val = data.DataLoader(val_data, batch_size=16)
            return train, val
    """,
    "trainer_attribute": """
        from torch.utils.data import DataLoader

        class Trainer:
            def setup(self, dataset):
                self.train_loader = DataLoader(dataset, batch_size=8, drop_last=True)  # <- TL016
    """,
    "aliased_import": """
        from torch.utils.data import DataLoader as DL

        trainloader = DL(trainset, batch_size=4, num_workers=2)  # <- TL016
    """,
    "camel_case_name": """
        from torch.utils.data import DataLoader

        trainLoader = DataLoader(mnist, 64)  # <- TL016
    """,
    "dataset_attribute": """
        from torch.utils.data import DataLoader

        loader = DataLoader(self.train_dataset, batch_size=32, pin_memory=True)  # <- TL016
    """,
}

CLEAN = {
    "shuffled": """
        from torch.utils.data import DataLoader

        train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
    """,
    "sampler": """
        from torch.utils.data import DataLoader, RandomSampler

        train_loader = DataLoader(train_set, batch_size=64, sampler=RandomSampler(train_set))
    """,
    "distributed_sampler": """
        from torch.utils.data import DataLoader
        from torch.utils.data.distributed import DistributedSampler

        train_loader = DataLoader(train_set, batch_size=64, sampler=DistributedSampler(train_set))
    """,
    "batch_sampler": """
        from torch.utils.data import DataLoader

        train_loader = DataLoader(train_set, batch_sampler=bucket_sampler)
    """,
    "keyword_arguments_unpacked": """
        import torch

        train_loader = torch.utils.data.DataLoader(dataset1, **train_kwargs)
    """,
    "validation_loader_not_shuffled": """
        from torch.utils.data import DataLoader

        val_loader = DataLoader(val_set, batch_size=256)
        test_loader = DataLoader(test_set, batch_size=256, shuffle=False)
    """,
    "shuffle_from_configuration": """
        from torch.utils.data import DataLoader

        train_loader = DataLoader(train_set, batch_size=64, shuffle=cfg.shuffle)
    """,
    "positional_shuffle": """
        from torch.utils.data import DataLoader

        train_loader = DataLoader(train_set, 64, True)
    """,
    "not_named_for_training": """
        from torch.utils.data import DataLoader

        loader = DataLoader(dataset, batch_size=64)
        stream = DataLoader(iterable_dataset, batch_size=None)
    """,
    "train_and_val_mixed_name": """
        from torch.utils.data import DataLoader

        train_val_loader = DataLoader(train_val_set, batch_size=64)
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_message_and_severity():
    (finding,) = assert_marked(FLAGGED["train_loader_without_shuffle"])
    assert finding.severity.value == "info"
    assert finding.message.startswith(
        "`train_loader` is a training DataLoader without `shuffle=True`"
    )
