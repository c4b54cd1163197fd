/*
 * analysis.h - the analysis layer: judging a hand-made plan (evaluate),
 * explaining why a scenario has no plan (explain), and comparing
 * heuristics with the optimum (bench). Its entry points are kamplan.h's
 * kp_evaluate, kp_explain and kp_bench; nothing of its own is shared yet.
 * Sits on src/results. Not installed.
 */
#ifndef KAMPLAN_ANALYSIS_H
#define KAMPLAN_ANALYSIS_H

#include "results/results.h"

#endif /* KAMPLAN_ANALYSIS_H */
