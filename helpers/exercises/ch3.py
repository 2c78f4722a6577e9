"""Checks for the exercises of chapter 3, dropout."""

import math

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


@exercise("3.6", form=f"{NUMBER}, a factor")
def _decay_factor(answer):
    value = number(answer)
    eta, lam = 0.05, 0.2
    if _close(value, 1 - eta * lam):
        return True, "A little below 1: the weights shrink geometrically unless the cost pushes back."
    if _close(value, eta * lam):
        return False, "That is what is taken off; the factor is what is left of each weight."
    if _close(value, 1 - lam) or _close(value, 1 - eta):
        return False, "The step size and lambda both enter: the penalty's gradient is scaled by eta."
    if _close(value, 1 + eta * lam):
        return False, "Decay makes the weights smaller: check the sign of the penalty's gradient."
    return False, "Write the step W - eta (dC/dW + lambda W) and collect the terms in W."


@exercise("3.7", form=f"{NUMBER}, an output")
def _ensemble_by_hand(answer):
    value = number(answer)

    def f(v):
        return 1 / (1 + math.exp(-v))

    z = [0.5, 2.1, -0.3, 1.3]  # 0.8 m1 - 0.4 m2 + 0.5 for the masks (0,0), (2,0), (0,2), (2,2)
    outputs = [f(v) for v in z]
    if _close(value, f(sum(z) / 4), 1e-4):
        return True, "The dropout-off output itself: the log-odds are linear in the mask."
    if _close(value, sum(outputs) / 4, 1e-4):
        return False, "That is the arithmetic mean; average the log-odds instead."
    if _close(value, math.prod(outputs) ** 0.25, 1e-4):
        return False, "That is G alone; normalise it with G' = the geometric mean of 1 - f."
    if _close(value, f(0.7), 1e-4):
        return False, "Each thinned net's mask is 0 or 1/(1 - p) = 2, not 0 or 1."
    if _close(value, f(0.5), 1e-4):
        return False, "That is f(b1) alone; the dropout-off input is L1 W1 + b1."
    if _close(value, sum(z) / 4, 1e-4):
        return False, "That is the average log-odds z; the output is f of it."
    return False, "List z(m) for the four masks (0 or 2 per unit), then average the log-odds z."


@exercise("3.8", form=f"{NUMBER}, a cost")
def _dropout_penalty(answer):
    value = number(answer)
    p, sum_x2, w = 0.2, 10.0, 0.5
    penalty = 0.5 * p / (1 - p) * sum_x2 * w**2
    if _close(value, penalty):
        return True, "Weight decay with lambda = p/(1-p) times the feature's sum of squares."
    if _close(value, 2 * penalty):
        return False, "The cost has a factor 1/2, and so does its penalty."
    if _close(value, 0.5 * p * (1 - p) * sum_x2 * w**2):
        return False, "p(1-p) is the unscaled mask's variance; the inverted mask's is p/(1-p)."
    if _close(value, 0.5 * (1 - p) / p * sum_x2 * w**2):
        return False, "Here p is the probability of DROPPING; the penalty grows with p."
    return False, "Var[m] = p/(1-p) for each entry; the penalty is (1/2) Var[m] sum_i x_ij^2 w_j^2."
