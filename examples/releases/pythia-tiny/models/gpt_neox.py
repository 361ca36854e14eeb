import torch.nn as nn


class GPTNeoX(nn.Module):
    def __init__(self):
        super().__init__()
