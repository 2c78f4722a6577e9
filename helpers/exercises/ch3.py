"""Checks for the exercises of chapter 3, dropout."""

from helpers.exercises import NUMBER, close, exercise, number


def _close(value, target, tol=1e-6):
    return close(value, target, tol, floor=1.0)


@exercise("3.1", form=f"{NUMBER}, a factor")
def _scale_factor(answer):
    value = number(answer)
    p = 0.2
    if _close(value, 1 / (1 - p)):
        return True, "Kept units are divided by the probability of being kept."
    if _close(value, 1 / p):
        return False, "p is the probability of DROPPING; divide by the probability of keeping."
    if _close(value, 1 - p) or _close(value, p):
        return False, "That is a probability; the factor makes up for the units that are lost."
    return False, "Make E[m] = 1 for a mask m that is 0 with probability p."


@exercise("3.2", form=f"{NUMBER}, a probability")
def _all_dropped(answer):
    p, h = 0.5, 5
    value = number(answer)
    if _close(value, p**h, 1e-4):
        return True, "Independent coins multiply; with 50 hidden units it would be far rarer."
    if _close(value, 1 - (1 - p) ** h, 1e-4):
        return False, "That is the chance that at least one unit is dropped."
    if _close(value, p * h, 1e-4) or _close(value, p / h, 1e-4):
        return False, "The units are dropped independently: combine their chances by multiplying."
    return False, "Each unit is dropped on its own coin toss; all of them must come up 'drop'."


@exercise("3.3", form=f"{NUMBER}, a variance")
def _mask_variance(answer):
    a, p = 0.6, 0.25
    value = number(answer)
    if _close(value, a**2 * p / (1 - p)):
        return True, "Dropout keeps the mean of a unit, not its spread."
    if _close(value, a**2 * p * (1 - p)):
        return False, "That is the variance of the unscaled 0/1 mask times a; scale the mask first."
    if _close(value, a**2 / (1 - p)):
        return False, "That is E[(m a)^2]; subtract the square of the mean."
    if _close(value, a * p / (1 - p)):
        return False, "The activation enters squared: Var[c X] = c^2 Var[X]."
    return False, "Use Var[m a] = a^2 (E[m^2] - E[m]^2) with m = 0 or 1/(1 - p)."


@exercise("3.4", form=f"{NUMBER}, a factor")
def _test_weight_factor(answer):
    value = number(answer)
    p = 0.3
    if _close(value, 1 - p):
        return True, "Test-time weights times the keep probability: the original recipe."
    if _close(value, 1 / (1 - p)):
        return False, "That would make the mismatch worse: at test the full activation arrives."
    if _close(value, p):
        return False, "p is the probability of DROPPING; think about what fraction arrived in training."
    return False, "Compare the average input layer 2 saw in training with what it sees at test."
