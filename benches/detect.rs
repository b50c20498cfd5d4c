//! Detector throughput on in-memory Arrow arrays, single-threaded, so the
//! MB/s criterion prints are per core.
//!
//! - `all/<column>`: the whole detector set over one column, next to
//!   `baseline/<column>`, a bare pass over the same values (length sum).
//! - `one/<detector>`: each heavy detector alone over its own column.
//! - `prefilter/<column>`: only the byte-class pass, for the no-hit columns
//!   (hashes, English notes, Chinese text without digits, amounts): their
//!   `all/` time should be close to this, i.e. dominated by the prefilter.
//!
//! Values come from a fixed-seed generator; IDs and codes carry valid checks.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, DictionaryArray, Float64Array, Int32Array, Int64Array, StringArray,
};
use datafusion::arrow::datatypes::DataType;
use fenji::detect::prefilter::mask_of;
use fenji::detect::{ColumnEvidence, DetectorSet, Scratch};

const ROWS: usize = 20_000;

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| (b'0' + self.below(10) as u8) as char)
            .collect()
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn resident_id(r: &mut Rng) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let area = r.pick(&["110105", "310104", "440305", "340403", "510107", "320102"]);
    let body = format!(
        "{area}{}{:02}{:02}{}",
        1950 + r.below(60),
        1 + r.below(12),
        1 + r.below(28),
        r.digits(3)
    );
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

fn uscc(r: &mut Rng) -> String {
    const CHARSET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const OW: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    const W: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let body = r.digits(8);
    let s: u32 = body
        .bytes()
        .zip(OW)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    let oc = match 11 - s % 11 {
        10 => 'X',
        11 => '0',
        n => (b'0' + n as u8) as char,
    };
    let head = format!("91{}{body}{oc}", r.pick(&["110105", "340403", "440305"]));
    let sum: u32 = head
        .bytes()
        .zip(W)
        .map(|(c, w)| CHARSET.iter().position(|&x| x == c).unwrap_or(0) as u32 * w)
        .sum();
    format!("{head}{}", CHARSET[((31 - sum % 31) % 31) as usize] as char)
}

fn name(r: &mut Rng) -> String {
    let surname = r.pick(&["王", "李", "张", "刘", "陈", "杨", "欧阳", "黄", "赵", "周"]);
    let given = [
        "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "军", "杰", "涛",
    ];
    let n = 1 + r.below(2);
    let g: String = (0..n).map(|_| r.pick(&given)).collect();
    format!("{surname}{g}")
}

fn address(r: &mut Rng) -> String {
    format!(
        "{}{}{}{}号{}栋{}室",
        r.pick(&[
            "安徽省淮南市",
            "广东省深圳市",
            "四川省成都市",
            "江苏省南京市"
        ]),
        r.pick(&["田家庵区", "南山区", "武侯区", "鼓楼区"]),
        r.pick(&["洞山中路", "科技园南路", "人民南路", "中山北路"]),
        1 + r.below(300),
        1 + r.below(30),
        101 + r.below(2500)
    )
}

const PHRASES: &[&str] = &[
    "已于上午送达",
    "客户要求改期",
    "材料齐全，予以受理",
    "窗口办理完毕",
    "请于三个工作日内补交材料",
    "系统自动审核通过",
];

fn remark(r: &mut Rng, embed: bool) -> String {
    let mut s: String = (0..3)
        .map(|_| r.pick(PHRASES))
        .collect::<Vec<_>>()
        .join("，");
    if embed {
        s.push_str(&format!("，联系电话1{}{}", 3 + r.below(7), r.digits(9)));
    }
    s
}

fn strings(f: impl FnMut(usize) -> String) -> ArrayRef {
    Arc::new(StringArray::from((0..ROWS).map(f).collect::<Vec<_>>()))
}

/// The bench columns: (name, array).
fn columns() -> Vec<(&'static str, ArrayRef)> {
    let mut r = Rng(42);
    let words = [
        "delivered",
        "to",
        "locker",
        "signed",
        "by",
        "customer",
        "ok",
    ];
    let channel: DictionaryArray<datafusion::arrow::datatypes::Int32Type> = DictionaryArray::new(
        Int32Array::from((0..ROWS as i32).map(|i| i % 6).collect::<Vec<_>>()),
        Arc::new(StringArray::from(vec![
            "线上",
            "窗口",
            "自助机",
            "电话",
            "邮寄",
            "其他",
        ])),
    );
    vec![
        ("resident_id", strings(|_| resident_id(&mut r))),
        (
            "mobile",
            strings(|_| format!("1{}{}", 3 + r.below(7), r.digits(9))),
        ),
        ("uscc", strings(|_| uscc(&mut r))),
        ("name", strings(|_| name(&mut r))),
        ("address", strings(|_| address(&mut r))),
        (
            "remark_3pct_phones",
            strings(|i| remark(&mut r, i % 33 == 0)),
        ),
        ("remark_no_digits", strings(|_| remark(&mut r, false))),
        (
            "hex_hash",
            strings(|_| format!("{:016x}{:016x}", r.next(), r.next())),
        ),
        (
            "english_note",
            strings(|_| (0..6).map(|_| r.pick(&words)).collect::<Vec<_>>().join(" ")),
        ),
        (
            "amount_f64",
            Arc::new(Float64Array::from(
                (0..ROWS)
                    .map(|_| r.below(1_000_000) as f64 / 100.0)
                    .collect::<Vec<_>>(),
            )),
        ),
        (
            "record_id_i64",
            Arc::new(Int64Array::from(
                (0..ROWS as i64).map(|i| 1_000_000 + i).collect::<Vec<_>>(),
            )),
        ),
        ("channel_dict", Arc::new(channel)),
    ]
}

/// Bytes a column carries: string bytes, or 8 per number.
fn bytes_of(array: &ArrayRef) -> u64 {
    match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().values().len() as u64,
        _ => array.get_array_memory_size() as u64,
    }
}

fn observe(set: &DetectorSet, array: &ArrayRef) -> u64 {
    let mut ev = ColumnEvidence::new(set.len());
    let mut scratch = Scratch::default();
    set.observe_array(array, &mut ev, &mut scratch);
    ev.non_null
}

fn bench(c: &mut Criterion) {
    let all = DetectorSet::load(None).expect("detectors");
    let cols = columns();

    let mut group = c.benchmark_group("all");
    for (name, array) in &cols {
        group.throughput(Throughput::Bytes(bytes_of(array)));
        group.bench_function(*name, |b| b.iter(|| black_box(observe(&all, array))));
    }
    group.finish();

    let mut group = c.benchmark_group("baseline");
    for (name, array) in cols
        .iter()
        .filter(|(_, a)| a.data_type() == &DataType::Utf8)
    {
        group.throughput(Throughput::Bytes(bytes_of(array)));
        group.bench_function(*name, |b| {
            b.iter(|| {
                let s = array.as_string::<i32>();
                black_box(s.iter().flatten().map(str::len).sum::<usize>())
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("one");
    for (detector, column) in [
        ("cn_resident_id", "resident_id"),
        ("cn_mobile", "mobile"),
        ("cn_uscc", "uscc"),
        ("cn_person_name", "name"),
        ("cn_address", "address"),
        ("cn_mobile", "remark_3pct_phones"),
    ] {
        let set = DetectorSet::only(&[detector]).expect("detector");
        let (_, array) = cols.iter().find(|(n, _)| *n == column).expect("column");
        group.throughput(Throughput::Bytes(bytes_of(array)));
        group.bench_function(format!("{detector}/{column}"), |b| {
            b.iter(|| black_box(observe(&set, array)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("prefilter");
    for name in ["remark_no_digits", "hex_hash", "english_note"] {
        let (_, array) = cols.iter().find(|(n, _)| *n == name).expect("column");
        group.throughput(Throughput::Bytes(bytes_of(array)));
        group.bench_function(name, |b| {
            b.iter(|| {
                let s = array.as_string::<i32>();
                black_box(
                    s.iter()
                        .flatten()
                        .fold(0u16, |m, v| m | mask_of(v.as_bytes())),
                )
            })
        });
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench
}
criterion_main!(benches);
