def run(model, ids):
    return model.generate(ids)
