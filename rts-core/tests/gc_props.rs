//! Property tests of the collector: random object graphs (sharing, cycles,
//! indirections, selector thunks, mutable variables and arrays written
//! after promotion, large and pinned objects, weak and stable pointers,
//! stable names) go through many minor and major collections with random
//! `-A` and `-G`, the sanity checker on. After every collection the graph
//! reachable from the roots must be isomorphic to the model's, weak keys
//! that are dead in the model must die (at a major collection) and never
//! earlier, every finalizer must run exactly once, stable pointers must
//! deref to the same nodes and stable names must not change.
//!
//! `HSRTS_PROPTEST_CASES` sets the number of cases (default 64).

use std::collections::{HashMap, HashSet};
use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use rts_core::heap::stable_ptr::StablePtr;
use rts_core::heap::weak::CFinalizer;
use rts_core::info::{Entry, InfoTable};
use rts_core::{AllocError, ClosurePtr, ClosureType, GcConfig, Storage};

#[derive(Clone, Debug)]
enum Node {
    Constr {
        ptrs: Vec<Option<usize>>,
        words: Vec<u64>,
    },
    MutVar(Option<usize>),
    Array {
        elems: Vec<Option<usize>>,
        small: bool,
    },
    Bytes {
        len: usize,
        pinned: bool,
        seed: u8,
    },
    Ind(usize),
    Selector {
        of: usize,
        field: usize,
    },
    Weak {
        key: usize,
        value: Option<usize>,
    },
    /// A stack chunk with frames, oldest first: kind 0 an update frame
    /// `[a]`, 1 a bitmap frame `[a, w, b]`, 2 a RET_DYN frame `[a, w, b]`.
    Stack {
        frames: Vec<(u8, Option<usize>, u64, Option<usize>)>,
    },
}

impl Node {
    fn transparent(&self) -> bool {
        matches!(self, Node::Ind(_) | Node::Selector { .. })
    }
}

#[derive(Clone, Debug)]
enum Op {
    Gc {
        major: bool,
    },
    Write {
        node: usize,
        slot: usize,
        target: Option<usize>,
    },
    Garbage {
        count: usize,
        large: bool,
    },
    DropRoot(usize),
    NewStable(usize),
    FreeStable(usize),
    StableName(usize),
    Finalize(usize),
    /// A new young constructor (pointing at a live node) stored into a
    /// live mutable node: an old-to-young pointer after promotion.
    Fresh {
        node: usize,
        slot: usize,
        target: Option<usize>,
        word: u64,
    },
}

fn edge() -> impl Strategy<Value = Option<usize>> {
    prop::option::weighted(0.85, 0..1000usize)
}

fn node() -> impl Strategy<Value = Node> {
    prop_oneof![
        4 => (prop::collection::vec(edge(), 0..=4), prop::collection::vec(any::<u64>(), 0..=2))
            .prop_map(|(ptrs, words)| Node::Constr { ptrs, words }),
        2 => edge().prop_map(Node::MutVar),
        1 => (prop::collection::vec(edge(), 0..8), any::<bool>()).prop_map(|(elems, small)| Node::Array { elems, small }),
        1 => (prop::collection::vec(edge(), 410..600)).prop_map(|elems| Node::Array { elems, small: false }),
        1 => (0..5000usize, any::<bool>(), any::<u8>()).prop_map(|(len, pinned, seed)| Node::Bytes { len, pinned, seed }),
        1 => (0..1000usize).prop_map(Node::Ind),
        1 => (0..1000usize, 0..4usize).prop_map(|(of, field)| Node::Selector { of, field }),
        2 => (0..1000usize, edge()).prop_map(|(key, value)| Node::Weak { key, value }),
        1 => prop::collection::vec((0..3u8, edge(), any::<u64>(), edge()), 0..10)
            .prop_map(|frames| Node::Stack { frames }),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => any::<bool>().prop_map(|major| Op::Gc { major }),
        4 => (0..1000usize, 0..1000usize, edge()).prop_map(|(node, slot, target)| Op::Write { node, slot, target }),
        2 => (0..400usize, prop::bool::weighted(0.1)).prop_map(|(count, large)| Op::Garbage { count, large }),
        1 => (0..1000usize).prop_map(Op::DropRoot),
        1 => (0..1000usize).prop_map(Op::NewStable),
        1 => (0..1000usize).prop_map(Op::FreeStable),
        1 => (0..1000usize).prop_map(Op::StableName),
        1 => (0..1000usize).prop_map(Op::Finalize),
        4 => (0..1000usize, 0..1000usize, edge(), any::<u64>())
            .prop_map(|(node, slot, target, word)| Op::Fresh { node, slot, target, word }),
    ]
}

/// Make the random specs well-formed (see the module doc of each rule).
fn normalise(mut nodes: Vec<Node>) -> Vec<Node> {
    let n = nodes.len();
    let fix = |e: &mut Option<usize>| {
        if let Some(i) = e {
            *i %= n;
        }
    };
    for nd in &mut nodes {
        match nd {
            Node::Constr { ptrs, .. } => ptrs.iter_mut().for_each(fix),
            Node::MutVar(e) => fix(e),
            Node::Array { elems, .. } => elems.iter_mut().for_each(fix),
            Node::Ind(t) => *t %= n,
            Node::Selector { of, .. } => *of %= n,
            Node::Weak { key, value } => {
                *key %= n;
                fix(value);
            }
            Node::Stack { frames } => {
                for (_, a, _, b) in frames.iter_mut() {
                    fix(a);
                    fix(b);
                }
            }
            Node::Bytes { .. } => {}
        }
    }
    let kinds = nodes.clone();
    for nd in &mut nodes {
        let replace = match nd {
            // Constructor fields and weak values never point at transparent
            // nodes or weaks, so selection and indirection chains end.
            Node::Constr { ptrs, .. } => {
                for p in ptrs.iter_mut() {
                    if p.is_some_and(|i| {
                        kinds[i].transparent() || matches!(kinds[i], Node::Weak { .. })
                    }) {
                        *p = None;
                    }
                }
                false
            }
            Node::Weak { key, value } => {
                if value.is_some_and(|i| matches!(kinds[i], Node::Weak { .. })) {
                    *value = None;
                }
                !matches!(kinds[*key], Node::MutVar(_))
            }
            Node::Ind(t) => kinds[*t].transparent() || matches!(kinds[*t], Node::Weak { .. }),
            Node::Selector { of, field } => {
                !matches!(&kinds[*of], Node::Constr { ptrs, .. } if ptrs.len() > *field)
            }
            _ => false,
        };
        if replace {
            *nd = Node::Constr {
                ptrs: vec![],
                words: vec![7],
            };
        }
    }
    // Writes may store weaks into mutable nodes, and MutVars/arrays may
    // hold weaks from the start.
    nodes
}

unsafe extern "C" fn bump(counter: *mut c_void) {
    // SAFETY: the argument is one of the harness's counters, which outlive
    // the heap.
    unsafe { (*(counter as *const AtomicUsize)).fetch_add(1, Ordering::SeqCst) };
}

static THUNK1: InfoTable = InfoTable::thunk("thunk1", 1, 0, Entry::Bytecode(0));
static FIN: InfoTable = InfoTable::constructor("Fin", 0, 0, 1);
static CASE_FRAME: InfoTable = InfoTable::frame(
    "case",
    rts_core::Bitmap::Small {
        size: 3,
        bits: 0b101,
    },
    Entry::Bytecode(3),
);

struct Harness {
    nodes: Vec<Node>,
    s: Storage,
    roots: Vec<ClosurePtr>,
    root_nodes: Vec<usize>,
    stables: Vec<(StablePtr, usize)>,
    names: Vec<(usize, usize)>,
    name_objs: Vec<ClosurePtr>,
    weak_dead: Vec<bool>,
    counters: Box<[AtomicUsize]>,
    hs_finalized: Vec<usize>,
    fixed_address: HashMap<usize, usize>,
    map: HashMap<usize, ClosurePtr>,
    /// The nodes reachable without crossing a weak pointer, sorted.
    strong: Vec<usize>,
    infos: HashMap<(usize, usize), &'static InfoTable>,
    /// During the build: every node's object, all roots.
    building: Vec<ClosurePtr>,
    majors: usize,
}

fn resolve_heap(mut p: ClosurePtr) -> ClosurePtr {
    // SAFETY: `p` is reachable from the roots, hence live.
    unsafe {
        loop {
            if p.is_null() {
                return p;
            }
            match p.info().closure_type {
                ClosureType::Ind | ClosureType::IndStatic => p = p.payload_ptr(0),
                ClosureType::ThunkSelector => {
                    let sel = resolve_heap(p.payload_ptr(0));
                    assert_eq!(sel.info().closure_type, ClosureType::Constr);
                    p = sel.payload_ptr(p.info().selector as usize);
                }
                _ => return p.untagged(),
            }
        }
    }
}

impl Harness {
    fn resolve_model(&self, e: Option<usize>) -> Option<usize> {
        let i = e?;
        match &self.nodes[i] {
            Node::Ind(t) => self.resolve_model(Some(*t)),
            Node::Selector { of, field } => match &self.nodes[*of] {
                Node::Constr { ptrs, .. } => self.resolve_model(ptrs[*field]),
                _ => unreachable!("normalised"),
            },
            _ => Some(i),
        }
    }

    fn strong_edges(&self, i: usize) -> Vec<Option<usize>> {
        match &self.nodes[i] {
            Node::Constr { ptrs, .. } => ptrs.clone(),
            Node::MutVar(e) => vec![*e],
            Node::Array { elems, .. } => elems.clone(),
            Node::Ind(t) => vec![Some(*t)],
            Node::Selector { of, .. } => vec![Some(*of)],
            Node::Stack { frames } => frames
                .iter()
                .flat_map(|&(k, a, _, b)| if k == 0 { vec![a] } else { vec![a, b] })
                .collect(),
            Node::Bytes { .. } | Node::Weak { .. } => vec![],
        }
    }

    /// The model's live set: strong reachability from the roots and stable
    /// pointers, then values of weaks whose keys are live, to a fixpoint.
    fn model_live(&self) -> HashSet<usize> {
        let mut live = HashSet::new();
        // Roots are resolved too: the collector may shortcut a root that is
        // an indirection or a selector thunk.
        let mut stack: Vec<usize> = self
            .root_nodes
            .iter()
            .chain(self.stables.iter().map(|(_, n)| n))
            .filter_map(|&n| self.resolve_model(Some(n)))
            .collect();
        loop {
            while let Some(i) = stack.pop() {
                if live.insert(i) {
                    stack.extend(
                        self.strong_edges(i)
                            .into_iter()
                            .flatten()
                            .filter_map(|e| self.resolve_model(Some(e))),
                    );
                }
            }
            for (w, nd) in self.nodes.iter().enumerate() {
                if let Node::Weak { key, value } = nd
                    && !self.weak_dead[w]
                    && live.contains(key)
                    && let Some(v) = self.resolve_model(*value)
                    && !live.contains(&v)
                {
                    stack.push(v);
                }
            }
            if stack.is_empty() {
                return live;
            }
        }
    }

    fn info(&mut self, ptrs: usize, nptrs: usize) -> &'static InfoTable {
        self.infos.entry((ptrs, nptrs)).or_insert_with(|| {
            InfoTable::constructor("C", ptrs as u32, ptrs as u32, nptrs as u32).leak()
        })
    }

    /// All roots handed to the collector.
    fn collect(&mut self, major: bool) {
        let mut all: Vec<ClosurePtr> = Vec::new();
        all.extend(&self.roots);
        all.extend(&self.name_objs);
        all.extend(&self.building);
        let live_before = if self.building.is_empty() {
            Some(self.model_live())
        } else {
            None
        };
        let summary = self
            .s
            .collect(&mut all, major)
            .expect("no -M in these tests");
        let (a, rest) = all.split_at(self.roots.len());
        let (b, c) = rest.split_at(self.name_objs.len());
        self.roots = a.to_vec();
        self.name_objs = b.to_vec();
        self.building = c.to_vec();
        if summary.major {
            self.majors += 1;
        }
        if let Some(live) = live_before {
            self.check_weaks(&live, summary.major);
            self.verify();
        }
    }

    fn check_weaks(&mut self, live: &HashSet<usize>, major: bool) {
        for f in self.s.take_finalizers() {
            // SAFETY: queued finalizers are live FIN closures.
            let w = unsafe { f.payload(0) } as usize;
            self.hs_finalized[w] += 1;
        }
        for (w, nd) in self.nodes.iter().enumerate() {
            let Node::Weak { key, .. } = nd else { continue };
            let c = self.counters[w].load(Ordering::SeqCst);
            assert!(c <= 1, "weak {w}: C finalizer ran {c} times");
            assert_eq!(
                self.hs_finalized[w], c,
                "weak {w}: Haskell and C finalizers disagree"
            );
            if c == 1 && !self.weak_dead[w] {
                assert!(
                    !live.contains(key),
                    "weak {w} died but its key {key} is alive in the model"
                );
                self.weak_dead[w] = true;
            }
            if major && !self.weak_dead[w] {
                assert!(
                    live.contains(key),
                    "weak {w}: key {key} is dead but survived a major collection"
                );
            }
        }
    }

    /// Walk the heap from the roots beside the model; rebuild `map`.
    fn verify(&mut self) {
        let mut m2h: HashMap<usize, ClosurePtr> = HashMap::new();
        let mut h2m: HashMap<ClosurePtr, usize> = HashMap::new();
        let mut work: Vec<(Option<usize>, ClosurePtr)> = Vec::new();
        // Edges out of weak pointers are followed only after everything
        // strongly reachable: `strong` is what survives any collection, so
        // only it may be picked as a target by the operations.
        let mut weak_edges: Vec<(Option<usize>, ClosurePtr)> = Vec::new();
        let mut strong: Option<Vec<usize>> = None;
        for (i, r) in self.root_nodes.iter().zip(&self.roots) {
            work.push((Some(*i), *r));
        }
        for (sp, i) in &self.stables {
            work.push((
                Some(*i),
                self.s.deref_stable_ptr(*sp).expect("live stable pointer"),
            ));
        }
        loop {
            let Some((m, h)) = work.pop() else {
                if strong.is_none() {
                    strong = Some(m2h.keys().copied().collect());
                    work.append(&mut weak_edges);
                    continue;
                }
                break;
            };
            let m = self.resolve_model(m);
            let h = resolve_heap(h);
            let Some(i) = m else {
                assert!(h.is_null(), "model null, heap {h:?}");
                continue;
            };
            assert!(!h.is_null(), "model node {i}, heap null");
            if let Some(&prev) = m2h.get(&i) {
                assert_eq!(prev, h, "node {i} has two heap copies");
                continue;
            }
            assert!(
                h2m.insert(h, i).is_none(),
                "heap object {h:?} stands for two nodes"
            );
            m2h.insert(i, h);
            if let Some(&a) = self.fixed_address.get(&i) {
                assert_eq!(a, h.addr(), "node {i} (large or pinned) moved");
            }
            // SAFETY: `h` is reachable, hence a live closure.
            unsafe {
                let info = h.info();
                match &self.nodes[i] {
                    Node::Constr { ptrs, words } => {
                        assert_eq!(
                            (info.ptrs as usize, info.nptrs as usize),
                            (ptrs.len(), words.len()),
                            "node {i}"
                        );
                        assert_eq!(info.closure_type, ClosureType::Constr);
                        for (k, w) in words.iter().enumerate() {
                            assert_eq!(h.payload(ptrs.len() + k), *w, "node {i} word {k}");
                        }
                        for (k, p) in ptrs.iter().enumerate() {
                            work.push((*p, h.payload_ptr(k)));
                        }
                    }
                    Node::MutVar(e) => {
                        assert!(matches!(
                            info.closure_type,
                            ClosureType::MutVarClean | ClosureType::MutVarDirty
                        ));
                        work.push((*e, h.payload_ptr(0)));
                    }
                    Node::Array { elems, small } => {
                        assert!(info.closure_type.is_ptr_array());
                        let is_small = matches!(
                            info.closure_type,
                            ClosureType::SmallMutArrPtrsClean | ClosureType::SmallMutArrPtrsDirty
                        );
                        assert_eq!(is_small, *small);
                        assert_eq!(h.payload(0) as usize, elems.len());
                        for (k, e) in elems.iter().enumerate() {
                            work.push((*e, h.payload_ptr(1 + k)));
                        }
                    }
                    Node::Bytes { len, seed, .. } => {
                        assert_eq!(info.closure_type, ClosureType::ArrWords);
                        assert_eq!(h.payload(0) as usize, *len);
                        let bytes = std::slice::from_raw_parts((h.addr() + 16) as *const u8, *len);
                        for (k, b) in bytes.iter().enumerate() {
                            assert_eq!(*b, seed.wrapping_add(k as u8), "node {i} byte {k}");
                        }
                    }
                    Node::Weak { key, value } => {
                        if self.weak_dead[i] {
                            assert_eq!(info.closure_type, ClosureType::DeadWeak, "weak {i}");
                            assert!(self.s.deref_weak(h).is_none());
                        } else {
                            assert_eq!(info.closure_type, ClosureType::Weak, "weak {i}");
                            weak_edges.push((Some(*key), h.payload_ptr(0)));
                            weak_edges.push((*value, h.payload_ptr(1)));
                        }
                    }
                    Node::Stack { frames } => {
                        assert_eq!(info.closure_type, ClosureType::Stack);
                        let hf: Vec<_> = rts_core::heap::stack::frames(h).collect();
                        assert_eq!(hf.len(), frames.len(), "node {i}: frame count");
                        for (f, &(k, a, w, b)) in hf.iter().rev().zip(frames) {
                            let expect = match k {
                                0 => "UPDATE_FRAME",
                                1 => "case",
                                _ => "RET_DYN",
                            };
                            assert_eq!(f.info.name, expect, "node {i}");
                            work.push((a, ClosurePtr::from_word(f.payload(0))));
                            if k != 0 {
                                assert_eq!(f.payload(1), w, "node {i}: frame word");
                                work.push((b, ClosurePtr::from_word(f.payload(2))));
                            }
                        }
                    }
                    Node::Ind(_) | Node::Selector { .. } => unreachable!("resolved"),
                }
            }
        }
        for (node, idx) in self.names.clone() {
            if let Some(&h) = m2h.get(&node) {
                let name = self
                    .s
                    .make_stable_name(h)
                    .expect("an existing name needs no allocation");
                // SAFETY: a live stable name.
                let got = unsafe { self.s.stable_name_index(name) };
                assert_eq!(got, idx, "node {node}: stable name changed");
            }
        }
        self.map = m2h;
        let mut strong = strong.unwrap_or_default();
        strong.sort_unstable();
        self.strong = strong;
    }

    fn alloc(
        &mut self,
        mut f: impl FnMut(&mut Harness) -> Result<ClosurePtr, AllocError>,
    ) -> ClosurePtr {
        loop {
            match f(self) {
                Ok(p) => return p,
                Err(AllocError::NurseryFull) => self.collect(false),
                Err(e) => panic!("{e}"),
            }
        }
    }

    fn new(
        nodes: Vec<Node>,
        root_picks: &[usize],
        nursery_kib: usize,
        generations: usize,
    ) -> Harness {
        let n = nodes.len();
        let s = Storage::new(GcConfig {
            nursery_bytes: nursery_kib * 1024,
            generations,
            sanity_checks: true,
            ..GcConfig::default()
        })
        .unwrap();
        let mut h = Harness {
            nodes,
            s,
            roots: vec![],
            root_nodes: vec![],
            stables: vec![],
            names: vec![],
            name_objs: vec![],
            weak_dead: vec![false; n],
            counters: (0..n).map(|_| AtomicUsize::new(0)).collect(),
            hs_finalized: vec![0; n],
            fixed_address: HashMap::new(),
            map: HashMap::new(),
            strong: Vec::new(),
            infos: HashMap::new(),
            building: vec![],
            majors: 0,
        };
        // Phase 1: every non-weak node, pointer fields null.
        for i in 0..n {
            let nd = h.nodes[i].clone();
            let p = match nd {
                Node::Constr { ptrs, words } => {
                    let info = h.info(ptrs.len(), words.len());
                    h.alloc(|h| {
                        h.s.alloc_closure(info, &vec![ClosurePtr::NULL; ptrs.len()], &words)
                    })
                }
                Node::MutVar(_) => h.alloc(|h| h.s.new_mut_var(ClosurePtr::NULL)),
                Node::Array { elems, small } => {
                    h.alloc(|h| h.s.new_array(elems.len(), ClosurePtr::NULL, small))
                }
                Node::Bytes { len, pinned, seed } => {
                    let p = h.alloc(|h| h.s.new_byte_array(len, pinned));
                    // SAFETY: a fresh byte array of `len` bytes.
                    unsafe {
                        let bytes = std::slice::from_raw_parts_mut((p.addr() + 16) as *mut u8, len);
                        for (k, b) in bytes.iter_mut().enumerate() {
                            *b = seed.wrapping_add(k as u8);
                        }
                    }
                    p
                }
                Node::Ind(_) => h.alloc(|h| h.s.alloc_closure(&THUNK1, &[ClosurePtr::NULL], &[])),
                Node::Selector { field, .. } => {
                    let info = *h
                        .infos
                        .entry((100, field))
                        .or_insert_with(|| InfoTable::selector_thunk("sel", field as u32).leak());
                    h.alloc(|h| h.s.alloc_closure(info, &[ClosurePtr::NULL], &[]))
                }
                Node::Weak { .. } => ClosurePtr::NULL,
                Node::Stack { .. } => h.alloc(|h| h.s.new_stack(64)),
            };
            h.building.push(p);
        }
        // Phase 2: weaks (their keys and values exist now).
        for i in 0..n {
            if let Node::Weak { key, value } = h.nodes[i].clone() {
                let fin = h.alloc(|h| h.s.alloc_closure(&FIN, &[], &[i as u64]));
                h.building.push(fin);
                let arg = &h.counters[i] as *const AtomicUsize as *mut c_void;
                let c = CFinalizer {
                    function: bump,
                    argument: arg,
                };
                let w = h.alloc(|h| {
                    let fin = *h.building.last().unwrap();
                    let v = value.map_or(ClosurePtr::NULL, |v| h.building[v]);
                    h.s.mk_weak(h.building[key], v, fin, Some(c))
                });
                h.building.pop();
                h.building[i] = w;
            }
        }
        // Phase 3: patch the pointer fields, with the write barrier.
        for i in 0..n {
            let p = h.building[i];
            let get = |h: &Harness, e: Option<usize>| e.map_or(ClosurePtr::NULL, |j| h.building[j]);
            // SAFETY: `p` is live (all nodes are roots while building).
            unsafe {
                match h.nodes[i].clone() {
                    Node::Constr { ptrs, .. } => {
                        for (k, e) in ptrs.iter().enumerate() {
                            p.set_payload(k, get(&h, *e).to_word());
                        }
                    }
                    Node::MutVar(e) => p.set_payload(0, get(&h, e).to_word()),
                    Node::Array { elems, .. } => {
                        for (k, e) in elems.iter().enumerate() {
                            p.set_payload(1 + k, get(&h, *e).to_word());
                        }
                    }
                    Node::Ind(t) => {
                        let target = h.building[t];
                        h.s.update_with_indirection(p, target);
                        continue;
                    }
                    Node::Selector { of, .. } => p.set_payload(0, h.building[of].to_word()),
                    Node::Stack { frames } => {
                        for (k, a, w, b) in frames {
                            let (a, b) = (get(&h, a).to_word(), get(&h, b).to_word());
                            let pushed = match k {
                                0 => h.s.push_frame(p, &rts_core::builtins::UPDATE_FRAME, &[a]),
                                1 => h.s.push_frame(p, &CASE_FRAME, &[a, w, b]),
                                _ => h.s.push_dyn_frame(p, 0b101, &[a, w, b]),
                            };
                            pushed.expect("64 words hold 10 frames");
                        }
                        continue;
                    }
                    _ => continue,
                }
            }
            h.s.record_mutation(p);
        }
        for i in 0..n {
            let fixed = match &h.nodes[i] {
                Node::Array { elems, .. } => elems.len() + 2 >= 409,
                Node::Bytes { pinned, len, .. } => *pinned || len + 16 >= 3276,
                _ => false,
            };
            if fixed {
                h.fixed_address.insert(i, h.building[i].addr());
            }
        }
        for &r in root_picks {
            h.root_nodes.push(r % n);
            h.roots.push(h.building[r % n]);
        }
        h.building.clear();
        h.verify();
        h
    }

    fn pick<T: Copy>(xs: &[T], k: usize) -> Option<T> {
        (!xs.is_empty()).then(|| xs[k % xs.len()])
    }

    /// Store `tp` (node `t`) into a live mutable node picked by `node`;
    /// false if there is none.
    fn store(
        &mut self,
        mapped: &[usize],
        node: usize,
        slot: usize,
        t: Option<usize>,
        tp: ClosurePtr,
    ) -> bool {
        let mutables: Vec<usize> = mapped
            .iter()
            .copied()
            .filter(|&i| match &self.nodes[i] {
                Node::MutVar(_) => true,
                Node::Array { elems, .. } => !elems.is_empty(),
                _ => false,
            })
            .collect();
        let Some(i) = Self::pick(&mutables, node) else {
            return false;
        };
        let p = self.map[&i];
        // SAFETY: `p` is a live MUT_VAR or array; `tp` live or null.
        unsafe {
            match &mut self.nodes[i] {
                Node::MutVar(e) => {
                    *e = t;
                    p.set_payload(0, tp.to_word());
                }
                Node::Array { elems, .. } => {
                    let k = slot % elems.len();
                    elems[k] = t;
                    p.set_payload(1 + k, tp.to_word());
                }
                _ => unreachable!(),
            }
        }
        self.s.record_mutation(p);
        true
    }

    fn run(&mut self, op: &Op) {
        let mapped = self.strong.clone();
        match *op {
            Op::Gc { major } => self.collect(major),
            Op::Fresh {
                node,
                slot,
                target,
                word,
            } => {
                let info = self.info(1, 1);
                let t = target.and_then(|t| Self::pick(&mapped, t));
                // The target may be unreachable by now (an earlier write
                // dropped it) and a collection in `alloc` would free it:
                // hold it with a stable pointer meanwhile.
                let guard = t.map(|t| {
                    let sp = self.s.new_stable_ptr(self.map[&t]);
                    self.stables.push((sp, t));
                    sp
                });
                let p = self.alloc(|h| {
                    let tp = guard.map_or(ClosurePtr::NULL, |sp| h.s.deref_stable_ptr(sp).unwrap());
                    h.s.alloc_closure(info, &[tp], &[word])
                });
                if let Some(sp) = guard {
                    self.stables.retain(|(x, _)| *x != sp);
                    self.s.free_stable_ptr(sp).unwrap();
                }
                let id = self.nodes.len();
                self.nodes.push(Node::Constr {
                    ptrs: vec![t],
                    words: vec![word],
                });
                self.weak_dead.push(false);
                self.hs_finalized.push(0);
                let mapped = self.strong.clone();
                if !self.store(&mapped, node, slot, Some(id), p) {
                    self.roots.push(p);
                    self.root_nodes.push(id);
                }
                self.map.insert(id, p);
            }
            Op::Write { node, slot, target } => {
                let t = target.and_then(|t| Self::pick(&mapped, t));
                let tp = t.map_or(ClosurePtr::NULL, |t| self.map[&t]);
                self.store(&mapped, node, slot, t, tp);
            }
            Op::Garbage { count, large } => {
                for k in 0..count {
                    self.alloc(|h| h.s.alloc_closure(&FIN, &[], &[k as u64]));
                }
                if large {
                    self.alloc(|h| h.s.new_array(500, ClosurePtr::NULL, false));
                    self.alloc(|h| h.s.new_byte_array(64, true));
                }
            }
            Op::DropRoot(k) => {
                if self.roots.len() > 1 {
                    let k = k % self.roots.len();
                    self.roots.remove(k);
                    self.root_nodes.remove(k);
                }
            }
            Op::NewStable(k) => {
                if let Some(i) = Self::pick(&mapped, k) {
                    let sp = self.s.new_stable_ptr(self.map[&i]);
                    self.stables.push((sp, i));
                }
            }
            Op::FreeStable(k) => {
                if !self.stables.is_empty() {
                    let (sp, _) = self.stables.remove(k % self.stables.len());
                    self.s.free_stable_ptr(sp).unwrap();
                    assert!(self.s.free_stable_ptr(sp).is_err());
                }
            }
            Op::StableName(k) => {
                let Some(i) = Self::pick(&mapped, k) else {
                    return;
                };
                if self.names.iter().any(|(n, _)| *n == i) {
                    return;
                }
                // Keep the target reachable across a collection in `alloc`.
                let sp = self.s.new_stable_ptr(self.map[&i]);
                self.stables.push((sp, i));
                let name = self.alloc(|h| {
                    let target = h.s.deref_stable_ptr(sp).unwrap();
                    h.s.make_stable_name(target)
                });
                // SAFETY: a fresh stable name.
                let idx = unsafe { self.s.stable_name_index(name) };
                self.names.push((i, idx));
                self.name_objs.push(name);
            }
            Op::Finalize(k) => {
                let weaks: Vec<usize> = mapped
                    .iter()
                    .copied()
                    .filter(|&i| matches!(self.nodes[i], Node::Weak { .. }) && !self.weak_dead[i])
                    .collect();
                let Some(w) = Self::pick(&weaks, k) else {
                    return;
                };
                // SAFETY: a live WEAK; its C finalizer is `bump`.
                let f = unsafe { self.s.finalize_weak(self.map[&w]) };
                assert!(f.is_some());
                self.hs_finalized[w] += 1;
                self.weak_dead[w] = true;
                assert_eq!(self.counters[w].load(Ordering::SeqCst), 1);
            }
        }
    }
}

fn cases() -> u32 {
    std::env::var("HSRTS_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn random_graphs_survive_collections(
        nodes in prop::collection::vec(node(), 1..40),
        root_picks in prop::collection::vec(0..1000usize, 1..6),
        ops in prop::collection::vec(op(), 1..40),
        nursery_kib in prop::sample::select(vec![4usize, 8, 16, 64]),
        generations in 1..=4usize,
    ) {
        let nodes = normalise(nodes);
        let mut h = Harness::new(nodes, &root_picks, nursery_kib, generations);
        for op in &ops {
            h.run(op);
        }
        h.collect(true);
        // Everything dead in the model is dead now; drop every root and the
        // heap must empty out (names and finalizers aside).
        h.roots.clear();
        h.root_nodes.clear();
        for (sp, _) in std::mem::take(&mut h.stables) {
            h.s.free_stable_ptr(sp).unwrap();
        }
        h.name_objs.clear();
        h.names.clear();
        h.collect(true);
        h.collect(true);
        prop_assert_eq!(h.s.live_bytes(), 0, "all roots dropped, heap not empty");
        for (w, nd) in h.nodes.iter().enumerate() {
            if matches!(nd, Node::Weak { .. }) {
                prop_assert_eq!(h.counters[w].load(Ordering::SeqCst), 1, "weak {} finalized once", w);
            }
        }
    }
}
