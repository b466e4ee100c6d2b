import torch
from torch.utils.data import DataLoader

from charlm import CharLM
from loop import Loop


def show_predictions(net, batches):
    for tokens, _ in batches:
        print(net.predict(tokens))


model = CharLM(96)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
train_loader = DataLoader(train_set, batch_size=64, shuffle=True)
val_loader = DataLoader(val_set, batch_size=64)
loop = Loop(epochs=20)
loop.fit(model, optimizer, train_loader, val_loader)
loop.test(model, val_loader)
loop.probabilities(model, val_loader)

model.eval()
print(model.sample(prompt, 200, temperature=0.8))
with torch.no_grad():
    print(model.greedy(prompt, 200))
show_predictions(model, val_loader)
