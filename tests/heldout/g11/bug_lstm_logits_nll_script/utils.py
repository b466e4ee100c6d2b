import random
import time

import numpy as np
import torch


def set_seed(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.cuda.manual_seed_all(seed)


def epoch_time(start, end):
    elapsed = end - start
    return int(elapsed / 60), int(elapsed - int(elapsed / 60) * 60)


def accuracy(preds, y):
    return (preds.argmax(dim=1) == y).float().mean()


def train(model, criterion, optimizer, loader, device, clip=1.0):
    model.train()
    epoch_loss, epoch_acc = 0.0, 0.0
    for text, lengths, labels in loader:
        text, labels = text.to(device), labels.to(device)
        optimizer.zero_grad()
        predictions = model(text, lengths)
        loss = criterion(predictions, labels)
        acc = accuracy(predictions, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()
        epoch_loss += loss.item()
        epoch_acc += acc.item()
    return epoch_loss / len(loader), epoch_acc / len(loader)


def evaluate(model, criterion, loader, device):
    model.eval()
    epoch_loss, epoch_acc = 0.0, 0.0
    with torch.no_grad():
        for text, lengths, labels in loader:
            text, labels = text.to(device), labels.to(device)
            predictions = model(text, lengths)
            epoch_loss += criterion(predictions, labels).item()
            epoch_acc += accuracy(predictions, labels).item()
    return epoch_loss / len(loader), epoch_acc / len(loader)


def run_training(model, criterion, optimizer, train_loader, valid_loader, device, n_epochs, save_path):
    best_valid_loss = float("inf")
    for epoch in range(n_epochs):
        start = time.time()
        train_loss, train_acc = train(model, criterion, optimizer, train_loader, device)
        valid_loss, valid_acc = evaluate(model, criterion, valid_loader, device)
        mins, secs = epoch_time(start, time.time())
        if valid_loss < best_valid_loss:
            best_valid_loss = valid_loss
            torch.save(model.state_dict(), save_path)
        print(f"Epoch: {epoch + 1:02} | Epoch Time: {mins}m {secs}s")
        print(f"\tTrain Loss: {train_loss:.3f} | Train Acc: {train_acc * 100:.2f}%")
        print(f"\t Val. Loss: {valid_loss:.3f} |  Val. Acc: {valid_acc * 100:.2f}%")
    return best_valid_loss
