from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "entries_of_a_dict_of_losses_summed": """
        import torch.nn.functional as F

        def loss_terms(pred, target):
            return {"mse": F.mse_loss(pred, target), "l1": F.l1_loss(pred, target)}

        def fit(net, opt, batches):
            sums = {"mse": 0.0, "l1": 0.0}
            for xb, yb in batches:
                terms = loss_terms(net(xb), yb)
                opt.zero_grad()
                sum(terms.values()).backward()
                opt.step()
                for name, term in terms.items():
                    sums[name] += term  # <- TL006
    """,
    "step_output_kept_after_backward_through_its_loss": """
        import torch


        def fit(learner, opt, batches):
            results = []
            for xb, yb in batches:
                result = learner.step(xb, yb)
                opt.zero_grad()
                result["objective"].backward()
                opt.step()
                results.append(result)  # <- TL006
            return results
    """,
    "step_output_kept_after_a_helper_backpropagates_it": """
        import torch


        class Loop:
            def __init__(self, learner, opt):
                self.learner = learner
                self.opt = opt

            def _update(self, objective):
                self.opt.zero_grad()
                objective.backward()
                self.opt.step()

            def epoch(self, batches):
                seen = []
                for xb, yb in batches:
                    out = self.learner.step(xb, yb)
                    self._update(out.objective)
                    seen.append(out)  # <- TL006
                return seen
    """,
    "loss_unpacked_from_a_helper_tuple": """
        import torch.nn.functional as F

        def compute_loss(model, x, y):
            logits, boxes = model(x)
            cls = F.cross_entropy(logits, y)
            return cls, {"cls": cls.item()}

        stats = {"loss": 0.0}
        for x, y in loader:
            optimizer.zero_grad()
            loss, parts = compute_loss(model, x, y)
            loss.backward()
            optimizer.step()
            stats["loss"] += loss  # <- TL006
    """,
    "dict_entry_plus_equals_loss": """
        import torch.nn.functional as F

        stats = {"loss": 0.0, "correct": 0}
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            stats["loss"] += loss  # <- TL006
    """,
    "running_sum_rebound": """
        import torch

        def train_epoch(model, loader, optimizer, criterion):
            epoch_loss = 0
            for inputs, targets in loader:
                optimizer.zero_grad()
                loss = criterion(model(inputs), targets)
                loss.backward()
                optimizer.step()
                epoch_loss = epoch_loss + loss  # <- TL006
            return epoch_loss / len(loader)
    """,
    "list_of_output_dicts": """
        import torch.nn.functional as F

        outputs = []
        for batch in loader:
            optimizer.zero_grad()
            loss = F.mse_loss(model(batch["x"]), batch["y"])
            loss.backward()
            optimizer.step()
            outputs.append({"loss": loss, "n": len(batch)})  # <- TL006
    """,
    "self_history_entry": """
        import torch.nn as nn

        class Trainer:
            def __init__(self, model):
                self.model = model
                self.criterion = nn.CrossEntropyLoss()
                self.history = {"train": 0.0}

            def fit(self, loader, optimizer):
                for x, y in loader:
                    optimizer.zero_grad()
                    loss = self.criterion(self.model(x), y)
                    loss.backward()
                    optimizer.step()
                    self.history["train"] += loss  # <- TL006
    """,
    "loss_returned_by_a_step_helper": """
        import torch.nn.functional as F

        def step(net, opt, x, y):
            opt.zero_grad()
            loss = F.mse_loss(net(x), y)
            loss.backward()
            opt.step()
            return loss

        def epoch(net, opt, loader):
            running = 0.0
            for x, y in loader:
                running += step(net, opt, x, y)  # <- TL006
            return running
    """,
    "running_average_meter": """
        import torch.nn.functional as F

        class Meter:
            def __init__(self):
                self.total = 0.0
                self.n = 0

            def update(self, value, n=1):
                self.total += value * n
                self.n += n

        meter = Meter()
        for x, y in loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            meter.update(loss, len(x))  # <- TL006
    """,
    "running_loss_plus_equals_loss": """
        import torch

        running_loss = 0.0
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            running_loss += loss  # <- TL006
    """,
    "functional_loss_scaled_by_batch_size": """
        import torch
        import torch.nn.functional as F

        def train_epoch(model, optimizer, loader):
            total = 0
            for x, y in loader:
                optimizer.zero_grad()
                loss = F.cross_entropy(model(x), y)
                loss.backward()
                optimizer.step()
                total += loss * x.size(0)  # <- TL006
            return total / len(loader.dataset)
    """,
    "losses_appended_to_a_list": """
        import torch
        from torch import nn

        criterion = nn.MSELoss()
        losses = []
        for epoch in range(10):
            for x, y in loader:
                optimizer.zero_grad()
                loss = criterion(model(x), y)
                loss.backward()
                optimizer.step()
                losses.append(loss)  # <- TL006
    """,
    "trainer_attribute": """
        import torch
        from torch import nn

        class Trainer:
            def __init__(self, model):
                self.model = model
                self.criterion = nn.CrossEntropyLoss()
                self.epoch_loss = 0.0

            def train(self, loader):
                for x, y in loader:
                    self.optimizer.zero_grad()
                    loss = self.criterion(self.model(x), y)
                    loss.backward()
                    self.optimizer.step()
                    self.epoch_loss += loss  # <- TL006
    """,
    "huggingface_output_loss": """
        import torch

        total_loss = 0
        for batch in train_dataloader:
            outputs = model(**batch)
            loss = outputs.loss
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            total_loss += loss  # <- TL006
    """,
    "inline_criterion_call": """
        import torch
        from torch import nn

        loss_fn = nn.L1Loss()
        epoch_loss = 0.0
        for x, y in loader:
            optimizer.zero_grad()
            l = loss_fn(model(x), y)
            l.backward()
            optimizer.step()
            epoch_loss += loss_fn(model(x), y)  # <- TL006
    """,
    "aliased_functional_import": """
        from torch.nn.functional import mse_loss as mse

        history = []
        for step in range(1000):
            opt.zero_grad()
            err = mse(net(inputs), targets)
            err.backward()
            opt.step()
            history.append(err)  # <- TL006
    """,
    "nested_epoch_and_batch_loops": """
        import torch
        import torch.nn.functional as F

        train_loss = 0.0
        for epoch in range(5):
            for i, (x, y) in enumerate(loader):
                optimizer.zero_grad()
                loss = F.nll_loss(model(x), y)
                loss.backward()
                optimizer.step()
                train_loss += loss  # <- TL006
    """,
    "sum_of_two_losses": """
        import torch
        import torch.nn.functional as F

        total = 0.0
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y) + 0.1 * F.mse_loss(aux(x), y.float())
            loss.backward()
            optimizer.step()
            total += loss  # <- TL006
    """,
    "cpu_keeps_the_graph": """
        import torch
        import torch.nn.functional as F

        losses = []
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.cpu())  # <- TL006
    """,
}

CLEAN = {
    "meter_converts_tensors_before_adding": """
        import torch
        import torch.nn.functional as F

        class Mean:
            def __init__(self):
                self.total = 0.0
                self.n = 0

            def update(self, value, n=1):
                if torch.is_tensor(value):
                    value = value.detach().item()
                self.total += value * n
                self.n += n

        def fit(net, opt, batches):
            mean = Mean()
            for xb, yb in batches:
                opt.zero_grad()
                loss = F.mse_loss(net(xb), yb)
                loss.backward()
                opt.step()
                mean.update(loss, xb.size(0))
    """,
    "dict_of_loss_values_already_floats": """
        import torch.nn.functional as F

        def fit(net, opt, batches):
            sums = {"mse": 0.0, "l1": 0.0}
            for xb, yb in batches:
                pred = net(xb)
                mse, l1 = F.mse_loss(pred, yb), F.l1_loss(pred, yb)
                opt.zero_grad()
                (mse + l1).backward()
                opt.step()
                logged = {"mse": mse.item(), "l1": l1.item()}
                for name, term in logged.items():
                    sums[name] += term
    """,
    "other_entry_of_the_step_output_kept": """
        import torch


        def fit(learner, opt, batches):
            accuracies = []
            for xb, yb in batches:
                result = learner.step(xb, yb)
                opt.zero_grad()
                result["objective"].backward()
                opt.step()
                accuracies.append(result["accuracy"])
            return accuracies
    """,
    "dict_entry_plus_equals_item": """
        import torch.nn.functional as F

        stats = {"loss": 0.0}
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            stats["loss"] += loss.item()
    """,
    "running_sum_rebound_with_detach": """
        def train_epoch(model, loader, optimizer, criterion):
            epoch_loss = 0
            for inputs, targets in loader:
                optimizer.zero_grad()
                loss = criterion(model(inputs), targets)
                loss.backward()
                optimizer.step()
                epoch_loss = epoch_loss + loss.detach()
            return epoch_loss / len(loader)
    """,
    "list_of_detached_output_dicts": """
        import torch.nn.functional as F

        outputs = []
        for batch in loader:
            optimizer.zero_grad()
            loss = F.mse_loss(model(batch["x"]), batch["y"])
            loss.backward()
            optimizer.step()
            outputs.append({"loss": loss.item(), "n": len(batch)})
    """,
    "gradient_accumulation_in_one_step": """
        import torch.nn.functional as F

        for step, (x, y) in enumerate(loader):
            loss = F.cross_entropy(model(x), y)
            loss = loss / accumulation_steps
            loss.backward()
            if (step + 1) % accumulation_steps == 0:
                optimizer.step()
                optimizer.zero_grad()
    """,
    "step_helper_returns_a_float": """
        import torch.nn.functional as F

        def step(net, opt, x, y):
            opt.zero_grad()
            loss = F.mse_loss(net(x), y)
            loss.backward()
            opt.step()
            return loss.item()

        def epoch(net, opt, loader):
            running = 0.0
            for x, y in loader:
                running += step(net, opt, x, y)
            return running
    """,
    "meter_given_the_detached_value": """
        import torch.nn.functional as F

        class Meter:
            def __init__(self):
                self.total = 0.0

            def update(self, value):
                self.total += value

        meter = Meter()
        for x, y in loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            meter.update(loss.detach())
    """,
    "item": """
        import torch

        running_loss = 0.0
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            running_loss += loss.item()
    """,
    "detach": """
        import torch
        import torch.nn.functional as F

        losses = []
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            losses.append(loss.detach())
    """,
    "float_and_item_times_batch": """
        import torch
        import torch.nn.functional as F

        total, seen = 0.0, 0
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * x.size(0)
            seen += float(loss)
    """,
    "evaluation_under_no_grad": """
        import torch
        import torch.nn.functional as F

        for epoch in range(3):
            for x, y in train_loader:
                optimizer.zero_grad()
                F.cross_entropy(model(x), y).backward()
                optimizer.step()
            val_loss = 0
            with torch.no_grad():
                for x, y in val_loader:
                    val_loss += F.cross_entropy(model(x), y)
    """,
    "combined_loss_backpropagated": """
        import torch
        import torch.nn.functional as F

        for batch in loader:
            optimizer.zero_grad()
            loss = 0
            for head, target in zip(heads, batch["targets"]):
                loss += F.cross_entropy(head(batch["x"]), target)
            loss.backward()
            optimizer.step()
    """,
    "accumulated_then_backpropagated_once": """
        import torch
        import torch.nn.functional as F

        losses = []
        for chunk in batch.split(4):
            losses.append(F.mse_loss(model(chunk), chunk))
        torch.stack(losses).mean().backward()
        optimizer.step()
    """,
    "total_loss_is_the_objective": """
        import torch
        import torch.nn.functional as F

        for step in range(100):
            optimizer.zero_grad()
            total = F.mse_loss(model(x), y)
            for reg in regularizers:
                total += reg(model)
            total.backward()
            optimizer.step()
    """,
    "no_backward_in_the_loop": """
        import torch
        import torch.nn.functional as F

        losses = []
        for x, y in loader:
            losses.append(F.cross_entropy(model(x), y))
    """,
    "accuracy_counter_is_not_a_loss": """
        import torch

        correct = 0
        for x, y in loader:
            optimizer.zero_grad()
            out = model(x)
            criterion(out, y).backward()
            optimizer.step()
            correct += (out.argmax(1) == y).sum()
    """,
    "reinitialised_each_iteration": """
        import torch
        import torch.nn.functional as F

        for x, y in loader:
            optimizer.zero_grad()
            batch_losses = []
            batch_losses.append(F.cross_entropy(model(x), y))
            sum(batch_losses).backward()
            optimizer.step()
    """,
    "loss_computed_under_no_grad_then_added": """
        import torch
        import torch.nn.functional as F

        monitor = 0.0
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
            with torch.no_grad():
                val = F.cross_entropy(model(x_val), y_val)
            monitor += val
    """,
    "meter_converts_before_it_adds_its_own_attribute": """
        import torch

        class Running:
            def __init__(self):
                self.last, self.total, self.seen = 0.0, 0.0, 0

            def add(self, last, k=1):
                self.last = float(last.detach().item() if torch.is_tensor(last) else last)
                self.total += self.last * k
                self.seen += k

        tracker = Running()
        for inputs, targets in loader:
            optimizer.zero_grad()
            loss = criterion(model(inputs), targets)
            loss.backward()
            optimizer.step()
            tracker.add(loss, inputs.size(0))
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_message_names_the_accumulator_and_the_fix():
    (finding,) = assert_marked(FLAGGED["running_loss_plus_equals_loss"])
    assert finding.message.startswith(
        "`running_loss += loss` keeps every iteration's autograd graph alive"
    )
    assert "Accumulate `loss.item()`" in finding.help
    assert finding.severity.value == "warning"


def test_step_output_message_names_the_backpropagated_entry():
    (finding,) = assert_marked(FLAGGED["step_output_kept_after_backward_through_its_loss"])
    assert '`result` holds `result["objective"]`, which this iteration backpropagates' in (
        finding.message
    )
    assert 'Accumulate `result["objective"].item()`' in finding.help
