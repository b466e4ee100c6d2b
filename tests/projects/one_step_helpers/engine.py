import torch.nn.functional as F


def train_step(model, optimizer, batch, device):
    inputs, targets = (t.to(device) for t in batch)
    loss = F.cross_entropy(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss


def clean_step(model, optimizer, batch, device):
    inputs, targets = (t.to(device) for t in batch)
    optimizer.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss
