# SPDX-License-Identifier: Apache-2.0
import torch
from transformers import Trainer

def main(model, data):
    trainer = Trainer(model=model, train_dataset=data)
    trainer.train()
