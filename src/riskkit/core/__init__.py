"""The pure core: answers -> facts -> scores, verdicts, plan. No file, network or PDF I/O.

values and facts are the vocabulary; model is the questionnaire in memory; conditions the
small expression language; answers the answers in memory; interview what to ask next;
scoring, verdicts, plan, fria and policy turn answers into a Result (result).
"""
