/*
 * kamplan.mod - the key-account planning programme of models/README.md,
 * in GNU MathProg.
 *
 * This file is an independent formulation of the integer programme: it is
 * written from the model's description alone (models/README.md), not from
 * kamplan's C model builder, and it decides which accounts qualify as key
 * accounts from the raw account data itself. The test tests/mathprog.sh solves it with glpsol and checks that
 * its optimum equals the one kamplan reports, scenario by scenario.
 *
 * Usage:
 *
 *     kamplan export INSTANCE --dat plan.dat [--scenario ID]
 *     glpsol --cuts -m models/kamplan.mod -d plan.dat
 *
 * After the solve it prints machine-readable lines (one field per blank,
 * identifiers as they are in the CSV files):
 *
 *     KAMPLAN_OBJECTIVE value
 *     KAMPLAN_ACCOUNT   id key hours cost value contacts_engaged objectives_supported
 *     KAMPLAN_ACTIVITY  id account_id count hours cost value
 *
 * followed by a short report for people. The lines are printed only when
 * glpsol found a solution: check its log for "INTEGER OPTIMAL SOLUTION
 * FOUND" first. (An id containing a blank makes the KAMPLAN_ACCOUNT and
 * KAMPLAN_ACTIVITY lines ambiguous; KAMPLAN_OBJECTIVE is always safe.)
 *
 * Two glpsol (GLPK 5.0) quirks to expect:
 *  - When no account is eligible the programme has no variables, and
 *    glpsol solves it as an LP: it reports "OPTIMAL SOLUTION FOUND" (not
 *    INTEGER) with objective 0.
 *  - When the MIP presolver fixes every variable, the cover-cut generator
 *    (part of --cuts) aborts with "glp_add_cols: ncs = 0; invalid number
 *    of columns". Solve such an instance again with --cuts --nointopt (or
 *    without --cuts); tests/mathprog.sh does so.
 *
 * Conventions of the data file (written by kamplan's `export --dat`):
 *  - every identifier is a quoted symbol ('A0001'), so ids that look like
 *    numbers keep their spelling;
 *  - optional numbers that the model allows to be unset (the budget, caps,
 *    thresholds, ...) come with a 0/1 flag "has_..." beside them, because
 *    MathProg has no "missing" value; a value whose flag is 0 is ignored.
 */

/* ======================================================================
 * Scenario and policy
 * ====================================================================== */

/* The scenario's name, for the report only. */
param scenario symbolic default 'base';

/* Hours available in the horizon, all accounts together (policy `hours`,
 * after the scenario's override or scale). */
param total_hours >= 0;

/* Money available, all accounts together; no limit when has_budget = 0. */
param has_budget binary default 0;
param total_budget >= 0 default 0;

/* How many accounts may be managed as key accounts; no limit when
 * has_max_key_accounts = 0. */
param has_max_key_accounts binary default 0;
param max_key_accounts integer >= 0 default 0;

/* Contacts that must be engaged in every managed key account. */
param min_contacts integer >= 0 default 3;

/* 1: every entrenched influencer of a managed account must be engaged. */
param require_entrenched binary default 1;

/* When set, every opponent whose influence is >= opponent_influence, in a
 * managed account, must be engaged (such a person can block a deal). */
param has_opponent_influence binary default 0;
param opponent_influence default 0;

/* ======================================================================
 * Qualification: which `auto` accounts are key-account material
 * ====================================================================== */

/* The qualification criteria, named as the columns of accounts.csv. Every
 * criterion is met when the account's value is >= the policy's threshold
 * (min_sales, min_margin_pct, ...), except days_to_pay, which is met when
 * the value is <= the threshold (max_days_to_pay): paying late counts
 * against a customer. */
set CRITERIA := {'sales', 'margin_pct', 'growth_pct', 'potential',
                 'days_to_pay', 'access', 'openness'};

/* The criteria for which policy.csv sets a threshold, and the thresholds.
 * Criteria without a threshold play no part. */
set THRESHOLD_SET within CRITERIA default {};
param threshold{THRESHOLD_SET};

/* An `auto` account qualifies when it meets at least min_criteria of the
 * criteria that have a threshold (by default all of them). */
param min_criteria integer >= 0 default card(THRESHOLD_SET);

/* ======================================================================
 * Accounts
 * ====================================================================== */

set ACCOUNTS;

/* key: must be managed; exclude: never; auto: managed only if qualified
 * and worth it. */
param status{ACCOUNTS} symbolic in {'auto', 'key', 'exclude'} default 'auto';

/* The account's values for the qualification criteria. */
param sales{ACCOUNTS} default 0;
param margin_pct{ACCOUNTS} default 0;
param growth_pct{ACCOUNTS} default 0;
param potential{ACCOUNTS} default 0;
param days_to_pay{ACCOUNTS} default 0;
param access{ACCOUNTS} default 0;
param openness{ACCOUNTS} default 0;

/* Caps on hours and money spent on the account (none when the flag is 0),
 * and the hours it needs if it is managed at all. */
param has_max_hours{ACCOUNTS} binary default 0;
param max_hours{ACCOUNTS} >= 0 default 0;
param has_max_budget{ACCOUNTS} binary default 0;
param max_budget{ACCOUNTS} >= 0 default 0;
param min_hours{ACCOUNTS} >= 0 default 0;

/* The account's value for criterion c, whatever its column. */
param crit_value{k in ACCOUNTS, c in CRITERIA} :=
    if c = 'sales' then sales[k]
    else if c = 'margin_pct' then margin_pct[k]
    else if c = 'growth_pct' then growth_pct[k]
    else if c = 'potential' then potential[k]
    else if c = 'days_to_pay' then days_to_pay[k]
    else if c = 'access' then access[k]
    else openness[k];

/* 1 when account k meets criterion c (which must have a threshold). */
param meets{k in ACCOUNTS, c in THRESHOLD_SET} :=
    if c = 'days_to_pay' then (if crit_value[k, c] <= threshold[c] then 1 else 0)
    else (if crit_value[k, c] >= threshold[c] then 1 else 0);

param criteria_met{k in ACCOUNTS} := sum{c in THRESHOLD_SET} meets[k, c];

param qualified{k in ACCOUNTS} :=
    if status[k] = 'auto' and criteria_met[k] >= min_criteria then 1 else 0;

/* ======================================================================
 * Contacts and objectives
 * ====================================================================== */

set CONTACTS;
param con_account{CONTACTS} symbolic in ACCOUNTS;
param influence{CONTACTS} default 0;
param entrenched{CONTACTS} binary default 0;
param stance{CONTACTS} symbolic in {'supporter', 'neutral', 'opponent'}
    default 'neutral';

set OBJECTIVES;
param obj_account{OBJECTIVES} symbolic in ACCOUNTS;
/* Value to us of helping the customer achieve the objective. */
param obj_value{OBJECTIVES} >= 0 default 0;

/* ======================================================================
 * Activities
 * ====================================================================== */

set ACTIVITIES;
param act_account{ACTIVITIES} symbolic in ACCOUNTS;
/* Hours and money per occurrence; the value of the first occurrence, and
 * the factor by which each further occurrence is worth less. */
param hours{ACTIVITIES} > 0;
param cost{ACTIVITIES} >= 0 default 0;
param value{ACTIVITIES} >= 0 default 0;
param decay{i in ACTIVITIES} > 0, <= 1 default 1;
param max_count{ACTIVITIES} integer >= 1 default 1;
/* Commitments: occurrences that must be in the plan, and (locked = 1) the
 * count fixed at min_count (0 without one: the activity is banned). */
param min_count{i in ACTIVITIES} integer >= 0, <= max_count[i] default 0;
param locked{ACTIVITIES} binary default 0;

/* (i, c): activity i engages contact c. (i, o): activity i supports
 * objective o. */
set ENGAGES within {ACTIVITIES, CONTACTS};
set SUPPORTS within {ACTIVITIES, OBJECTIVES};

/* (b, a): activity b requires activity a, i.e. b may only be done if a is
 * done at least once. */
set REQUIRES within {ACTIVITIES, ACTIVITIES};

/* Groups of alternative activities: at most one activity of each group is
 * done. */
set GROUPS default {};
set GROUP{GROUPS} within ACTIVITIES default {};

/* ---- Commitments ------------------------------------------------------ */

/* The scenario's own commitments (scenarios.csv's key and exclude): the
 * accounts forced key, and those dropped, in this scenario only. */
set SCEN_KEY within ACCOUNTS default {};
set SCEN_EXCLUDE within ACCOUNTS default {};

/* An account with an activity of min_count >= 1 is committed: it must be
 * key. */
param committed{k in ACCOUNTS} :=
    if card({i in ACTIVITIES: act_account[i] = k and min_count[i] >= 1}) > 0
    then 1 else 0;

/* Excluded in this scenario: by its exclude, or by status `exclude`
 * unless the scenario's key forces it. */
param excluded{k in ACCOUNTS} :=
    if k in SCEN_EXCLUDE or (status[k] = 'exclude' and k not in SCEN_KEY)
    then 1 else 0;

/* Forced key in this scenario: by its key, status `key` or a commitment,
 * unless excluded (the scenario's exclude wins). */
param forced{k in ACCOUNTS} :=
    if excluded[k] = 0 and (k in SCEN_KEY or status[k] = 'key' or committed[k] = 1)
    then 1 else 0;

/* K: the eligible accounts, the only ones the programme knows about. An
 * excluded or unqualified account has no variables at all, and neither
 * have its contacts, objectives and activities; an excluded account with a
 * committed activity keeps its variables, with y fixed to 0
 * (scenario_exclude), so that the scenario is infeasible. */
set K := {k in ACCOUNTS: forced[k] = 1 or (excluded[k] = 0 and qualified[k] = 1)
                         or (excluded[k] = 1 and committed[k] = 1)};

/* ---- What belongs to the eligible accounts ---------------------------- */

set KACT := {i in ACTIVITIES: act_account[i] in K};
set KCON := {c in CONTACTS: con_account[c] in K};
set KOBJ := {o in OBJECTIVES: obj_account[o] in K};

/* Per-account lists, to keep the constraints below readable. */
set ACT_OF{k in K} := {i in KACT: act_account[i] = k};
set CON_OF{k in K} := {c in KCON: con_account[c] = k};

/* Occurrences of activity i: 1..max_count[i]. */
set OCC{i in KACT} := 1 .. max_count[i];

/* Value of occurrence j of activity i: diminishing returns. */
param occ_value{i in KACT, j in OCC[i]} := value[i] * decay[i] ** (j - 1);

/* Contacts whose engagement a managed account cannot do without: the
 * entrenched influencers (when required) and the opponents at or above
 * opponent_influence (when that rule is set). */
set MUST_ENGAGE := {c in KCON:
       (require_entrenched = 1 and entrenched[c] = 1)
    or (has_opponent_influence = 1 and stance[c] = 'opponent'
        and influence[c] >= opponent_influence)};

/* ======================================================================
 * A team of managers (managers.csv; none by default)
 * ====================================================================== */

/* Each manager's hours in the horizon, in this scenario (after
 * hours_scale or manager_hours_scale), money (after budget_scale; no limit
 * when has_mgr_budget = 0) and key accounts (no limit when
 * has_max_accounts = 0). */
set MANAGERS default {};
param mgr_hours{MANAGERS} >= 0;
param has_mgr_budget{MANAGERS} binary default 0;
param mgr_budget{MANAGERS} >= 0 default 0;
param has_max_accounts{MANAGERS} binary default 0;
param max_accounts{MANAGERS} integer >= 0 default 0;

/* The manager each account is fixed to (accounts.csv manager_id). */
param manager{ACCOUNTS} symbolic default '';
set ACC_OF_MGR{m in MANAGERS} := {k in K: manager[k] = m};

/* The accounts whose manager the optimiser chooses (an empty manager_id
 * with managers.csv), and a bound on each one's hours and money: every
 * activity done max_count times. */
set CHOSEN := {k in K: manager[k] = '' and card(MANAGERS) > 0};
param hours_cap{k in CHOSEN} := sum{i in ACT_OF[k]} hours[i] * max_count[i];
param cost_cap{k in CHOSEN} := sum{i in ACT_OF[k]} cost[i] * max_count[i];

/* ======================================================================
 * A horizon in periods (periods.csv; none by default: one period, and
 * nothing below about periods has a member)
 * ====================================================================== */

/* Periods 1 .. nper in time order, each with its hours and money in this
 * scenario (after hours_scale or period_hours_scale, and budget_scale; no
 * limit when has_... is 0). */
param nper integer >= 0 default 0;
set PER := 1 .. nper;
param per_id{PER} symbolic;
param has_per_hours{PER} binary default 0;
param per_hours{PER} >= 0 default 0;
param has_per_budget{PER} binary default 0;
param per_budget{PER} >= 0 default 0;

/* Each activity's window (activities.csv earliest, latest, as period
 * numbers) and its most occurrences in one period (max_per_period, at most
 * max_count). */
param earliest{ACTIVITIES} integer >= 1 default 1;
param latest{ACTIVITIES} integer default nper;
param max_per{i in ACTIVITIES} integer >= 1 default max_count[i];

/* ======================================================================
 * Variables (binary; n integer; a team's h and c continuous)
 * ====================================================================== */

/* y[k] = 1: account k is managed as a key account. */
var y{K} binary;

/* x[i, j] = 1: the j-th occurrence of activity i is done. Occurrences are
 * done in order (constraint `occ_order`), so n[i] = sum_j x[i, j] is the
 * number of times i is done and x[i, 1] says whether it is done at all. */
var x{i in KACT, j in OCC[i]} binary;

/* z[c] = 1: contact c is engaged (some activity with c is done). */
var z{KCON} binary;

/* w[o] = 1: objective o is supported (some activity for o is done). */
var w{KOBJ} binary;

/* A team (CHOSEN): u[k, m] = 1: manager m holds account k; hm[k, m] and
 * cm[k, m] (continuous, the only ones; h and c of the programme): the
 * hours and money of k charged to m. */
var u{CHOSEN, MANAGERS} binary;
var hm{CHOSEN, MANAGERS} >= 0;
var cm{CHOSEN, MANAGERS} >= 0;

/* n[i, p]: occurrences of activity i in period p (with periods). */
var n{i in KACT, p in PER} integer >= 0, <= min(max_per[i], max_count[i]);

/* s[a, p] = 1: activity a, which another requires, has been done in
 * period p or before. */
set NEEDED := setof{(b, a) in REQUIRES: b in KACT and a in KACT} a;
var s{NEEDED, PER} binary;

/* ======================================================================
 * Objective: value of the occurrences done plus value of the objectives
 * supported
 * ====================================================================== */

maximize total_value:
      sum{i in KACT, j in OCC[i]} occ_value[i, j] * x[i, j]
    + sum{o in KOBJ} obj_value[o] * w[o];

/* ======================================================================
 * Constraints (numbered as in models/README.md)
 * ====================================================================== */

/* The j-th occurrence only after the (j-1)-th. */
s.t. occ_order{i in KACT, j in OCC[i]: j > 1}:
    x[i, j] <= x[i, j - 1];

/* A contact counts as engaged only when an activity with that contact is
 * done; a contact no activity engages is never engaged. ((i, c) in ENGAGES,
 * with c already fixed by the constraint's index, runs over the pairs of
 * ENGAGES whose contact is c: a MathProg "slice".) */
s.t. engaged{c in KCON}:
    z[c] <= sum{(i, c) in ENGAGES: i in KACT} x[i, 1];

/* Likewise an objective is supported only through an activity for it. */
s.t. supported{o in KOBJ}:
    w[o] <= sum{(i, o) in SUPPORTS: i in KACT} x[i, 1];

/* 1. Hours, all accounts together. */
s.t. hours_total:
    sum{i in KACT} hours[i] * sum{j in OCC[i]} x[i, j] <= total_hours;

/* 2. Budget, all accounts together (when set). */
s.t. budget_total{b in 1 .. 1: has_budget = 1}:
    sum{i in KACT} cost[i] * sum{j in OCC[i]} x[i, j] <= total_budget;

/* 3. Linking: activities only for managed accounts. */
s.t. link{i in KACT}:
    x[i, 1] <= y[act_account[i]];

/* 4. Hours on one account: at most its cap (when set), at least its
 * minimum when it is managed. */
s.t. account_hours_max{k in K: has_max_hours[k] = 1}:
    sum{i in ACT_OF[k]} hours[i] * sum{j in OCC[i]} x[i, j] <= max_hours[k] * y[k];

s.t. account_hours_min{k in K: min_hours[k] > 0}:
    sum{i in ACT_OF[k]} hours[i] * sum{j in OCC[i]} x[i, j] >= min_hours[k] * y[k];

/* 5. Money on one account, at most its cap (when set). */
s.t. account_budget{k in K: has_max_budget[k] = 1}:
    sum{i in ACT_OF[k]} cost[i] * sum{j in OCC[i]} x[i, j] <= max_budget[k] * y[k];

/* 6. Relationship breadth: a managed account has min_contacts engaged
 * contacts. */
s.t. breadth{k in K: min_contacts > 0}:
    sum{c in CON_OF[k]} z[c] >= min_contacts * y[k];

/* 7. Entrenched influencers (and blocking opponents) of a managed account
 * are engaged. */
s.t. must_engage{c in MUST_ENGAGE}:
    z[c] >= y[con_account[c]];

/* 8. Prerequisites: b only if a. A prerequisite of an account that is not
 * eligible can never be done, so neither can b. */
s.t. prerequisite{(b, a) in REQUIRES: b in KACT and a in KACT}:
    x[b, 1] <= x[a, 1];

s.t. prerequisite_out{(b, a) in REQUIRES: b in KACT and a not in KACT}:
    x[b, 1] = 0;

/* 9. Alternatives: at most one activity of each group. */
s.t. alternatives{g in GROUPS: card(GROUP[g] inter KACT) > 1}:
    sum{i in GROUP[g] inter KACT} x[i, 1] <= 1;

/* 10. Portfolio size (when set). */
s.t. portfolio{b in 1 .. 1: has_max_key_accounts = 1}:
    sum{k in K} y[k] <= max_key_accounts;

/* Accounts with status `key` must be managed (unless the scenario
 * excludes them). If one of them cannot meet its rules the whole scenario
 * is infeasible, as models/README.md says. */
s.t. forced_key{k in K: status[k] = 'key' and excluded[k] = 0}:
    y[k] = 1;

/* 11. Commitments. The scenario's key accounts must be managed; an excluded
 * account is not (it is in K only when committed: then infeasible). */
s.t. scenario_key{k in SCEN_KEY: excluded[k] = 0}:
    y[k] = 1;

s.t. scenario_exclude{k in K: excluded[k] = 1}:
    y[k] = 0;

/* An activity's min_count occurrences are done (which makes its account
 * key through link). */
s.t. committed_count{i in KACT: min_count[i] >= 1}:
    sum{j in OCC[i]} x[i, j] >= min_count[i];

/* A locked activity is done exactly min_count times: at most, here. */
s.t. locked_count{i in KACT: locked[i] = 1}:
    sum{j in OCC[i]} x[i, j] <= min_count[i];

/* 12. A team: each manager's hours, money and key accounts, over the
 * accounts fixed to them and the chosen accounts they hold. */
s.t. manager_hours{m in MANAGERS}:
    sum{k in ACC_OF_MGR[m], i in ACT_OF[k]} hours[i] * sum{j in OCC[i]} x[i, j]
      + sum{k in CHOSEN} hm[k, m]
        <= mgr_hours[m];

s.t. manager_budget{m in MANAGERS: has_mgr_budget[m] = 1}:
    sum{k in ACC_OF_MGR[m], i in ACT_OF[k]} cost[i] * sum{j in OCC[i]} x[i, j]
      + sum{k in CHOSEN} cm[k, m]
        <= mgr_budget[m];

s.t. manager_accounts{m in MANAGERS: has_max_accounts[m] = 1}:
    sum{k in ACC_OF_MGR[m]} y[k] + sum{k in CHOSEN} u[k, m] <= max_accounts[m];

/* A chosen account: one manager holds it when it is key, none otherwise;
 * its hours and money go to that manager. */
s.t. manager_assign{k in CHOSEN}:
    sum{m in MANAGERS} u[k, m] = y[k];

s.t. manager_share_hours{k in CHOSEN}:
    sum{m in MANAGERS} hm[k, m]
        = sum{i in ACT_OF[k]} hours[i] * sum{j in OCC[i]} x[i, j];

s.t. manager_share_cost{k in CHOSEN}:
    sum{m in MANAGERS} cm[k, m]
        = sum{i in ACT_OF[k]} cost[i] * sum{j in OCC[i]} x[i, j];

s.t. manager_holds_hours{k in CHOSEN, m in MANAGERS}:
    hm[k, m] <= hours_cap[k] * u[k, m];

s.t. manager_holds_cost{k in CHOSEN, m in MANAGERS}:
    cm[k, m] <= cost_cap[k] * u[k, m];

/* 13. Periods (with periods.csv): the occurrences of an activity lie in
 * its periods, each period's hours and money within its own, and b only
 * in a period once a (which b requires) has been done in it or before. */
s.t. period_split{i in KACT: nper > 0}:
    sum{p in PER} n[i, p] = sum{j in OCC[i]} x[i, j];

s.t. period_window{i in KACT, p in PER: p < earliest[i] or p > latest[i]}:
    n[i, p] = 0;

s.t. period_reached{a in NEEDED, p in PER}:
    s[a, p] <= sum{q in PER: q <= p} n[a, q];

s.t. period_order{(b, a) in REQUIRES, p in PER: b in KACT and a in KACT}:
    n[b, p] <= min(max_per[b], max_count[b]) * s[a, p];

s.t. period_hours{p in PER: has_per_hours[p] = 1}:
    sum{i in KACT} hours[i] * n[i, p] <= per_hours[p];

s.t. period_budget{p in PER: has_per_budget[p] = 1}:
    sum{i in KACT} cost[i] * n[i, p] <= per_budget[p];

solve;

/* ======================================================================
 * Report
 * ====================================================================== */

/* Values of the solution, rounded: the solver's binaries are within its
 * integrality tolerance of 0 or 1. */
param cnt{i in KACT} := round(sum{j in OCC[i]} x[i, j]);
param act_value{i in KACT} := sum{j in OCC[i]: j <= cnt[i]} occ_value[i, j];
param acc_hours{k in K} := sum{i in ACT_OF[k]} hours[i] * cnt[i];
param acc_cost{k in K} := sum{i in ACT_OF[k]} cost[i] * cnt[i];
param acc_value{k in K} := sum{i in ACT_OF[k]} act_value[i]
    + sum{o in KOBJ: obj_account[o] = k} obj_value[o] * round(w[o]);

printf "KAMPLAN_OBJECTIVE %.15g\n", total_value;
printf{k in K} "KAMPLAN_ACCOUNT %s %d %.17g %.17g %.17g %d %d\n",
    k, round(y[k]), acc_hours[k], acc_cost[k], acc_value[k],
    sum{c in CON_OF[k]} round(z[c]),
    sum{o in KOBJ: obj_account[o] = k} round(w[o]);
printf{i in KACT: cnt[i] >= 1} "KAMPLAN_ACTIVITY %s %s %d %.17g %.17g %.17g\n",
    i, act_account[i], cnt[i], hours[i] * cnt[i], cost[i] * cnt[i],
    act_value[i];

printf "\nScenario %s: plan value %.2f, %.2f of %.2f hours",
    scenario, total_value, sum{i in KACT} hours[i] * cnt[i], total_hours;
printf{b in 1 .. 1: has_budget = 1} ", %.2f of %.2f budget",
    sum{i in KACT} cost[i] * cnt[i], total_budget;
printf{b in 1 .. 1: has_budget = 0} ", no budget limit";
printf "\n\n%-16s %-8s %8s %-4s %10s %12s %8s\n",
    "account", "status", "criteria", "key", "hours", "value", "contacts";
for{k in ACCOUNTS} {
    /* Eligible accounts: managed or not, with what the plan gives them. */
    printf{b in 1 .. 1: k in K} "%-16s %-8s %4d/%-3d %-4s %10.2f %12.2f %4d/%-3d\n",
        k, status[k], criteria_met[k], card(THRESHOLD_SET),
        if round(y[k]) = 1 then "yes" else "no",
        acc_hours[k], acc_value[k],
        sum{c in CON_OF[k]} round(z[c]), card(CON_OF[k]);
    /* The others have no variables. */
    printf{b in 1 .. 1: k not in K} "%-16s %-8s %4d/%-3d %-4s %10s %12s %8s\n",
        k, status[k], criteria_met[k], card(THRESHOLD_SET),
        "-", "-", "-", "-";
}
printf "(criteria: met/set, %d needed by an auto account; key '-': not eligible)\n",
    min_criteria;

end;
