//! Unification variables and first-order unification with an occurs check.
//!
//! Every unification variable has a *level*: the let-nesting depth at which
//! it was created. Generalisation of a binding at level `n` quantifies over
//! the unsolved variables of level `> n` (Note [Level-based generalisation]).
//! Binding a variable lowers the levels of the variables in its solution to
//! its own, so that a variable that escapes into an outer type is never
//! generalised.

// Note [Level-based generalisation]
// ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
// Instead of computing the free variables of the whole environment at each
// `let` (quadratic), each variable remembers the deepest enclosing binding
// group that could still generalise it. Entering a binding group increments
// the current level; fresh variables get the current level; when `a := t`,
// every variable of `t` takes `min(level(var), level(a))`. At the end of the
// group, variables whose level is still greater than the outer level are
// local to the group and may be quantified. This is the scheme used by OCaml
// and described by Rémy (1992).

use super::types::{MetaId, Type};

#[derive(Clone, Debug)]
struct MetaVar {
    level: u32,
    solution: Option<Type>,
}

/// The store of unification variables: the current substitution.
#[derive(Clone, Debug, Default)]
pub struct MetaStore {
    vars: Vec<MetaVar>,
}

/// Why two types did not unify.
#[derive(Clone, Debug, PartialEq)]
pub enum UnifyError {
    /// Two different type constructors or rigid variables (zonked).
    Mismatch(Type, Type),
    /// `a ~ t` where `t` mentions `a`.
    Occurs(MetaId, Type),
}

impl MetaStore {
    pub fn fresh(&mut self, level: u32) -> Type {
        let id = MetaId(self.vars.len() as u32);
        self.vars.push(MetaVar {
            level,
            solution: None,
        });
        Type::Meta(id)
    }

    pub fn level(&self, m: MetaId) -> u32 {
        self.vars[m.0 as usize].level
    }

    pub fn solution(&self, m: MetaId) -> Option<&Type> {
        self.vars[m.0 as usize].solution.as_ref()
    }

    /// Lowers a variable's level (keeps it from being generalised).
    pub fn lower_level(&mut self, m: MetaId, level: u32) {
        let v = &mut self.vars[m.0 as usize];
        v.level = v.level.min(level);
    }

    /// Binds an unsolved variable directly (used by defaulting).
    pub fn set(&mut self, m: MetaId, t: Type) {
        self.vars[m.0 as usize].solution = Some(t);
    }

    /// Follows solved variables at the head only.
    pub fn shallow(&self, t: &Type) -> Type {
        let mut t = t.clone();
        while let Type::Meta(m) = t {
            match self.solution(m) {
                Some(s) => t = s.clone(),
                None => break,
            }
        }
        t
    }

    /// Substitutes every solved variable, recursively.
    pub fn zonk(&self, t: &Type) -> Type {
        match t {
            Type::Meta(m) => match self.solution(*m) {
                Some(s) => self.zonk(s),
                None => t.clone(),
            },
            Type::App(a, b) => Type::app(self.zonk(a), self.zonk(b)),
            _ => t.clone(),
        }
    }

    pub fn unify(&mut self, a: &Type, b: &Type) -> Result<(), UnifyError> {
        let a = self.shallow(a);
        let b = self.shallow(b);
        match (&a, &b) {
            (Type::Meta(x), Type::Meta(y)) if x == y => Ok(()),
            (Type::Meta(x), _) => self.bind(*x, &b),
            (_, Type::Meta(y)) => self.bind(*y, &a),
            (Type::Con(x), Type::Con(y)) if x == y => Ok(()),
            (Type::Skolem(x, _), Type::Skolem(y, _)) if x == y => Ok(()),
            (Type::Gen(x), Type::Gen(y)) if x == y => Ok(()),
            (Type::App(f1, a1), Type::App(f2, a2)) => {
                self.unify(f1, f2)?;
                self.unify(a1, a2)
            }
            _ => Err(UnifyError::Mismatch(self.zonk(&a), self.zonk(&b))),
        }
    }

    fn bind(&mut self, m: MetaId, t: &Type) -> Result<(), UnifyError> {
        let t = self.zonk(t);
        if t.any(&mut |x| *x == Type::Meta(m)) {
            return Err(UnifyError::Occurs(m, t));
        }
        let level = self.level(m);
        let mut inner = Vec::new();
        t.metas(&mut inner);
        for v in inner {
            let var = &mut self.vars[v.0 as usize];
            var.level = var.level.min(level);
        }
        self.vars[m.0 as usize].solution = Some(t);
        Ok(())
    }

    /// One-way matching of an instance head pattern (with `Gen` variables)
    /// against a zonked type: fills `out[i]` for `Gen(i)`. Metas in `t` are
    /// not bound.
    pub fn match_gen(&self, pat: &Type, t: &Type, out: &mut Vec<Option<Type>>) -> bool {
        let t = self.shallow(t);
        match (pat, &t) {
            (Type::Gen(i), _) => {
                let i = *i as usize;
                if out.len() <= i {
                    out.resize(i + 1, None);
                }
                match &out[i] {
                    Some(prev) => self.zonk(prev) == self.zonk(&t),
                    None => {
                        out[i] = Some(t.clone());
                        true
                    }
                }
            }
            (Type::Con(x), Type::Con(y)) => x == y,
            (Type::App(f1, a1), Type::App(f2, a2)) => {
                self.match_gen(f1, f2, out) && self.match_gen(a1, a2, out)
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unifies_and_zonks() {
        let mut s = MetaStore::default();
        let a = s.fresh(1);
        let b = s.fresh(1);
        let t1 = Type::fun(a.clone(), Type::list(b.clone()));
        let t2 = Type::fun(Type::con("Int"), a.clone());
        // a := Int, [b] ~ a fails: Int vs [b]
        assert!(matches!(s.unify(&t1, &t2), Err(UnifyError::Mismatch(..))));
        let mut s = MetaStore::default();
        let a = s.fresh(1);
        let b = s.fresh(1);
        s.unify(
            &Type::fun(a.clone(), b.clone()),
            &Type::fun(Type::con("Int"), Type::list(a.clone())),
        )
        .unwrap();
        assert_eq!(s.zonk(&b), Type::list(Type::con("Int")));
    }

    #[test]
    fn occurs_check() {
        let mut s = MetaStore::default();
        let a = s.fresh(1);
        assert!(matches!(
            s.unify(&a, &Type::list(a.clone())),
            Err(UnifyError::Occurs(..))
        ));
    }

    #[test]
    fn binding_lowers_levels() {
        let mut s = MetaStore::default();
        let outer = s.fresh(1);
        let inner = s.fresh(3);
        s.unify(&outer, &Type::list(inner.clone())).unwrap();
        let Type::Meta(m) = inner else { unreachable!() };
        assert_eq!(s.level(m), 1);
    }

    #[test]
    fn higher_kinded_application_unifies() {
        let mut s = MetaStore::default();
        let f = s.fresh(1);
        let a = s.fresh(1);
        let either_int_bool =
            Type::apps(Type::con("Either"), [Type::con("Int"), Type::con("Bool")]);
        s.unify(&Type::app(f.clone(), a.clone()), &either_int_bool)
            .unwrap();
        assert_eq!(s.zonk(&f), Type::app(Type::con("Either"), Type::con("Int")));
        assert_eq!(s.zonk(&a), Type::con("Bool"));
    }
}
