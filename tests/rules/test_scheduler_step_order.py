from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "milestones_in_epochs_through_names": """
        import torch

        decay_at = [30, 60, 80]
        milestones = [epoch for epoch in decay_at]
        scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=milestones)
        for epoch in range(90):
            for images, labels in train_loader:
                optimizer.zero_grad()
                criterion(model(images), labels).backward()
                optimizer.step()
                scheduler.step()  # <- TL011
    """,
    "schedule_stepped_before_the_optimizer_in_an_update_method": """
        import torch

        class Runner:
            def __init__(self, net, steps):
                self.net = net
                self.opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
                self.warm = torch.optim.lr_scheduler.OneCycleLR(self.opt, 1e-3, total_steps=steps)

            def _apply(self, loss):
                loss.backward()
                self.warm.step()  # <- TL011
                self.opt.step()
                self.opt.zero_grad()

            def run(self, batches, loss_fn):
                for xb, yb in batches:
                    self._apply(loss_fn(self.net(xb), yb))
    """,
    "step_lr_with_a_step_size_option_per_batch": """
        import torch

        def one_pass(net, opt, sched, batches, loss_fn):
            for xb, yb in batches:
                opt.zero_grad()
                loss_fn(net(xb), yb).backward()
                opt.step()
                sched.step()  # <- TL011

        def main(net, batches, loss_fn, opts):
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            sched = torch.optim.lr_scheduler.StepLR(opt, step_size=opts.lr_step_size)
            for _ in range(opts.epochs):
                one_pass(net, opt, sched, batches, loss_fn)
    """,
    "step_lr_in_the_batch_loop": """
        import torch

        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)
        for epoch in range(90):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                scheduler.step()  # <- TL011
    """,
    "exponential_lr_in_a_function": """
        import torch
        from torch.optim.lr_scheduler import ExponentialLR

        def fit(model, optimizer, loader, epochs):
            sched = ExponentialLR(optimizer, gamma=0.95)
            for epoch in range(epochs):
                for x, y in loader:
                    optimizer.zero_grad()
                    loss = criterion(model(x), y)
                    loss.backward()
                    optimizer.step()
                    sched.step()  # <- TL011
    """,
    "multistep_in_trainer_class": """
        import torch
        from torch.optim import lr_scheduler

        class Trainer:
            def __init__(self, model):
                self.optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
                self.scheduler = lr_scheduler.MultiStepLR(self.optimizer, milestones=[30, 60])

            def fit(self, loader, epochs):
                for epoch in range(epochs):
                    for batch in loader:
                        self.optimizer.zero_grad()
                        self.model(batch).mean().backward()
                        self.optimizer.step()
                        self.scheduler.step()  # <- TL011
    """,
    "cosine_with_epoch_count_per_batch": """
        import torch

        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
        for epoch in range(args.epochs):
            for i, (x, y) in enumerate(train_loader):
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                scheduler.step()  # <- TL011
    """,
    "scheduler_before_optimizer_step": """
        import torch

        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)
        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            scheduler.step()  # <- TL011
            optimizer.step()
    """,
    "unknown_scheduler_before_step_by_name": """
        import torch

        def train(model, optimizer, lr_scheduler, loader):
            for batch in loader:
                loss = model(**batch).loss
                loss.backward()
                lr_scheduler.step()  # <- TL011
                optimizer.step()
                optimizer.zero_grad()
    """,
    "plateau_without_metric": """
        import torch

        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min")
        for epoch in range(20):
            train_one_epoch(model, optimizer, loader)
            scheduler.step()  # <- TL011
    """,
    "aliased_scheduler_module": """
        import torch.optim.lr_scheduler as schedulers

        decay = schedulers.StepLR(opt, 10)
        for epoch in range(100):
            for inputs, targets in dl:
                opt.zero_grad()
                loss_fn(net(inputs), targets).backward()
                opt.step()
                decay.step()  # <- TL011
    """,
    "epoch_schedule_passed_to_a_per_epoch_helper": """
        import torch
        from torch.optim.lr_scheduler import StepLR

        def train_one_epoch(model, loader, optimizer, scheduler, criterion):
            model.train()
            for images, labels in loader:
                optimizer.zero_grad()
                loss = criterion(model(images), labels)
                loss.backward()
                optimizer.step()
                scheduler.step()  # <- TL011

        def main(model, loader, criterion):
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
            scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
            for epoch in range(90):
                train_one_epoch(model, loader, optimizer, scheduler, criterion)
    """,
    "trainer_method_with_step_helper": """
        import torch
        from torch import nn, optim

        class Trainer:
            def __init__(self, model, loader, epochs):
                self.model = model
                self.loader = loader
                self.optimizer = optim.AdamW(model.parameters(), lr=3e-4)
                self.scheduler = optim.lr_scheduler.CosineAnnealingLR(self.optimizer, T_max=epochs)
                self.criterion = nn.CrossEntropyLoss()

            def training_step(self, batch):
                x, y = batch
                self.optimizer.zero_grad()
                loss = self.criterion(self.model(x), y)
                loss.backward()
                self.optimizer.step()
                return loss.item()

            def train_epoch(self):
                for batch in self.loader:
                    self.training_step(batch)
                    self.scheduler.step()  # <- TL011
    """,
    "backward_in_a_helper_scheduler_in_the_loop": """
        import torch.optim as optim

        def update(model, optimizer, x, y):
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()

        optimizer = optim.Adam(model.parameters())
        scheduler = optim.lr_scheduler.MultiStepLR(optimizer, milestones=[50, 75])
        for epoch in range(100):
            for x, y in train_loader:
                update(model, optimizer, x, y)
                scheduler.step()  # <- TL011
    """,
    "aliased_class_in_a_method": """
        from torch.optim.lr_scheduler import ExponentialLR as Decay

        class Runner:
            def fit(self, model, optimizer, loader, epochs):
                decay = Decay(optimizer, gamma=0.9)
                for _ in range(epochs):
                    for batch in loader:
                        optimizer.zero_grad()
                        model(batch).loss.backward()
                        optimizer.step()
                        decay.step()  # <- TL011
    """,
    "plateau_without_metric_in_a_trainer": """
        from torch.optim.lr_scheduler import ReduceLROnPlateau

        class Trainer:
            def __init__(self, optimizer):
                self.scheduler = ReduceLROnPlateau(optimizer, "min", patience=2)

            def end_of_epoch(self, val_loss):
                self.scheduler.step()  # <- TL011
    """,
    "enumerated_loader_in_a_helper": """
        import torch

        def run_epoch(net, opt, sched, dl):
            for step, (inputs, targets) in enumerate(dl):
                out = net(inputs)
                loss = torch.nn.functional.mse_loss(out, targets)
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()  # <- TL011

        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        sched = torch.optim.lr_scheduler.StepLR(opt, 5)
        for epoch in range(20):
            run_epoch(net, opt, sched, dl)
    """,
    "scheduler_before_step_helper_order": """
        import torch

        def train(model, opt, loader, scheduler):
            for x, y in loader:
                loss = model(x, y)
                loss.backward()
                scheduler.step()  # <- TL011
                opt.step()
                opt.zero_grad()

        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        train(model, opt, loader, torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1.0))
    """,
    "scheduler_before_the_optimizer_in_a_step_helper_the_loop_calls": """
        import torch

        class Finetuner:
            def __init__(self, model, loader, total_steps):
                self.model = model
                self.loader = loader
                self.optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
                self.scheduler = torch.optim.lr_scheduler.LambdaLR(
                    self.optimizer, lambda s: 1 - s / total_steps
                )

            def _update(self):
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                self.scheduler.step()  # <- TL011
                self.optimizer.step()
                self.optimizer.zero_grad()

            def fit(self, accumulation=4):
                for i, batch in enumerate(self.loader):
                    (self.model(**batch).loss / accumulation).backward()
                    if (i + 1) % accumulation == 0:
                        self._update()
    """,
    "scheduler_before_the_optimizer_two_calls_below_the_loop": """
        import torch

        class Trainer:
            def __init__(self, net, steps):
                self.net = net
                self.opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
                self.sched = torch.optim.lr_scheduler.OneCycleLR(self.opt, 0.1, total_steps=steps)

            def _apply(self):
                self.sched.step()  # <- TL011
                self.opt.step()

            def train_step(self, x, y):
                self.opt.zero_grad()
                torch.nn.functional.cross_entropy(self.net(x), y).backward()
                self._apply()

            def train(self, loader):
                for x, y in loader:
                    self.train_step(x, y)
    """,
    "scheduler_before_the_optimizer_in_a_plain_step_function": """
        import torch

        def apply_update(optimizer, scheduler):
            scheduler.step()  # <- TL011
            optimizer.step()
            optimizer.zero_grad()

        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, 1e-3, total_steps=10_000)
        for x, y in loader:
            torch.nn.functional.mse_loss(model(x), y).backward()
            apply_update(optimizer, scheduler)
    """,
}

CLEAN = {
    "milestones_converted_to_iterations_through_names": """
        import torch

        iters_per_epoch = len(data_loader)
        milestones = [iters_per_epoch * (m - warmup) for m in args.lr_milestones]
        scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=milestones)
        for epoch in range(args.epochs):
            for clip, target in data_loader:
                optimizer.zero_grad()
                criterion(model(clip), target).backward()
                optimizer.step()
                scheduler.step()
    """,
    "step_helper_steps_the_optimizer_first": """
        import torch

        class Finetuner:
            def __init__(self, model, loader, total_steps):
                self.model = model
                self.loader = loader
                self.optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
                self.scheduler = torch.optim.lr_scheduler.LambdaLR(
                    self.optimizer, lambda s: 1 - s / total_steps
                )

            def _update(self):
                self.optimizer.step()
                self.scheduler.step()
                self.optimizer.zero_grad()

            def fit(self):
                for batch in self.loader:
                    self.model(**batch).loss.backward()
                    self._update()
    """,
    "schedule_helper_called_after_the_optimizer_step": """
        import torch

        class Trainer:
            def __init__(self, net, steps):
                self.net = net
                self.opt = torch.optim.SGD(net.parameters(), lr=0.1)
                self.sched = torch.optim.lr_scheduler.OneCycleLR(self.opt, 0.1, total_steps=steps)

            def _advance_schedule(self):
                self.sched.step()

            def train(self, loader):
                for x, y in loader:
                    self.opt.zero_grad()
                    torch.nn.functional.cross_entropy(self.net(x), y).backward()
                    self.opt.step()
                    self._advance_schedule()
    """,
    "schedule_stepped_after_the_optimizer_in_an_update_method": """
        import torch

        class Runner:
            def __init__(self, net, steps):
                self.net = net
                self.opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
                self.warm = torch.optim.lr_scheduler.OneCycleLR(self.opt, 1e-3, total_steps=steps)

            def _apply(self, loss):
                loss.backward()
                self.opt.step()
                self.warm.step()
                self.opt.zero_grad()

            def run(self, batches, loss_fn):
                for xb, yb in batches:
                    self._apply(loss_fn(self.net(xb), yb))
    """,
    "step_lr_sized_in_steps_per_batch": """
        import torch

        def one_pass(net, opt, sched, batches, loss_fn):
            for xb, yb in batches:
                opt.zero_grad()
                loss_fn(net(xb), yb).backward()
                opt.step()
                sched.step()

        def main(net, batches, loss_fn, opts):
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            sched = torch.optim.lr_scheduler.StepLR(opt, step_size=opts.decay_steps)
            for _ in range(opts.epochs):
                one_pass(net, opt, sched, batches, loss_fn)
    """,
    "plateau_or_other_schedule_chosen_at_run_time": """
        import torch
        from torch.optim.lr_scheduler import ReduceLROnPlateau

        def fit(net, opt, sched, batches, val_loss_of, epochs):
            for _ in range(epochs):
                for xb, yb in batches:
                    opt.zero_grad()
                    net(xb).pow(2).mean().backward()
                    opt.step()
                if isinstance(sched, ReduceLROnPlateau):
                    sched.step(val_loss_of(net))
                else:
                    sched.step()

        def main(net, batches, val_loss_of):
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            fit(net, opt, ReduceLROnPlateau(opt), batches, val_loss_of, 30)
    """,
    "step_lr_per_epoch": """
        import torch

        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)
        for epoch in range(90):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            scheduler.step()
    """,
    "one_cycle_per_batch": """
        import torch

        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, steps_per_epoch=len(loader), epochs=10)
        for epoch in range(10):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                scheduler.step()
    """,
    "cosine_sized_in_iterations": """
        import torch

        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * len(loader))
        for epoch in range(epochs):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                scheduler.step()
    """,
    "warmup_lambda_per_batch": """
        import torch
        from transformers import get_linear_schedule_with_warmup

        lr_scheduler = get_linear_schedule_with_warmup(optimizer, 100, 1000)
        for epoch in range(3):
            for batch in loader:
                model(**batch).loss.backward()
                optimizer.step()
                lr_scheduler.step()
                optimizer.zero_grad()
    """,
    "plateau_with_metric": """
        import torch

        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=3)
        for epoch in range(20):
            train_one_epoch(model, optimizer, loader)
            scheduler.step(validate(model))
    """,
    "iteration_based_training_single_loop": """
        import torch

        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10000, gamma=0.5)
        for it in range(max_iters):
            optimizer.zero_grad()
            criterion(model(next(data)), target).backward()
            optimizer.step()
            scheduler.step()
    """,
    "lambda_lr_per_batch_after_step": """
        import torch

        warmup = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / 500))
        for epoch in range(5):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                warmup.step()
    """,
    "env_step_is_not_a_scheduler": """
        import torch

        for episode in range(10):
            for t in range(200):
                state, reward, done, _ = env.step(action)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
    """,
    "step_lr_sized_in_steps": """
        import torch

        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=cfg.decay_steps)
        for epoch in range(10):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                scheduler.step()
    """,
    "one_cycle_passed_to_a_per_epoch_helper": """
        import torch
        from torch.optim.lr_scheduler import OneCycleLR

        def train_one_epoch(model, loader, optimizer, scheduler):
            for images, labels in loader:
                optimizer.zero_grad()
                F.cross_entropy(model(images), labels).backward()
                optimizer.step()
                scheduler.step()

        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * len(loader))
        for epoch in range(epochs):
            train_one_epoch(model, loader, optimizer, scheduler)
    """,
    "helper_steps_after_its_batch_loop": """
        import torch
        from torch.optim.lr_scheduler import StepLR

        def train_one_epoch(model, loader, optimizer, scheduler):
            for images, labels in loader:
                optimizer.zero_grad()
                F.cross_entropy(model(images), labels).backward()
                optimizer.step()
            scheduler.step()

        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        scheduler = StepLR(optimizer, step_size=30)
        for epoch in range(90):
            train_one_epoch(model, loader, optimizer, scheduler)
    """,
    "epoch_loop_in_a_function_around_a_helper": """
        import torch

        def fit(model, optimizer, loader, epochs):
            scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
            for epoch in range(epochs):
                train_one_epoch(model, optimizer, loader)
                scheduler.step()
    """,
    "trainer_sized_in_iterations": """
        import torch
        from torch import optim

        class Trainer:
            def __init__(self, model, loader, epochs):
                self.model, self.loader = model, loader
                self.optimizer = optim.AdamW(model.parameters())
                self.scheduler = optim.lr_scheduler.CosineAnnealingLR(
                    self.optimizer, T_max=epochs * len(loader)
                )

            def train_epoch(self):
                for x, y in self.loader:
                    self.optimizer.zero_grad()
                    F.cross_entropy(self.model(x), y).backward()
                    self.optimizer.step()
                    self.scheduler.step()
    """,
    "epochs_list_loop_in_a_function": """
        import torch

        def fit(model, optimizer, loader, schedule):
            scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=schedule)
            for epoch in epoch_range(start, end):
                for x, y in loader:
                    optimizer.zero_grad()
                    F.cross_entropy(model(x), y).backward()
                    optimizer.step()
                scheduler.step()
    """,
    "plateau_with_metric_in_a_trainer": """
        from torch.optim.lr_scheduler import ReduceLROnPlateau

        class Trainer:
            def __init__(self, optimizer):
                self.scheduler = ReduceLROnPlateau(optimizer, "min", patience=2)

            def end_of_epoch(self, val_loss):
                self.scheduler.step(val_loss)
    """,
    "step_lr_stepped_per_iteration_in_a_steps_loop": """
        import torch

        def train(model, opt, data, max_steps):
            sched = torch.optim.lr_scheduler.StepLR(opt, step_size=max_steps // 3)
            for step in range(max_steps):
                x, y = next(data)
                opt.zero_grad()
                F.mse_loss(model(x), y).backward()
                opt.step()
                sched.step()
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_messages():
    (per_batch,) = assert_marked(FLAGGED["step_lr_in_the_batch_loop"])
    assert per_batch.message.startswith("`scheduler` (line 4) is a StepLR, an epoch-based schedule")
    assert per_batch.severity.value == "error"
    (order,) = assert_marked(FLAGGED["scheduler_before_optimizer_step"])
    assert order.severity.value == "warning" and "before `optimizer.step()`" in order.message


def test_a_step_helper_names_the_loop_that_calls_it():
    (finding,) = assert_marked(
        FLAGGED["scheduler_before_the_optimizer_in_a_step_helper_the_loop_calls"]
    )
    assert (
        "in `_update`, which `fit` calls once per training iteration (line 23)" in finding.message
    )
    assert [r.line for r in finding.related] == [23]
