import lm_eval

lm_eval.simple_evaluate(model='hf')
