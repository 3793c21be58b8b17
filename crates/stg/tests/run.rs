//! Runs compiled programs on the reference evaluator (tests/common/eval.rs):
//! checks results, laziness and sharing, and — at every GC point — that
//! the frame layouts mark exactly the live pointer slots.

mod common;

use bytecode::Rep;
use common::eval::Machine;
use common::*;
use stg::compile;

#[test]
fn factorial_prints_3628800() {
    let img = compile(&factorial(), &TestPrims).unwrap();
    let mut m = Machine::new(&img);
    let main = m.static_ptr("Main.main");
    let out = m.apply(main, vec![(Rep::Void, 0)]);
    assert_eq!(m.output, vec!["3628800"]);
    assert_eq!(m.con_of(out[0]).0, "GHC.Tuple.()");
    assert!(m.gc_points > 10);
    // The boxed wrapper.
    let five = m.alloc_con("GHC.Types.I#", vec![5]);
    let fac_i = m.static_ptr("Main.facI");
    let r = m.apply(fac_i, vec![(Rep::Ptr, five)]);
    assert_eq!(m.con_of(r[0]), ("GHC.Types.I#".to_string(), vec![120]));
}

#[test]
fn lists_program_sums_the_mapped_caf() {
    let img = compile(&lists(), &TestPrims).unwrap();
    let mut m = Machine::new(&img);
    let main = m.static_ptr("Main.main");
    m.apply(main, vec![(Rep::Void, 0)]);
    // nums = map inc [1, 2, 3]; sum = 2 + 3 + 4
    assert_eq!(m.output, vec!["9"]);
    // The CAF was updated: evaluating it again gives the same cons cell.
    let nums = m.static_ptr("Main.nums");
    let a = m.eval(nums);
    let b = m.eval(nums);
    assert_eq!(a, b);
    let (con, fields) = m.con_of(a);
    assert_eq!(con, "GHC.Types.:");
    let head = m.eval(fields[0]);
    assert_eq!(m.con_of(head).1, vec![2]);
}

#[test]
fn cyclic_list_points_to_itself() {
    let img = compile(&lists(), &TestPrims).unwrap();
    let mut m = Machine::new(&img);
    let ones = m.static_ptr("Main.ones");
    let cell = m.eval(ones);
    let (con, fields) = m.con_of(cell);
    assert_eq!(con, "GHC.Types.:");
    assert_eq!(m.eval(fields[1]), cell);
    assert_eq!(m.con_of(fields[0]).1, vec![1]);
}

#[test]
fn literal_case_and_local_recursion() {
    let img = compile(&lists(), &TestPrims).unwrap();
    let mut m = Machine::new(&img);
    let classify = m.static_ptr("Main.classify");
    for (input, want) in [(0, 10), (1, 20), (7, 14), (-3, -6)] {
        let arg = m.alloc_con("GHC.Types.I#", vec![input as u64]);
        let r = m.apply(classify, vec![(Rep::Ptr, arg)]);
        assert_eq!(m.con_of(r[0]).1, vec![want as u64], "classify {input}");
    }
    // evenOdd z = (if 7 is even then z else 0) + z: 7 is odd, so 0 + z.
    let even_odd = m.static_ptr("Main.evenOdd");
    let arg = m.alloc_con("GHC.Types.I#", vec![5]);
    let r = m.apply(even_odd, vec![(Rep::Ptr, arg)]);
    assert_eq!(m.con_of(r[0]).1, vec![5]);
}

#[test]
fn partial_and_over_application() {
    let img = compile(&lists(), &TestPrims).unwrap();
    let mut m = Machine::new(&img);
    // map inc applied in two steps (a PAP), then summed.
    let map = m.static_ptr("Main.map");
    let inc = m.static_ptr("Main.inc");
    let pap = m.apply(map, vec![(Rep::Ptr, inc)])[0];
    let nil = m.static_ptr("GHC.Types.[]");
    let one = m.alloc_con("GHC.Types.I#", vec![41]);
    let list = m.alloc_con("GHC.Types.:", vec![one, nil]);
    let mapped = m.apply(pap, vec![(Rep::Ptr, list)])[0];
    let sum = m.static_ptr("Main.sumList");
    let zero = m.alloc_con("GHC.Types.I#", vec![0]);
    let r = m.apply(sum, vec![(Rep::Ptr, zero), (Rep::Ptr, mapped)]);
    assert_eq!(m.con_of(r[0]).1, vec![42]);
}
