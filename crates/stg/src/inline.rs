//! The optimiser's rewrites that see through the IO monad (Note [Inlining
//! IO code]): the helpers the simplifier calls for pushing arguments into
//! `case`/`let`, substituting once-used lambdas, and the state-hack eta
//! expansion of IO actions.

// Note [Inlining IO code]
// ~~~~~~~~~~~~~~~~~~~~~~~
// After newtype erasure an IO action is a function of the `World#` token
// (rep `Void`): `bindIO = \m k w -> case m w of (# w1, r #) -> k r w1`.
// Its uses are always under-saturated (`bindIO m k`), so inlining only
// saturated calls left every `do` step an unknown call through `bindIO`
// with freshly allocated closures for `m` and `k`. What GHC's simplifier
// does instead, and we do too (all switched on by the optimiser):
//
// * Unsaturated inlining. A small top-level function (the same
//   `INLINE_SIZE` test as for saturated calls) whose definition is a lambda
//   with all its binders up front is inlined at a call with fewer
//   arguments: `f a b` becomes `\s -> body[a/m, b/k]`. Non-atomic
//   arguments are let-bound OUTSIDE the new lambda, so each is still
//   computed at most once however often the lambda is called — except when
//   the new lambda is one of the token (the rest of an IO action) and the
//   argument is used once in it, as the head of a call (an action or a
//   continuation) and under no other lambda: then it goes
//   inside, as GHC's state hack treats such a lambda as called once
//   (`is_once_used_in_token_lam`). So `f x >>= k`, with `f` unknown, is
//   `\s -> case f x s of (# s1, r #) -> k r s1`, not a thunk for `f x`
//   built and entered on every run: what makes `mapM_`/`foldM` loops in
//   IO run without a closure per step. Work between
//   lambdas (`\x -> let y = .. in \z -> ..`) is never moved: such a
//   function's stored lambda has only the binders before the work.
// * Beta reduction of literal lambdas (also partial: `(\x y -> e) a` is
//   `let x = a in \y -> e`), and substitution of a lambda-valued argument
//   or `let` that is used exactly once (syntactically) in its scope. A
//   lambda is a value, so moving it, even under another lambda, duplicates
//   no work; its applications then beta-reduce. Each substituted copy is
//   renamed apart (case of case may have copied the use site).
// * Pushing arguments into `case` and `let`: `(case x of p -> e) a` is
//   `case x of p -> e a`, `(let b in e) a` is `let b in e a`, for atom
//   arguments (the World# token is one), then beta again.
// * A `case` of a literal unboxed tuple with one tuple alternative binds
//   the fields (`case (# s, r #) of (# s1, x #) -> e` is `e[s/s1, r/x]`;
//   a non-atomic boxed field is let-bound, an unboxed one cased): what a
//   primop wrapper's `(# s, () #)` meets in an inlined `bindIO`
//   (simplify.rs, `simpl_case`).
// * The state hack. A binding, lambda body or top-level right-hand side
//   that is a `case`/`let` whose leaves are lambdas of a `Void` token
//   (or applications and variables, at least one leaf being such a lambda
//   or a let-bound one) becomes a lambda of the token:
//   `case x of A -> \s -> e1; B -> g` is `\s -> case x of A -> e1; B -> g s`.
//   GHC does this by default (-fno-state-hack is off). The sharing
//   consequence: the `case` (and the `let`s on the way) now run every time
//   the action runs instead of once when the action value is first
//   evaluated. We limit what moves under the lambda to cheap things — case
//   scrutinees that are atoms or cheap primops on atoms (a thunk scrutinee
//   is still evaluated once, by its update), and `let`s of values
//   (lambdas, constructors of atoms) — so no expensive computation in
//   the `case`/`let` spine is repeated (GHC also moves thunks). A leaf
//   that is an application (`B -> g x` becomes `B -> g x s`) is the one
//   place work can be repeated, exactly as with GHC's state hack: if
//   `g x` does pure work before returning its action, that work now runs
//   once per run of the action instead of once per action value. The
//   observable difference is only in cost and in `seq`: `seq` on an IO
//   action no longer evaluates the `case` scrutinee (GHC has the same
//   difference).
//
// Together these turn `loop = takeMVar inbox >>= \t -> .. >> loop` into
// `loop = \s -> case takeMVar# inbox s of (# s1, t #) -> .. loop s2`: a
// known local function of the token whose recursive call is a direct tail
// call, with no closure allocated per iteration.

use frontend::core::{Alt, Bind, Expr, Rep, Var, VarId};

use crate::optimise;
use crate::simplify::{Env, is_atom, simpl_app};

/// `arg` is a lambda and `p` occurs exactly once in `body`: substituting
/// it duplicates neither work nor (much) code.
pub(crate) fn is_once_used_lambda(p: &Var, arg: &Expr, body: &Expr) -> bool {
    p.rep == Rep::Ptr && matches!(arg, Expr::Lam(..)) && occurrences(p.id, body) == 1
}

fn occurrences(x: VarId, e: &Expr) -> usize {
    let mut n = 0;
    optimise::walk(e, &mut |e| {
        if matches!(e, Expr::Var(v) if v.id == x) {
            n += 1;
        }
    });
    n
}

/// The argument for `p` may go into `body`, the lambda of the token that
/// an unsaturated inlining left (`bindIO (f x) k` is `\s -> case f x s of
/// ..`, not `let m = f x in \s -> case m s of ..`): the state hack's
/// one-shot lambda (Note [Inlining IO code]). `p` occurs once in it, under
/// no other lambda, so one run of the action computes the argument at most
/// once; and as the head of a call (an action run, a continuation called),
/// so what may be repeated by a second run is only the work of computing
/// an action, as for a leaf of the state hack, never that of a data
/// argument (`putStrLn (show (fib 30))` keeps its string in a thunk).
pub(crate) fn is_once_used_in_token_lam(p: &Var, body: &Expr) -> bool {
    let Expr::Lam(ps, inner) = body else {
        return false;
    };
    let one_shot = ps.iter().all(|w| w.rep == Rep::Void);
    if p.rep != Rep::Ptr || !one_shot || occurrences(p.id, inner) != 1 {
        return false;
    }
    let mut called = false;
    let mut under_lambda = false;
    optimise::walk(inner, &mut |e| match e {
        Expr::App(f, _) if matches!(&**f, Expr::Var(x) if x.id == p.id) => called = true,
        Expr::Lam(..) if occurrences(p.id, e) > 0 => under_lambda = true,
        _ => {}
    });
    called && !under_lambda
}

/// `(case s of p -> e) args` is `case s of p -> e args`, `(let b in e)
/// args` is `let b in e args` (`f` simplified, `args` atoms).
pub(crate) fn push_args(f: Expr, args: Vec<Expr>, env: &Env) -> Expr {
    match f {
        Expr::Let(b, body) => Expr::Let(b, Box::new(simpl_app(*body, args, env))),
        Expr::Case(s, b, alts) => {
            let alts = alts
                .into_iter()
                .map(|a| Alt {
                    rhs: simpl_app(a.rhs, args.clone(), env),
                    ..a
                })
                .collect();
            Expr::Case(s, b, alts)
        }
        f => Expr::App(Box::new(f), args),
    }
}

/// The state hack (Note [Inlining IO code]): a simplified `case`/`let`
/// whose leaves are IO actions becomes a lambda of the token; anything else
/// is returned unchanged.
pub(crate) fn eta_state(e: Expr, env: &Env) -> Expr {
    let Some(opt) = env.opt() else { return e };
    if !matches!(e, Expr::Case(..) | Expr::Let(..)) {
        return e;
    }
    let mut token_lams = Vec::new();
    let mut found = false;
    if !expandable(&e, env, &mut token_lams, &mut found) || !found {
        return e;
    }
    let w = opt.fresh("s", Rep::Void);
    let body = apply_leaves(e, &w, env);
    Expr::Lam(vec![w], Box::new(body))
}

fn is_token_lam(e: &Expr) -> bool {
    matches!(e, Expr::Lam(ps, _) if ps.first().is_some_and(|p| p.rep == Rep::Void))
}

/// Whether every leaf of `e` can take the token and only cheap code sits
/// on the way; `found` is set when some leaf is known to be an IO action.
fn expandable(e: &Expr, env: &Env, token_lams: &mut Vec<VarId>, found: &mut bool) -> bool {
    let is_value = |r: &Expr| match r {
        Expr::Lam(..) => true,
        Expr::ConApp(_, args) => args.iter().all(is_atom),
        r => is_atom(r),
    };
    match e {
        Expr::Let(b, body) => {
            let pairs: Vec<(&Var, &Expr)> = match &**b {
                Bind::NonRec(v, r) => vec![(v, r)],
                Bind::Rec(g) => g.iter().map(|(v, r)| (v, r)).collect(),
            };
            for (v, r) in pairs {
                if v.rep != Rep::Ptr || !is_value(r) {
                    return false;
                }
                if is_token_lam(r) {
                    token_lams.push(v.id);
                }
            }
            expandable(body, env, token_lams, found)
        }
        Expr::Case(s, _, alts) => {
            let cheap_scrutinee = match &**s {
                Expr::PrimApp(p, args) => {
                    env.opt().is_some_and(|o| o.cheap.contains_key(&p.0))
                        && args.iter().all(is_atom)
                }
                s => is_atom(s),
            };
            cheap_scrutinee
                && !alts.is_empty()
                && alts
                    .iter()
                    .all(|a| expandable(&a.rhs, env, token_lams, found))
        }
        Expr::Lam(ps, _) => {
            let ok = ps.first().is_some_and(|p| p.rep == Rep::Void);
            *found |= ok;
            ok
        }
        Expr::Var(x) => {
            *found |= token_lams.contains(&x.id);
            true
        }
        Expr::App(..) => true,
        _ => false,
    }
}

/// `e` with every leaf applied to the token `w` (leaves as [`expandable`]
/// accepted them).
fn apply_leaves(e: Expr, w: &Var, env: &Env) -> Expr {
    match e {
        Expr::Let(b, body) => Expr::Let(b, Box::new(apply_leaves(*body, w, env))),
        Expr::Case(s, b, alts) => {
            let alts = alts
                .into_iter()
                .map(|a| Alt {
                    rhs: apply_leaves(a.rhs, w, env),
                    ..a
                })
                .collect();
            Expr::Case(s, b, alts)
        }
        Expr::Lam(mut ps, body) => {
            let rest = ps.split_off(1);
            let body = optimise::replace_var(*body, ps[0].id, w);
            if rest.is_empty() {
                body
            } else {
                Expr::Lam(rest, Box::new(body))
            }
        }
        leaf => simpl_app(leaf, vec![Expr::Var(w.clone())], env),
    }
}
