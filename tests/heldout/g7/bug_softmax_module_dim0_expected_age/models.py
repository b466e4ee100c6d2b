import torch
import torch.nn as nn
import torchvision


class DEXAgeNet(nn.Module):
    """Deep EXpectation of apparent age: classify into age bins, regress the expectation."""

    def __init__(self, min_age=0, max_age=100, pretrained=True):
        super().__init__()
        weights = torchvision.models.ResNet50_Weights.IMAGENET1K_V2 if pretrained else None
        backbone = torchvision.models.resnet50(weights=weights)
        in_feats = backbone.fc.in_features
        backbone.fc = nn.Identity()
        self.backbone = backbone
        self.dropout = nn.Dropout(0.2)
        self.age_logits = nn.Linear(in_feats, max_age - min_age + 1)
        self.softmax = nn.Softmax(dim=0)  # EXPECT: TL014
        self.register_buffer("ages", torch.arange(min_age, max_age + 1, dtype=torch.float32))

    def forward(self, x):
        feats = self.dropout(self.backbone(x))
        logits = self.age_logits(feats)
        probs = self.softmax(logits)  # <- TL014
        expected_age = (probs * self.ages).sum(dim=1)
        return expected_age, probs


def param_groups(model, lr_backbone, lr_head):
    return [
        {"params": model.backbone.parameters(), "lr": lr_backbone},
        {"params": model.age_logits.parameters(), "lr": lr_head},
    ]
