import copy
import time

import torch


def train_model(model, criterion, optimizer, scheduler, dataloaders, device, num_epochs=25):
    """Classic fine-tuning loop; returns the weights with the best validation accuracy."""
    since = time.time()
    best_model = copy.deepcopy(model)
    best_acc = 0.0

    for epoch in range(num_epochs):
        print(f"Epoch {epoch}/{num_epochs - 1}")
        print("-" * 10)
        for phase in ["train", "val"]:
            if phase == "train":
                model.train()
            else:
                model.eval()

            running_loss, running_corrects, n = 0.0, 0, 0
            for inputs, labels in dataloaders[phase]:
                inputs, labels = inputs.to(device), labels.to(device)
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    outputs = model(inputs)
                    preds = outputs.argmax(1)
                    loss = criterion(outputs, labels)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()
                running_loss += loss.item() * inputs.size(0)
                running_corrects += (preds == labels).sum().item()
                n += inputs.size(0)
            if phase == "train":
                scheduler.step()

            epoch_loss, epoch_acc = running_loss / n, running_corrects / n
            print(f"{phase} Loss: {epoch_loss:.4f} Acc: {epoch_acc:.4f}")
            if phase == "val" and epoch_acc > best_acc:
                best_acc = epoch_acc
                best_model = copy.deepcopy(model)

    elapsed = time.time() - since
    print(f"Training complete in {elapsed // 60:.0f}m {elapsed % 60:.0f}s, best val Acc: {best_acc:.4f}")
    return best_model


@torch.no_grad()
def test_model(model, loader, device, class_names):
    model.eval()
    per_class = {c: [0, 0] for c in class_names}
    for inputs, labels in loader:
        preds = model(inputs.to(device)).argmax(1).cpu()
        for p, l in zip(preds.tolist(), labels.tolist()):
            per_class[class_names[l]][0] += int(p == l)
            per_class[class_names[l]][1] += 1
    for c, (hit, tot) in per_class.items():
        print(f"  {c:>12s}: {hit / max(tot, 1):.3f} ({tot})")
    return sum(h for h, _ in per_class.values()) / sum(t for _, t in per_class.values())
