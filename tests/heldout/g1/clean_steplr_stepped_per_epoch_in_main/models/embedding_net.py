import torch.nn as nn
import torch.nn.functional as F
import torchvision


class EmbeddingNet(nn.Module):
    def __init__(self, embed_dim=128, pretrained=True):
        super().__init__()
        weights = "IMAGENET1K_V1" if pretrained else None
        base = torchvision.models.resnet50(weights=weights)
        self.backbone = nn.Sequential(*list(base.children())[:-1])
        self.neck = nn.Sequential(
            nn.Flatten(),
            nn.Linear(base.fc.in_features, 512),
            nn.BatchNorm1d(512),
            nn.ReLU(inplace=True),
            nn.Linear(512, embed_dim),
        )

    def forward(self, x):
        return F.normalize(self.neck(self.backbone(x)), dim=-1)


class TripletNet(nn.Module):
    def __init__(self, embedding_net):
        super().__init__()
        self.embedding_net = embedding_net

    def forward(self, anchor, positive, negative):
        return self.embedding_net(anchor), self.embedding_net(positive), self.embedding_net(negative)

    def get_embedding(self, x):
        return self.embedding_net(x)
