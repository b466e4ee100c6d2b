from .embedding_net import EmbeddingNet, TripletNet

__all__ = ["EmbeddingNet", "TripletNet"]
