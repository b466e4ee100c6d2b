from .autoencoder import DenseAutoEncoder

__all__ = ["DenseAutoEncoder"]
