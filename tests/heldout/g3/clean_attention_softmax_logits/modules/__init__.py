from .attention import MultiHeadSelfAttention, TransformerBlock

__all__ = ["MultiHeadSelfAttention", "TransformerBlock"]
