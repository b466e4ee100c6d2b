import torch
import torch.nn.functional as F

from engine import Session, fit_epoch
from loaders import gpu_text_loader, image_loader, text_loaders


def train_images(net, pictures):
    net.cuda()
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    fit_epoch(net, image_loader(pictures), opt)  # <- TL015
    Session(net, image_loader(pictures), opt).run()  # <- TL015


def train_images_on_cpu(net, pictures):
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    fit_epoch(net, image_loader(pictures), opt)
    Session(net, image_loader(pictures), opt).run()


def train_text(encoder, train_rows, val_rows):
    encoder = encoder.to("cuda")
    opt = torch.optim.AdamW(encoder.parameters())
    train, _ = text_loaders(train_rows, val_rows)
    for batch in train:
        label = batch["label"].to("cuda")
        opt.zero_grad()
        F.cross_entropy(encoder(batch["tokens"]), label).backward()  # <- TL015
        opt.step()
    for batch in gpu_text_loader(train_rows):
        opt.zero_grad()
        F.cross_entropy(encoder(batch["tokens"]), batch["label"]).backward()
        opt.step()
