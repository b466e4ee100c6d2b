import torch.nn.functional as F


def fit_epoch(net, batches, opt):
    net.train()
    for pictures, classes in batches:
        opt.zero_grad()
        F.cross_entropy(net(pictures), classes).backward()
        opt.step()


class Session:
    def __init__(self, net, batches, opt):
        self.net = net
        self.batches = batches
        self.opt = opt

    def run(self):
        self.net.train()
        for pictures, classes in self.batches:
            classes = classes.cuda()
            self.opt.zero_grad()
            F.cross_entropy(self.net(pictures), classes).backward()
            self.opt.step()
