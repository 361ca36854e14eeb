from datasketch import MinHash

def dedup(docs):
    return docs
