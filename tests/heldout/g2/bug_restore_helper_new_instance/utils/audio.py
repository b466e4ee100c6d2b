import torch
import torchaudio
from torch.utils.data import Dataset


class SpeechCommandsMel(Dataset):
    def __init__(self, root, subset, labels, n_mels=40, sample_rate=16000):
        self.ds = torchaudio.datasets.SPEECHCOMMANDS(root, download=True, subset=subset)
        self.label_to_idx = {l: i for i, l in enumerate(labels)}
        self.mel = torchaudio.transforms.MelSpectrogram(sample_rate, n_fft=480, hop_length=160,
                                                        n_mels=n_mels)
        self.sr = sample_rate

    def __len__(self):
        return len(self.ds)

    def __getitem__(self, i):
        wav, sr, label, *_ = self.ds[i]
        wav = torch.nn.functional.pad(wav, (0, max(0, self.sr - wav.shape[-1])))[..., :self.sr]
        feats = (self.mel(wav) + 1e-6).log()
        return feats, self.label_to_idx.get(label, len(self.label_to_idx) - 1)
