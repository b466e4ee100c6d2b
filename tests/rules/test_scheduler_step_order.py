from tests.marked import assert_marked, snippet_tests

FLAGGED = {
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
}

CLEAN = {
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
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_messages():
    (per_batch,) = assert_marked(FLAGGED["step_lr_in_the_batch_loop"])
    assert per_batch.message.startswith("`scheduler` is a StepLR, an epoch-based schedule")
    assert per_batch.severity.value == "error"
    (order,) = assert_marked(FLAGGED["scheduler_before_optimizer_step"])
    assert order.severity.value == "warning" and "before `optimizer.step()`" in order.message
