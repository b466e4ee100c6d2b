from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "shared_run_helper_trains_when_given_an_optimizer": """
        import torch
        from torch.utils.data import DataLoader

        def run_epoch(net, loader, crit, opt=None):
            training = opt is not None
            net.train(training)
            for x, y in loader:
                loss = crit(net(x), y)
                if training:
                    opt.zero_grad()
                    loss.backward()
                    opt.step()

        def main():
            net, train_set, val_set, crit = setup()
            train_dl = DataLoader(train_set, batch_size=64)  # <- TL016
            val_dl = DataLoader(val_set, batch_size=256)
            opt = torch.optim.Adam(net.parameters())
            for epoch in range(10):
                run_epoch(net, train_dl, crit, opt)
                run_epoch(net, val_dl, crit)
    """,
    "loader_of_the_training_loop": """
        import torch
        from torch.utils.data import DataLoader

        train_loader = DataLoader(dataset, batch_size=64)  # <- TL016
        for epoch in range(10):
            for x, y in train_loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
    """,
    "explicit_shuffle_false_whatever_the_name": """
        from torch.utils.data import DataLoader

        dl = DataLoader(ds, batch_size=128, shuffle=False)  # <- TL016
        for epoch in range(3):
            for i, (inputs, targets) in enumerate(dl):
                opt.zero_grad()
                loss_fn(net(inputs), targets).backward()
                opt.step()
    """,
    "built_in_a_helper_and_returned": """
        import torch.utils.data as data

        def make_loaders(train_data, val_data):
            train = data.DataLoader(train_data, batch_size=16)  # <- TL016
            val = data.DataLoader(val_data, batch_size=16, shuffle=False)
            return train, val

        train_loader, val_loader = make_loaders(train_data, val_data)
        for epoch in range(5):
            for x, y in train_loader:
                optimizer.zero_grad()
                F.cross_entropy(model(x), y).backward()
                optimizer.step()
            evaluate(model, val_loader)
    """,
    "trainer_attribute_iterated_in_another_method": """
        from torch.utils.data import DataLoader

        class Trainer:
            def __init__(self, model, dataset, optimizer):
                self.model, self.optimizer = model, optimizer
                self.train_loader = DataLoader(dataset, batch_size=8, drop_last=True)  # <- TL016

            def train_epoch(self):
                for batch in self.train_loader:
                    self.optimizer.zero_grad()
                    self.model(batch).loss.backward()
                    self.optimizer.step()
    """,
    "passed_to_a_one_epoch_helper": """
        from torch.utils.data import DataLoader as DL

        def train_one_epoch(model, loader, optimizer):
            for images, labels in tqdm(loader):
                optimizer.zero_grad()
                F.cross_entropy(model(images), labels).backward()
                optimizer.step()

        trainloader = DL(trainset, batch_size=4, num_workers=2)  # <- TL016
        for epoch in range(2):
            train_one_epoch(net, trainloader, optimizer)
    """,
    "helper_that_calls_a_step_helper": """
        from torch.utils.data import DataLoader

        def step(model, optimizer, batch):
            optimizer.zero_grad()
            loss = model(*batch)
            loss.backward()
            optimizer.step()

        def run_epoch(model, optimizer, loader):
            for batch in loader:
                step(model, optimizer, batch)

        def main():
            loader = DataLoader(TensorDataset(x, y), batch_size=32)  # <- TL016
            for epoch in range(10):
                run_epoch(model, optimizer, loader)
    """,
    "nested_helpers_pass_the_loader_down": """
        from torch.utils.data import DataLoader

        def train_one_epoch(model, loader, optimizer):
            for x, y in loader:
                optimizer.zero_grad()
                F.mse_loss(model(x), y).backward()
                optimizer.step()

        def fit(model, loader, optimizer, epochs):
            for _ in range(epochs):
                train_one_epoch(model, loader, optimizer)

        fit(model, DataLoader(train_set, batch_size=32), optimizer, 10)  # <- TL016
    """,
    "sampler_none_is_no_sampler_but_shuffle_false_is": """
        from torch.utils.data import DataLoader

        loader = DataLoader(train_set, batch_size=64, shuffle=False, num_workers=8)  # <- TL016
        for epoch in range(epochs):
            model.train()
            for batch in loader:
                loss = model(**batch).loss
                loss.backward()
                optimizer.step()
                optimizer.zero_grad()
    """,
    "phase_dict_comprehension_iterated_by_phase": """
        import torch
        from torch.utils.data import DataLoader

        loaders = {
            split: DataLoader(sets[split], batch_size=32, num_workers=2)  # <- TL016
            for split in ("train", "val")
        }
        for epoch in range(5):
            for split in ("train", "val"):
                model.train(split == "train")
                for x, y in loaders[split]:
                    with torch.set_grad_enabled(split == "train"):
                        loss = criterion(model(x), y)
                        if split == "train":
                            optimizer.zero_grad()
                            loss.backward()
                            optimizer.step()
    """,
    "phase_dict_literal_passed_to_a_helper": """
        from torch.utils.data import DataLoader

        PHASES = ["train", "val"]

        def fit(model, loaders, optimizer, epochs):
            for epoch in range(epochs):
                for phase in PHASES:
                    for x, y in loaders[phase]:
                        loss = criterion(model(x), y)
                        if phase == "train":
                            optimizer.zero_grad()
                            loss.backward()
                            optimizer.step()

        loaders = {
            "train": DataLoader(train_set, batch_size=64),  # <- TL016
            "val": DataLoader(val_set, batch_size=64),
        }
        fit(net, loaders, opt, 10)
    """,
}

CLEAN = {
    "shared_run_helper_called_without_an_optimizer_evaluates": """
        import torch
        from torch.utils.data import DataLoader

        def run_epoch(net, loader, crit, opt=None):
            training = opt is not None
            net.train(training)
            for x, y in loader:
                loss = crit(net(x), y)
                if training:
                    opt.zero_grad()
                    loss.backward()
                    opt.step()

        def main():
            net, train_set, val_set, crit = setup()
            train_dl = DataLoader(train_set, batch_size=64, shuffle=True)
            val_dl = DataLoader(val_set, batch_size=256)
            opt = torch.optim.Adam(net.parameters())
            for epoch in range(10):
                run_epoch(net, train_dl, crit, opt=opt)
                run_epoch(net, val_dl, crit, opt=None)
                run_epoch(net, val_dl, crit)
    """,
    "shuffled": """
        from torch.utils.data import DataLoader

        train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
        for x, y in train_loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
    """,
    "sampler": """
        from torch.utils.data import DataLoader, RandomSampler

        train_loader = DataLoader(train_set, batch_size=64, sampler=RandomSampler(train_set))
        for x, y in train_loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
    """,
    "sampler_after_shuffle_false": """
        from torch.utils.data import DataLoader
        from torch.utils.data.distributed import DistributedSampler

        sampler = DistributedSampler(train_set)
        train_loader = DataLoader(train_set, batch_size=64, shuffle=False, sampler=sampler)
        for epoch in range(10):
            sampler.set_epoch(epoch)
            for x, y in train_loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
    """,
    "batch_sampler": """
        from torch.utils.data import DataLoader

        train_loader = DataLoader(train_set, batch_sampler=bucket_sampler)
        for batch in train_loader:
            optimizer.zero_grad()
            model(batch).backward()
            optimizer.step()
    """,
    "keyword_arguments_unpacked": """
        import torch

        train_loader = torch.utils.data.DataLoader(dataset1, **train_kwargs)
        for data, target in train_loader:
            optimizer.zero_grad()
            F.nll_loss(model(data), target).backward()
            optimizer.step()
    """,
    "unshuffled_loaders_only_evaluated": """
        import torch
        from torch.utils.data import DataLoader

        train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
        train_eval_loader = DataLoader(train_set, batch_size=256)
        val_loader = DataLoader(val_set, batch_size=256)
        for epoch in range(10):
            for x, y in train_loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            with torch.no_grad():
                train_acc = accuracy(model, train_eval_loader)
                for x, y in val_loader:
                    print(criterion(model(x), y).item())
    """,
    "one_batch_for_a_plot": """
        from torch.utils.data import DataLoader

        train_loader = DataLoader(train_set, batch_size=16)
        images, labels = next(iter(train_loader))
        show_grid(images)
    """,
    "shuffle_from_configuration": """
        from torch.utils.data import DataLoader

        train_loader = DataLoader(train_set, batch_size=64, shuffle=cfg.shuffle)
        for x, y in train_loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
    """,
    "positional_shuffle": """
        from torch.utils.data import DataLoader

        train_loader = DataLoader(train_set, 64, True)
        for x, y in train_loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
    """,
    "iterable_dataset_orders_itself": """
        from torch.utils.data import DataLoader, IterableDataset

        class ShardStream(IterableDataset):
            def __iter__(self):
                yield from shuffled_shards(self.files)

        loader = DataLoader(ShardStream(files), batch_size=None)
        for batch in loader:
            optimizer.zero_grad()
            model(batch).loss.backward()
            optimizer.step()
    """,
    "helper_passed_a_shuffled_loader": """
        import torch
        from torch.utils.data import DataLoader

        def train_one_epoch(model, loader, optimizer):
            for x, y in loader:
                optimizer.zero_grad()
                F.cross_entropy(model(x), y).backward()
                optimizer.step()

        def evaluate(model, loader):
            with torch.no_grad():
                return sum(F.cross_entropy(model(x), y).item() for x, y in loader)

        train_loader = DataLoader(train_set, batch_size=32, shuffle=True)
        test_loader = DataLoader(test_set, batch_size=32)
        for epoch in range(10):
            train_one_epoch(model, train_loader, optimizer)
            evaluate(model, test_loader)
    """,
    "loader_iterated_without_a_step": """
        from torch.utils.data import DataLoader

        loader = DataLoader(train_set, batch_size=64)
        features = []
        for x, _ in loader:
            features.append(encoder(x).detach())
    """,
    "shuffled_train_loader_in_a_trainer": """
        from torch.utils.data import DataLoader

        class Trainer:
            def __init__(self, model, dataset, optimizer):
                self.model, self.optimizer = model, optimizer
                self.train_loader = DataLoader(dataset, batch_size=8, shuffle=True)
                self.val_loader = DataLoader(dataset, batch_size=8)

            def train_epoch(self):
                for batch in self.train_loader:
                    self.optimizer.zero_grad()
                    self.model(batch).loss.backward()
                    self.optimizer.step()
    """,
    "phase_dict_whose_train_loader_shuffles": """
        import torch
        from torch.utils.data import DataLoader

        loaders = {
            x: DataLoader(image_sets[x], batch_size=4, shuffle=(x == "train"))
            for x in ["train", "val"]
        }
        literal = {
            "train": DataLoader(train_set, batch_size=64, shuffle=True),
            "val": DataLoader(val_set, batch_size=64),
        }
        for phase in ["train", "val"]:
            for inputs, labels in loaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    loss = criterion(model(inputs), labels)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()
            for inputs, labels in literal[phase]:
                optimizer.zero_grad()
                loss = criterion(model(inputs), labels)
                if phase == "train":
                    loss.backward()
                    optimizer.step()
    """,
    "unshuffled_train_entry_used_only_for_evaluation": """
        import torch
        from torch.utils.data import DataLoader

        loaders = {
            "train": DataLoader(train_set, batch_size=64, shuffle=True),
            "train_eval": DataLoader(train_set, batch_size=256),
            "val": DataLoader(val_set, batch_size=256),
        }
        for epoch in range(10):
            for x, y in loaders["train"]:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            with torch.no_grad():
                for phase in ("train_eval", "val"):
                    for x, y in loaders[phase]:
                        print(phase, criterion(model(x), y).item())
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_message_and_severity():
    (finding,) = assert_marked(FLAGGED["loader_of_the_training_loop"])
    assert finding.severity.value == "info"
    assert finding.message.startswith("`train_loader` feeds a training loop, but it has no")
    assert finding.help.startswith("Pass `shuffle=True`, or a sampler")
